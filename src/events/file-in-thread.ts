// A .csv dropped into a campaign's thread is imported into that campaign.
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

export function registerFileInThread(app: App, ctx: AppContext): void {
  app.event("message", async ({ event, body }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs) => {
    const message = event as unknown as FileShareMessage;
    if (message.subtype !== "file_share" || !message.thread_ts || !message.files?.length || !message.user) return;
    const csv = message.files.filter((file) => file.filetype === "csv" || file.name?.toLowerCase().endsWith(".csv"));
    if (csv.length === 0) return;
    const workspaceId = await ensureWorkspace(ctx.sql, body.team_id);
    const [campaign] = await ctx.sql<{ id: string }[]>`
      select id from campaigns
      where workspace_id = ${workspaceId} and slack_channel_id = ${message.channel} and slack_thread_ts = ${message.thread_ts}`;
    if (!campaign) return;
    for (const file of csv) await queueImport(ctx, campaign.id, file.id, message.user);
  });
}
