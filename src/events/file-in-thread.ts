// A .csv dropped into a campaign's thread is imported into that campaign. A spreadsheet dropped
// there is taken too, so that its sender hears why it cannot be imported (the import job
// recognises the workbook and asks for "CSV UTF-8") instead of hearing nothing.
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { queueImport } from "../views/import-prospects.js";
import { ensureWorkspace } from "../workspaces.js";

interface FileShareMessage {
  subtype?: string;
  thread_ts?: string;
  channel: string;
  user?: string;
  files?: Array<{ id: string; name?: string; filetype?: string }>;
}

/** CSV (and TSV) files, and the spreadsheets people drop in their place. */
const IMPORTABLE = /^(csv|tsv|xlsx|xls|ods|numbers)$/i;

export function registerFileInThread(app: App, ctx: AppContext): void {
  app.event("message", async ({ event, body }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs) => {
    const message = event as unknown as FileShareMessage;
    if (message.subtype !== "file_share" || !message.thread_ts || !message.files?.length || !message.user) return;
    const csv = message.files.filter(
      (file) => IMPORTABLE.test(file.filetype ?? "") || IMPORTABLE.test(file.name?.split(".").pop() ?? ""),
    );
    if (csv.length === 0) return;
    const workspaceId = await ensureWorkspace(ctx.sql, body.team_id);
    const [campaign] = await ctx.sql<{ id: string }[]>`
      select id from campaigns
      where workspace_id = ${workspaceId} and slack_channel_id = ${message.channel} and slack_thread_ts = ${message.thread_ts}`;
    if (!campaign) return;
    for (const file of csv) await queueImport(ctx, campaign.id, file.id, message.user);
  });
}
