// The Settings button: opens the account's settings modal. Slack's trigger_id lasts 3 seconds,
// so the look-up before views.open is a single indexed query.
import type { AppContext } from "../context.js";
import { firstDelivery } from "../workspaces.js";
import { accountForWorkspace } from "./accounts.js";
import { type ButtonArgs, answerWithList, clickKey, workspaceOf } from "./interaction.js";
import { settingsModal } from "./settings-modal.js";

export function openSettingsAction(ctx: AppContext) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const workspaceId = await workspaceOf(ctx, body);
    if (!(await firstDelivery(ctx.sql, clickKey(body, action)))) return;
    const account = await accountForWorkspace(ctx.sql, workspaceId, action.value ?? "");
    if (!account) {
      await answerWithList(ctx, workspaceId, respond, "That account is not linked to this workspace.");
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: settingsModal(account, {
        accountId: account.id,
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
        ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      }, ctx.clock.now()),
    });
  };
}
