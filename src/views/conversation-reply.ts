// The Reply modal's submission: the answer is recorded once per modal (its view id) and sent by
// the send-slack-reply job (src/conversations/slack-reply.ts). An account that cannot send now
// (cooling down, disconnected) is said on the text field, the modal stays open with the text,
// and nothing is recorded: the person sends again when it can.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { accountRefusal, conversationInWorkspace, requestReply } from "../conversations/slack-reply.js";
import type { AccountRow } from "../planning/rules.js";
import { REPLY_BLOCK, REPLY_CALLBACK, REPLY_INPUT, REPLY_MAX_CHARS } from "../slack/blocks/conversation.js";
import { ensureWorkspace } from "../workspaces.js";

/** Field errors are plain text in Slack (no mrkdwn): our own markup is taken out. */
const plain = (text: string) =>
  text.replace(/[*`]/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function registerConversationReplyView(app: App, ctx: AppContext): void {
  app.view(REPLY_CALLBACK, async ({ ack, view, body }: SlackViewMiddlewareArgs & AllMiddlewareArgs) => {
    const error = (text: string) =>
      ack({ response_action: "errors", errors: { [REPLY_BLOCK]: text.slice(0, 2000) } });
    const text = (
      (view.state.values[REPLY_BLOCK]?.[REPLY_INPUT] as { value?: string | null } | undefined)?.value ?? ""
    ).trim();
    if (!text) return void (await error("Write an answer first."));
    if (Array.from(text).length > REPLY_MAX_CHARS)
      return void (await error(`At most ${REPLY_MAX_CHARS} characters.`));
    let meta: { messageId?: unknown; channel?: unknown } = {};
    try {
      meta = JSON.parse(view.private_metadata || "{}");
    } catch {
      meta = {};
    }
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? view.team_id);
    const conversation =
      typeof meta.messageId === "string"
        ? await conversationInWorkspace(ctx.sql, workspaceId, meta.messageId)
        : null;
    if (!conversation?.account_id) return void (await error("That conversation is not in this workspace."));
    const [account] = await ctx.sql<AccountRow[]>`
      select * from workspace_accounts where id = ${conversation.account_id} and workspace_id = ${workspaceId}`;
    if (!account)
      return void (await error("The campaign's LinkedIn account is not linked to this workspace any more."));
    const refusal = accountRefusal(account, ctx.clock.now());
    if (refusal) return void (await error(plain(`Not sent: ${refusal}`)));
    await requestReply(ctx, {
      workspaceId,
      prospectId: conversation.prospect_id,
      accountId: account.id,
      viewId: view.id,
      text,
      requestedBy: body.user.id,
      replyChannel: typeof meta.channel === "string" ? meta.channel : null,
    });
    await ack();
  });
}
