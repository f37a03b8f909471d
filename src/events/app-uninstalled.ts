// app_uninstalled and tokens_revoked: the workspace can no longer hear from the app, so its
// campaigns stop sending (src/slack/access.ts). Only the bot token matters: the app holds no
// user tokens, so a tokens_revoked that names only user (oauth) tokens changes nothing.
import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { slackAccessLost } from "../slack/access.js";

export function registerAppUninstalled(app: App, ctx: AppContext): void {
  app.event("app_uninstalled", async ({ body }: SlackEventMiddlewareArgs<"app_uninstalled"> & AllMiddlewareArgs) => {
    await slackAccessLost(ctx, body.team_id, "uninstalled");
  });
  app.event("tokens_revoked", async ({ event, body }: SlackEventMiddlewareArgs<"tokens_revoked"> & AllMiddlewareArgs) => {
    if (!event.tokens.bot?.length) return;
    await slackAccessLost(ctx, body.team_id, "revoked");
  });
}
