// `/sam export <campaign>`: a CSV of the campaign's prospects with their statuses, sent times
// and errors, uploaded into the campaign's thread by a job. Cells are neutralised against spreadsheet
// formula injection by toCsv.
import type { Sql } from "postgres";
import { type Campaign, handleOf } from "../campaigns/campaigns.js";
import { enqueue } from "../db/job-queue.js";
import { toCsv } from "../prospects/csv.js";
import { postInThread } from "../slack/notices.js";
import { campaignCommand, ephemeral } from "./campaign-command.js";
import { escapeMrkdwn, plainText } from "../slack/text.js";

export const EXPORT_COLUMNS = [
  "first_name",
  "last_name",
  "linkedin_url",
  "company_name",
  "title",
  "status",
  "status_reason",
  "connection_degree",
  "messages_sent",
  "last_sent_at",
  "connection_accepted_at",
  "replied_at",
  "variants",
  "errors",
];

export async function exportRows(sql: Sql, campaignId: string): Promise<string[][]> {
  const rows = await sql<Record<string, string | number | Date | null>[]>`
    select p.first_name, p.last_name, p.linkedin_url, p.company_name, p.title, p.status, p.status_reason,
           p.connection_degree, p.connection_accepted_at, p.replied_at,
           count(q.id) filter (where q.status = 'sent')::int as messages_sent,
           max(q.sent_at) as last_sent_at,
           -- A/B/n variants (issue 16): the letter of each message that has one, e.g. "follow_up_1: B".
           string_agg(q.message_type || ': ' || q.variant, '; ' order by q.step)
             filter (where q.variant is not null) as variants,
           string_agg(q.message_type || ': ' || q.error_message, '; ' order by q.step)
             filter (where q.error_message is not null) as errors
    from campaign_prospects p left join send_queue q on q.prospect_id = p.id
    where p.campaign_id = ${campaignId}
    group by p.id order by p.source_row nulls last, p.created_at`;
  const cell = (value: string | number | Date | null | undefined) =>
    value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  return [EXPORT_COLUMNS, ...rows.map((row) => EXPORT_COLUMNS.map((column) => cell(row[column])))];
}

export async function exportCampaign(sql: Sql, clock: Parameters<typeof postInThread>[1], campaign: Campaign, user: string) {
  const rows = await exportRows(sql, campaign.id);
  await postInThread(sql, clock, campaign, `Export of ${escapeMrkdwn(campaign.name)} requested by <@${user}>: ${rows.length - 1} prospects.`, {
    // The byte order mark makes Excel read the file as UTF-8 (names like Zoë, quotes like “…”).
    file: { filename: `${handleOf(campaign)}-prospects.csv`, content: `\uFEFF${toCsv(rows)}`, title: plainText(`${campaign.name} prospects`, 255) },
  });
}

export const exportCommand = campaignCommand("export", async ({ ctx, args, workspaceId, campaign }) => {
  await args.ack(ephemeral(`Preparing the export of *${escapeMrkdwn(campaign.name)}*; it will appear in the campaign's thread.`));
  // The file is built by a job (src/jobs/export-campaign.ts): at 100,000 prospects it takes seconds.
  await enqueue(
    ctx.sql,
    "export-campaign",
    { workspaceId, campaignId: campaign.id, requestedBy: args.command.user_id },
    { maxAttempts: 3 },
    ctx.clock,
  );
});
