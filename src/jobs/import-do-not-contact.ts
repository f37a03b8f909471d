// Imports a do-not-contact CSV uploaded through `/sam dnc import`: download with the workspace's
// bot token, read it (src/do-not-contact/csv.ts), add every valid entry and stop whom they name
// in one transaction (all or nothing), and report to the uploader like the prospect import does:
// counts, then the rows not added with their row numbers and reasons. The same file is imported
// into a workspace's list once, however often the job runs.
import type { JobHelpers } from "graphile-worker";
import type { AppContext } from "../context.js";
import { parseDncCsv, MAX_DNC_BYTES } from "../do-not-contact/csv.js";
import { addAndStop } from "../do-not-contact/entries.js";
import { plainCause, UserFacingError } from "../internal-error.js";
import { slackFor } from "../slack/clients.js";
import { downloadSlackFile, SlackFileRefusal, slackFileInfo } from "../slack/files.js";
import { notify, type OutboxTarget } from "../slack/outbox.js";
import { escapeMrkdwn } from "../slack/text.js";
import { safeText } from "../safe-text.js";
import { firstDelivery } from "../workspaces.js";
import type { Sql, TransactionSql } from "postgres";

export interface ImportDoNotContactPayload {
  workspaceId: string;
  fileId: string;
  requestedBy: string;
  /** Where `/sam dnc import` was typed: the report is ephemeral there; null → a direct message. */
  channel: string | null;
}

const SHOWN_ROWS = 10;
const importKey = (workspaceId: string, fileId: string) => `dnc-import:${workspaceId}:${fileId}`;

function targetOf(payload: ImportDoNotContactPayload): OutboxTarget {
  return payload.channel
    ? { kind: "ephemeral", channel: payload.channel, user: payload.requestedBy }
    : { kind: "channel", channel: payload.requestedBy };
}

export async function importDoNotContact(payload: ImportDoNotContactPayload, ctx: AppContext, helpers: JobHelpers): Promise<void> {
  try {
    await importFile(payload, ctx);
  } catch (error) {
    if (helpers.job.attempts >= helpers.job.max_attempts) {
      const cause = plainCause(ctx.log, "do-not-contact import failed on its last try", error, { file: payload.fileId });
      await notify(ctx.sql, ctx.clock, {
        workspaceId: payload.workspaceId,
        target: targetOf(payload),
        text: `The do-not-contact file ${escapeMrkdwn(payload.fileId)} could not be imported after ${helpers.job.attempts} tries (${escapeMrkdwn(cause)}). Nothing from it was added; upload it again with \`/sam dnc import\`.`,
      });
    }
    throw error;
  }
}

async function importFile(payload: ImportDoNotContactPayload, ctx: AppContext): Promise<void> {
  const tell = (sql: Sql | TransactionSql, text: string) => notify(sql, ctx.clock, { workspaceId: payload.workspaceId, target: targetOf(payload), text });
  const slack = await slackFor(ctx, payload.workspaceId);
  if (!slack) throw new UserFacingError("the app is not installed in this workspace; the file cannot be downloaded yet");
  if ((await ctx.sql`select 1 from slack_requests where key = ${importKey(payload.workspaceId, payload.fileId)}`).length > 0) return;
  let fileName = payload.fileId;
  let parsed: Awaited<ReturnType<typeof parseDncCsv>>;
  try {
    const info = await slackFileInfo(slack.client, payload.fileId);
    fileName = info.name;
    if (info.size > MAX_DNC_BYTES) {
      await tell(ctx.sql, `${escapeMrkdwn(info.name)} is ${(info.size / 1048576).toFixed(1)} MB; the limit is 10 MB. Split the file and upload the parts.`);
      return;
    }
    parsed = await parseDncCsv(await downloadSlackFile(slack.token, info));
  } catch (error) {
    if (error instanceof SlackFileRefusal) {
      await tell(ctx.sql, escapeMrkdwn(error.message));
      return;
    }
    throw error;
  }
  if (!parsed.ok) {
    await tell(ctx.sql, `${escapeMrkdwn(fileName)} was not imported into the do-not-contact list: ${escapeMrkdwn(parsed.error)}`);
    return;
  }
  await ctx.sql.begin(async (tx) => {
    if (!(await firstDelivery(tx, importKey(payload.workspaceId, payload.fileId)))) return;
    const { added, cancelled } = await addAndStop(tx, ctx, payload.workspaceId, parsed.entries, {
      reason: `imported from ${safeText(fileName, 100)}`,
      addedBy: payload.requestedBy,
      source: "csv",
    });
    const already = parsed.entries.length - added;
    const lines = [
      `*Added ${added} entr${added === 1 ? "y" : "ies"} to the do-not-contact list* from ${escapeMrkdwn(fileName)} (${parsed.totalDataRows} data rows, ${parsed.format === "prospects" ? "prospect CSV: people only" : "one column"}).`,
      `• already on the list: ${already}`,
      `• duplicates: ${parsed.duplicates}${parsed.duplicates > 0 ? " (repeated in the file; each entry is added once)" : ""}`,
      `• invalid: ${parsed.invalid.length}`,
      `• stopped: ${cancelled.prospects} prospect(s), ${cancelled.rows} pending message(s) cancelled in ${cancelled.campaignIds.length} campaign(s)`,
    ];
    if (parsed.invalid.length > 0) {
      lines.push("", `*First ${Math.min(SHOWN_ROWS, parsed.invalid.length)} of ${parsed.invalid.length} rows not added:*`);
      for (const problem of parsed.invalid.slice(0, SHOWN_ROWS)) lines.push(`• row ${problem.row} (invalid): ${escapeMrkdwn(problem.reason)}`);
      if (parsed.invalid.length > SHOWN_ROWS) {
        lines.push(`…and ${parsed.invalid.length - SHOWN_ROWS} more. Fix them and upload the file again: entries already added are not added twice.`);
      }
    }
    await tell(tx, lines.join("\n"));
  });
}
