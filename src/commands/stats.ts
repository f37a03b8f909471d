// `/sam stats`: the figures people would rather look at than read (issue 17).
//   /sam stats                          the workspace: campaigns, totals, best campaigns, the week's
//                                       trend, accounts (text, answered ephemerally)
//   /sam stats <campaign>               the campaign's figures and 4 charts, posted in its thread
//   /sam stats weekly on|off            every weekly report of the workspace (on by default)
//   /sam stats weekly on|off <campaign> one campaign's weekly report
//   /sam stats weekly zone <time zone>  where Monday 09:00 is for the workspace's report in SAM_CHANNEL
// Both answers are computed off the ack path (src/answers/after-ack.ts, src/jobs/stats-report.ts).
import { IANAZone } from "luxon";
import { queueAnswer } from "../answers/after-ack.js";
import { queueStatsReport } from "../jobs/stats-report.js";
import { escapeMrkdwn } from "../slack/text.js";
import { echoedName } from "./argument-limit.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";
import type { SubcommandInput } from "./sam.js";

export const STATS_USAGE =
  "Usage: `/sam stats` (the workspace) · `/sam stats &lt;campaign&gt;` (figures and charts in its thread) · " +
  "`/sam stats weekly on|off [&lt;campaign&gt;]` (Monday 09:00 reports) · `/sam stats weekly zone &lt;time zone&gt;`.";

const campaignStatsCommand = campaignCommand("stats", async ({ ctx, args, workspaceId, campaign }) => {
  await args.ack(
    ephemeral(`Working on the stats of *${escapeMrkdwn(campaign.name)}*; they will appear in its thread with 4 charts.`),
  );
  await queueStatsReport(ctx, { workspaceId, campaignId: campaign.id, responseUrl: args.command.response_url });
});

function weeklyCampaignCommand(on: boolean) {
  return campaignCommand("stats weekly on|off", async ({ ctx, args, campaign }) => {
    await ctx.sql`update campaigns set weekly_report = ${on}, updated_at = now()
                  where id = ${campaign.id} and workspace_id = ${campaign.workspace_id}`;
    const name = `*${escapeMrkdwn(campaign.name)}*`;
    await args.ack(
      ephemeral(
        on
          ? `${name} will get its weekly report in its thread on Mondays at 09:00 (${escapeMrkdwn(campaign.time_zone)}) while it is active.`
          : `${name} will get no more weekly reports.`,
      ),
    );
  });
}

async function weeklyCommand(input: SubcommandInput, words: string[]): Promise<void> {
  const { ctx, args, workspaceId } = input;
  const [choice = "", ...rest] = words;
  const action = choice.toLowerCase();
  if (action === "zone") {
    const zone = rest.join(" ");
    if (rest.length !== 1 || !IANAZone.isValidZone(zone)) {
      await args.ack(
        ephemeral(`\`zone\` takes one IANA time zone such as Europe/Berlin${zone ? `, not \`${escapeMrkdwn(echoedName(zone))}\`` : ""}.`),
      );
      return;
    }
    await ctx.sql`update workspaces set weekly_report_time_zone = ${zone} where id = ${workspaceId}`;
    await args.ack(ephemeral(`The workspace's weekly report will be posted on Mondays at 09:00 ${escapeMrkdwn(zone)} time.`));
    return;
  }
  const on = action === "on";
  if (rest.length > 0) {
    await weeklyCampaignCommand(on)({ ...input, rest: rest.join(" ") });
    return;
  }
  await ctx.sql`update workspaces set weekly_reports = ${on} where id = ${workspaceId}`;
  await args.ack(
    ephemeral(
      on
        ? "Weekly reports are on: each active campaign's in its thread and the workspace's in the SAM channel, on Mondays at 09:00."
        : "Weekly reports are off for the whole workspace. `/sam stats weekly on` turns them on again.",
    ),
  );
}

export async function statsCommand(input: SubcommandInput): Promise<void> {
  const { ctx, args, workspaceId, rest } = input;
  const words = rest.split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    await args.ack(ephemeral("Counting the workspace's figures; they will appear here in a moment."));
    await queueAnswer(ctx, { question: "stats", workspaceId, replyTo: { responseUrl: args.command.response_url } });
    return;
  }
  // "weekly on|off|zone …" is a setting; any other text names a campaign (even one called "weekly x").
  if (words[0]!.toLowerCase() === "weekly" && /^(on|off|zone)$/i.test(words[1] ?? "")) {
    await weeklyCommand(input, words.slice(1));
    return;
  }
  if (words.length === 1 && words[0]!.toLowerCase() === "weekly") {
    await args.ack(ephemeral(STATS_USAGE));
    return;
  }
  await campaignStatsCommand(input);
}
