// The Reconnect button (in `/sam accounts` and in a campaign thread's pause notice): asks Unipile
// for a hosted link of type reconnect for that account and shows it to the clicking user only.
// The button's value is the account's row id, checked against the clicker's workspace, so no id
// reaches another workspace's account.
import type { AppContext } from "../context.js";
import { firstDelivery } from "../workspaces.js";
import { accountForWorkspace } from "./accounts.js";
import { hostedLinkMessage } from "./connect-messages.js";
import { requestHostedLink } from "./hosted-link.js";
import { type ButtonArgs, clickKey, linkAsker, workspaceOf } from "./interaction.js";

export function reconnectAccountAction(ctx: AppContext) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const workspaceId = await workspaceOf(ctx, body);
    if (!(await firstDelivery(ctx.sql, clickKey(body, action)))) return;
    // Never replace_original: the button may sit on a campaign thread's notice, which must stay.
    const answer = { response_type: "ephemeral", replace_original: false } as const;
    const account = await accountForWorkspace(ctx.sql, workspaceId, action.value ?? "");
    if (!account) {
      await respond({ ...answer, text: "That account is not linked to this workspace, so it cannot be reconnected from here." });
      return;
    }
    const link = await requestHostedLink(ctx, linkAsker(workspaceId, body), {
      accountId: account.id,
      unipileAccountId: account.unipile_account_id,
    });
    await respond({
      ...answer,
      ...(link.ok ? hostedLinkMessage(link.url, { type: "reconnect", accountName: account.name }) : { text: link.message }),
    });
  };
}
