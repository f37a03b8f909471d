// Imports a CSV shared in Slack into a campaign: download with the workspace's bot token, parse as a stream,
// import in one transaction, report in the campaign's thread. The same file is imported into a
// campaign once, however often Slack delivers it.
import type { JobHelpers } from "graphile-worker";
import { type Campaign, handleOf } from "../campaigns/campaigns.js";
import { importIntoCampaign, missingColumns } from "../campaigns/import.js";
import { importReport } from "../campaigns/import-report.js";
import type { AppContext } from "../context.js";
import { plainCause, UserFacingError } from "../internal-error.js";
import { DEFAULT_MAX_BYTES, parseProspectCsv } from "../prospects/csv.js";
import { slackFor } from "../slack/clients.js";
import { downloadSlackFile, SlackFileRefusal, slackFileInfo } from "../slack/files.js";
import { postInThread, refreshCampaignRoot, refreshHomes } from "../slack/notices.js";
import { firstDelivery } from "../workspaces.js";
import { escapeMrkdwn } from "../slack/text.js";

export interface ImportProspectsPayload {
  campaignId: string;
  fileId: string;
  requestedBy: string;
}

const LARGE_FILE_BYTES = 1024 * 1024;

/** Recorded in the import's own transaction: this file was imported into this campaign. */
const importKey = (campaignId: string, fileId: string) => `import:${campaignId}:${fileId}`;

export async function importProspects(payload: ImportProspectsPayload, ctx: AppContext, helpers: JobHelpers): Promise<void> {
  try {
    await importFile(payload, ctx);
  } catch (error) {
    // The last try: say so rather than let the file vanish without a word.
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${payload.campaignId}`;
      if (campaign) {
        // The thread gets a plain cause and a reference; the error itself goes to the log.
        const cause = plainCause(ctx.log, "import failed on its last try", error, { campaign: campaign.id, file: payload.fileId });
        await postInThread(ctx.sql, ctx, campaign,
          `<@${payload.requestedBy}> the file ${escapeMrkdwn(payload.fileId)} could not be imported after ${helpers.job.attempts} tries ` +
            `(${escapeMrkdwn(cause)}). Nothing from it was stored; upload it again.`);
      }
    }
    throw error;
  }
}

async function importFile(payload: ImportProspectsPayload, ctx: AppContext): Promise<void> {
  const [campaign] = await ctx.sql<Campaign[]>`select * from campaigns where id = ${payload.campaignId}`;
  if (!campaign) return;
  const tell = (text: string, file?: { filename: string; content: string }) =>
    postInThread(ctx.sql, ctx, campaign, text, file ? { file } : {});
  const slack = await slackFor(ctx, campaign.workspace_id);
  if (!slack) {
    throw new UserFacingError("Slack is not configured (or the app is not installed in this workspace); the file cannot be downloaded yet");
  }
  // Run again after a crash that came after the import's commit: it is done, say nothing twice.
  if ((await ctx.sql`select 1 from slack_requests where key = ${importKey(campaign.id, payload.fileId)}`).length > 0) return;
  if (campaign.status === "cancelled" || campaign.status === "completed") {
    await tell(`Prospects cannot be added to a ${campaign.status} campaign.`);
    return;
  }
  let parsed: Awaited<ReturnType<typeof parseProspectCsv>>;
  let fileName = payload.fileId;
  try {
    const info = await slackFileInfo(slack.client, payload.fileId);
    fileName = info.name;
    if (info.size > DEFAULT_MAX_BYTES) {
      await tell(`<@${payload.requestedBy}> ${escapeMrkdwn(info.name)} is ${(info.size / 1048576).toFixed(1)} MB; the limit is 10 MB. Split the file and upload the parts.`);
      return;
    }
    if (info.size > LARGE_FILE_BYTES) await tell(`Importing ${escapeMrkdwn(info.name)} (${(info.size / 1048576).toFixed(1)} MB)…`);
    parsed = await parseProspectCsv(await downloadSlackFile(slack.token, info));
  } catch (error) {
    if (error instanceof SlackFileRefusal) {
      await tell(`<@${payload.requestedBy}> ${escapeMrkdwn(error.message)}`);
      return;
    }
    throw error;
  }
  if (!parsed.ok) {
    await tell(`<@${payload.requestedBy}> ${escapeMrkdwn(fileName)} was not imported: ${escapeMrkdwn(parsed.error)}`);
    return;
  }
  const missing = missingColumns(campaign.message_templates, parsed.customFields);
  if (missing) {
    await tell(`<@${payload.requestedBy}> ${escapeMrkdwn(fileName)} was not imported: ${escapeMrkdwn(missing)}`);
    return;
  }
  await ctx.sql.begin(async (tx) => {
    if (!(await firstDelivery(tx, importKey(campaign.id, payload.fileId)))) return;
    const summary = await importIntoCampaign(tx, campaign, parsed, ctx.clock.now());
    const report = importReport(fileName, summary);
    await postInThread(tx, ctx, campaign, report.text);
    if (report.errorCsv) {
      await postInThread(tx, ctx, campaign, `Rows of ${escapeMrkdwn(fileName)} not imported`, {
        file: { filename: `${handleOf(campaign)}-import-errors.csv`, content: report.errorCsv },
      });
    }
    await refreshCampaignRoot(tx, ctx, campaign.id);
    await refreshHomes(tx, ctx, campaign.workspace_id);
  });
}
