// A reply notice's Reply button: opens the Reply modal for that prospect, only when the notice
// belongs to the clicking user's workspace (whatever id the payload carries).
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { AppContext } from "../context.js";
import { conversationInWorkspace } from "../conversations/slack-reply.js";
import { REPLY_ACTION, replyModal } from "../slack/blocks/conversation.js";
import { ensureWorkspace } from "../workspaces.js";
import { answerPrivately } from "./campaign-buttons.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function registerConversationReply(app: App, ctx: AppContext): void {
  app.action(REPLY_ACTION, async (args: Args) => {
    await args.ack();
    const { body } = args;
    const value = (args.action as { value?: string }).value ?? "";
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? body.user.team_id ?? "");
    const conversation = await conversationInWorkspace(ctx.sql, workspaceId, value);
    if (!conversation) {
      await answerPrivately(ctx, args, workspaceId, "That conversation is not in this workspace.");
      return;
    }
    const view = replyModal({
      messageId: conversation.message_id,
      prospectName: `${conversation.first_name} ${conversation.last_name}`.trim(),
      lastText: conversation.text,
    });
    const channel = body.channel?.id ?? body.container?.channel_id ?? null;
    view.private_metadata = JSON.stringify({ messageId: conversation.message_id, channel });
    await args.client.views.open({ trigger_id: body.trigger_id, view });
  });
}
