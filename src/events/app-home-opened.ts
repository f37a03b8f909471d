// App Home: remember who looks at it, and show them the workspace's campaigns.
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { refreshHomes } from "../slack/notices.js";
import { ensureWorkspace } from "../workspaces.js";

export function registerAppHomeOpened(app: App, ctx: AppContext): void {
  app.event("app_home_opened", async ({ event, body }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) => {
    if (event.tab !== "home") return;
    const workspaceId = await ensureWorkspace(ctx.sql, body.team_id);
    await ctx.sql.begin(async (tx) => {
      await tx`insert into home_viewers (workspace_id, user_id) values (${workspaceId}, ${event.user})
               on conflict (workspace_id, user_id) do update set last_opened_at = now()`;
      await refreshHomes(tx, ctx, workspaceId, event.user);
    });
  });
}
