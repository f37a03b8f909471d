// A stats report (src/analytics/reports.ts) as outbox rows: its text first, then each chart as a
// PNG upload whose comment is the chart's figures in words and whose alt text says the same to a
// screen reader. Written by the caller's transaction, in order on the target's thread.
import type { Sql, TransactionSql } from "postgres";
import type { StatsReport } from "../analytics/reports.js";
import type { Clock } from "../clock.js";
import { notify, type OutboxTarget } from "./outbox.js";
import { escapeMrkdwn, mrkdwnWithin, plainText } from "./text.js";

/** Slack's limit on an image's alt text (files.getUploadURLExternal: alt_txt_too_large). */
const ALT_TEXT_LIMIT = 1000;
/** Our own limit on a chart's comment: its figures, not a wall of text. */
const COMMENT_LIMIT = 3000;

export async function postReport(
  sql: Sql | TransactionSql,
  clock: Clock,
  workspaceId: string,
  target: OutboxTarget,
  report: StatsReport,
): Promise<void> {
  await notify(sql, clock, { workspaceId, target, text: report.text });
  for (const chart of report.charts) {
    await notify(sql, clock, {
      workspaceId,
      target,
      text: mrkdwnWithin(escapeMrkdwn(chart.alt), COMMENT_LIMIT),
      file: {
        filename: chart.filename,
        title: chart.title,
        altText: plainText(chart.alt, ALT_TEXT_LIMIT),
        contentBase64: Buffer.from(chart.png).toString("base64"),
      },
    });
  }
}
