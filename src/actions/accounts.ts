// Buttons of `/sam accounts`: connect, link, reconnect, unlink, edit settings (Reconnect also sits
// on a thread's pause notice). Each listener lives in src/accounts/.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACCOUNT_ACTIONS } from "../accounts/account-list.js";
import { connectAccountAction } from "../accounts/connect-account-action.js";
import type { ButtonArgs } from "../accounts/interaction.js";
import { linkAccountAction } from "../accounts/link-account-action.js";
import { openSettingsAction } from "../accounts/open-settings-action.js";
import { reconnectAccountAction } from "../accounts/reconnect-account-action.js";
import { unlinkAccountAction } from "../accounts/unlink-account-action.js";
import { WARM_UP_ACTIONS } from "../accounts/warm-up-settings.js";
import type { AppContext } from "../context.js";

const LISTENERS: Array<[actionId: string, listener: (ctx: AppContext) => (args: ButtonArgs) => Promise<void>]> = [
  [ACCOUNT_ACTIONS.link, linkAccountAction],
  [ACCOUNT_ACTIONS.unlink, unlinkAccountAction],
  [ACCOUNT_ACTIONS.settings, openSettingsAction],
  [ACCOUNT_ACTIONS.connect, connectAccountAction],
  [ACCOUNT_ACTIONS.reconnect, reconnectAccountAction],
];

export function registerAccountActions(app: App, ctx: AppContext): void {
  for (const [actionId, listener] of LISTENERS) {
    app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: actionId }, listener(ctx));
  }
  // Choosing in the settings modal's warm-up box or ramp select: read on submission, nothing to do now.
  for (const actionId of Object.values(WARM_UP_ACTIONS)) {
    app.action({ type: "block_actions", action_id: actionId }, async ({ ack }) => {
      await ack();
    });
  }
  // A link button opens its URL in the browser; Slack still sends the click, which wants an ack.
  app.action({ type: "block_actions", action_id: ACCOUNT_ACTIONS.openLink }, async ({ ack }) => {
    await ack();
  });
}
