// Commands that act on one campaign (`/sam status c12`, `/sam launch Q4 update`): they resolve
// the campaign within the caller's workspace, or answer with the closest names and the help.
import { type Campaign, findCampaign, handleOf } from "../campaigns/campaigns.js";
import { HELP_TEXT } from "./help.js";
import type { Subcommand, SubcommandInput } from "./sam.js";

export type CampaignSubcommand = (input: SubcommandInput & { campaign: Campaign; rest: string }) => Promise<void>;

export function ephemeral(text: string, blocks?: unknown[]) {
  return { response_type: "ephemeral" as const, text, ...(blocks ? { blocks: blocks as never[] } : {}) };
}

/** Wraps a handler with campaign lookup. `split` cuts extra words off the reference (e.g. " from "). */
export function campaignCommand(name: string, handler: CampaignSubcommand, split?: RegExp): Subcommand {
  return async (input) => {
    const [reference = "", extra = ""] = split ? input.rest.split(split, 2) : [input.rest];
    if (!reference.trim()) {
      await input.args.ack(ephemeral(`Which campaign? Usage: \`/sam ${name} <campaign>\` (a handle like c12, or its name).`));
      return;
    }
    const found = await findCampaign(input.ctx.sql, input.workspaceId, reference);
    if (!found.campaign) {
      const suggestions = found.suggestions.map((campaign) => `\`${handleOf(campaign)}\` ${campaign.name}`);
      const hint = suggestions.length > 0 ? `Closest: ${suggestions.join(", ")}.\n\n` : "";
      const shown = reference.trim().replace(/^["“”']|["“”']$/g, "");
      await input.args.ack(ephemeral(`No campaign “${shown}” in this workspace. ${hint}${HELP_TEXT}`));
      return;
    }
    await handler({ ...input, campaign: found.campaign, rest: extra.trim() });
  };
}
