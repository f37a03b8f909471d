// `/sam launch|pause|resume|cancel|retry <campaign>`.
import { applyControl, type Control, refusal } from "../campaigns/controls.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";
import { escapeMrkdwn } from "../slack/text.js";

export function controlCommand(control: Control) {
  return campaignCommand(control, async ({ ctx, args, campaign }) => {
    const refused = refusal(control, campaign);
    if (refused) {
      await args.ack(ephemeral(refused));
      return;
    }
    const done = await applyControl(ctx, campaign, control, args.command.user_id);
    await args.ack(ephemeral(done ?? `*${escapeMrkdwn(campaign.name)}* changed meanwhile; see \`/sam status ${escapeMrkdwn(campaign.name)}\`.`));
  });
}
