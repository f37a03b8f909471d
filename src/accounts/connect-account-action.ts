// The "Connect a LinkedIn account" button of `/sam accounts`: asks Unipile for a hosted sign-in
// link for the clicking user and shows it to them only. The account is linked later, when
// Unipile calls back (hosted-auth-callback.ts). A button Slack delivers twice asks once.
import type { AppContext } from "../context.js";
import { firstDelivery } from "../workspaces.js";
import { hostedLinkMessage } from "./connect-messages.js";
import { requestHostedLink } from "./hosted-link.js";
import { type ButtonArgs, clickKey, linkAsker, workspaceOf } from "./interaction.js";

export function connectAccountAction(ctx: AppContext) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const workspaceId = await workspaceOf(ctx, body);
    if (!(await firstDelivery(ctx.sql, clickKey(body, action)))) return;
    const link = await requestHostedLink(ctx, linkAsker(workspaceId, body), null);
    // A new message beside the list (which stays), visible to the clicking user only.
    await respond({
      response_type: "ephemeral",
      replace_original: false,
      ...(link.ok ? hostedLinkMessage(link.url, { type: "create" }) : { text: link.message }),
    });
  };
}
