// Commands that act on one campaign (`/sam status c12`, `/sam launch Q4 update`): they resolve
// the campaign within the caller's workspace, or answer with the closest names and the help.
import { type CampaignMatches, lookupCampaigns, normaliseReference } from "../campaigns/campaign-lookup.js";
import { type Campaign, handleOf } from "../campaigns/campaigns.js";
import { HELP_TEXT } from "./help.js";
import type { Subcommand, SubcommandInput } from "./sam.js";
import { escapeMrkdwn } from "../slack/text.js";

export type CampaignSubcommand = (
  input: SubcommandInput & { campaign: Campaign; rest: string; matches: CampaignMatches },
) => Promise<void>;

export function ephemeral(text: string, blocks?: unknown[]) {
  return { response_type: "ephemeral" as const, text, ...(blocks ? { blocks: blocks as never[] } : {}) };
}

/**
 * The ways to read "<campaign>[ <split> <extra>]": the whole text first (a campaign may be called
 * "Leads from London"), then the text cut at each occurrence of `split`, keeping all that follows.
 */
function readings(text: string, split?: RegExp): Array<[reference: string, extra: string]> {
  const cuts: Array<[string, string]> = [];
  if (split) {
    for (const match of text.matchAll(new RegExp(split.source, "gi"))) {
      cuts.push([text.slice(0, match.index), text.slice(match.index + match[0].length)]);
    }
  }
  return [[text, ""], ...cuts];
}

/**
 * Wraps a handler with campaign lookup. `split` cuts extra words off the reference (e.g. " from ");
 * every reading, and every extra, is looked up in the same single query (`matches`).
 */
export function campaignCommand(name: string, handler: CampaignSubcommand, split?: RegExp): Subcommand {
  return async (input) => {
    const options = readings(input.rest, split);
    // The reading the usage describes (before the first `split`) names an unknown campaign.
    const [reference] = options[1] ?? options[0]!;
    if (!normaliseReference(reference)) {
      await input.args.ack(ephemeral(`Which campaign? Usage: \`/sam ${name} &lt;campaign&gt;\` (a handle like c12, or its name).`));
      return;
    }
    const matches = await lookupCampaigns(input.ctx.sql, input.workspaceId, options.flat(), reference);
    for (const [candidate, extra] of options) {
      const campaign = matches.find(candidate);
      if (campaign) {
        await handler({ ...input, campaign, rest: extra.trim(), matches });
        return;
      }
    }
    const closest = matches.suggestions(reference).map((campaign) => `\`${handleOf(campaign)}\` ${escapeMrkdwn(campaign.name)}`);
    const hint = closest.length > 0 ? `Closest: ${closest.join(", ")}.\n\n` : "";
    await input.args.ack(ephemeral(`No campaign “${escapeMrkdwn(normaliseReference(reference))}” in this workspace. ${hint}${HELP_TEXT}`));
  };
}
