// The Unlink button: removes the workspace's link to an account, unless a campaign that is
// launching, active or paused still sends from it (those are named, so the user knows what to
// finish or cancel first).
import { handleOf } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { firstDelivery } from "../workspaces.js";
import { escapeMrkdwn } from "../slack/text.js";
import { type CampaignUsingAccount, unlinkAccount } from "./accounts.js";
import { type ButtonArgs, answerWithList, clickKey, workspaceOf } from "./interaction.js";

export function unlinkAccountAction(ctx: AppContext) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const workspaceId = await workspaceOf(ctx, body);
    if (!(await firstDelivery(ctx.sql, clickKey(body, action)))) return;
    const result = await unlinkAccount(ctx.sql, workspaceId, action.value ?? "");
    let notice: string;
    if (result.outcome === "not_linked") {
      notice = "That account is not linked to this workspace.";
    } else if (result.outcome === "in_use") {
      notice =
        `:no_entry: *${escapeMrkdwn(result.account.name)}* is still used by ${campaignList(result.campaigns)}. ` +
        "Cancel those campaigns (`/sam cancel &lt;campaign&gt;`) or let them complete, then unlink it.";
    } else {
      notice = `Unlinked *${escapeMrkdwn(result.account.name)}*. Campaigns that used it keep their history.`;
    }
    await answerWithList(ctx, workspaceId, respond, notice);
  };
}

function campaignList(campaigns: CampaignUsingAccount[]): string {
  const names = campaigns.map(
    (campaign) => `${handleOf(campaign)} “${escapeMrkdwn(campaign.name)}” (${campaign.status})`,
  );
  return `${campaigns.length === 1 ? "the campaign" : "the campaigns"} ${names.join(", ")}`;
}
