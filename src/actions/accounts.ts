// Buttons of `/sam accounts`: link, unlink, edit settings. Each listener lives in src/accounts/.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACCOUNT_ACTIONS } from "../accounts/account-list.js";
import { linkAccountAction } from "../accounts/link-account-action.js";
import { openSettingsAction } from "../accounts/open-settings-action.js";
import { unlinkAccountAction } from "../accounts/unlink-account-action.js";
import type { AppContext } from "../context.js";

export function registerAccountActions(app: App, ctx: AppContext): void {
  app.action<BlockAction<ButtonAction>>(
    { type: "block_actions", action_id: ACCOUNT_ACTIONS.link },
    linkAccountAction(ctx),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: "block_actions", action_id: ACCOUNT_ACTIONS.unlink },
    unlinkAccountAction(ctx),
  );
  app.action<BlockAction<ButtonAction>>(
    { type: "block_actions", action_id: ACCOUNT_ACTIONS.settings },
    openSettingsAction(ctx),
  );
}
