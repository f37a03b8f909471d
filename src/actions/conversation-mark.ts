// A reply notice's Mark as… menu: a person overrides the reply's label. The mark is kept with who,
// when and what the classifier had said (reply_marks: evaluation data), the sequence stops (a
// person is handling the conversation; an out-of-office reply may have left it running), and
// "Do not contact" puts the person on the workspace's do-not-contact list. Only within the
// clicking user's workspace, whatever ids the payload carries.
import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { Campaign } from "../campaigns/campaigns.js";
import type { AppContext } from "../context.js";
import { refreshConversationCard } from "../conversations/messages.js";
import { conversationInWorkspace } from "../conversations/slack-reply.js";
import { completeIfDone } from "../delivery/digest.js";
import { stopForReply } from "../delivery/replies.js";
import { addProspectToDoNotContact } from "../do-not-contact/add-prospect.js";
import { labelText, MARK_ACTION, MARKS, type Mark, markText } from "../slack/blocks/conversation.js";
import { postInThread, refreshAfterCommit } from "../slack/notices.js";
import { escapeMrkdwn } from "../slack/text.js";
import type { ReplyLabel } from "../classify/labels.js";
import { ensureWorkspace } from "../workspaces.js";
import { answerPrivately } from "./campaign-buttons.js";

type Args = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

export function parseMark(value: string | undefined): { messageId: string; mark: Mark } | null {
  const match = /^(\d{1,18}):([a-z_]+)$/.exec(value ?? "");
  if (!match || !(MARKS as readonly string[]).includes(match[2]!)) return null;
  return { messageId: match[1]!, mark: match[2] as Mark };
}

export function registerConversationMark(app: App, ctx: AppContext): void {
  app.action(MARK_ACTION, async (args: Args) => {
    await args.ack();
    const { body } = args;
    const selected = (args.action as { selected_option?: { value?: string } }).selected_option?.value;
    const workspaceId = await ensureWorkspace(ctx.sql, body.team?.id ?? body.user.team_id ?? "");
    const parsed = parseMark(selected);
    const conversation = parsed
      ? await conversationInWorkspace(ctx.sql, workspaceId, parsed.messageId)
      : null;
    if (!parsed || !conversation) {
      await answerPrivately(ctx, args, workspaceId, "That conversation is not in this workspace.");
      return;
    }
    const user = body.user.id;
    await ctx.sql.begin(async (tx) => {
      const now = ctx.clock.now();
      await tx`
        insert into reply_marks (workspace_id, message_id, mark, original_label, original_confidence, original_source, marked_by, marked_at)
        values (${workspaceId}, ${conversation.message_id}, ${parsed.mark}, ${conversation.label}, ${conversation.confidence},
                ${conversation.label_source}, ${user}, ${now})`;
      await tx`update conversation_messages set marked_as = ${parsed.mark}, marked_by = ${user}, marked_at = ${now}
               where id = ${conversation.message_id}`;
      if (parsed.mark === "do_not_contact") {
        const listed = await addProspectToDoNotContact(tx, ctx, {
          workspaceId,
          prospectId: conversation.prospect_id,
          reason: `marked Do not contact by <@${user}>`,
          addedBy: user,
        });
        for (const campaignId of listed.campaignIds) await completeIfDone(tx, ctx, campaignId);
      }
      await stopForReply(tx, ctx, conversation.prospect_id, {
        text: conversation.text,
        at: now,
        byOwner: false,
        notice: false,
      });
      const [campaign] = await tx<Campaign[]>`select * from campaigns where id = ${conversation.campaign_id}`;
      if (campaign) {
        const was = conversation.label
          ? ` (the classifier said ${labelText(conversation.label as ReplyLabel)})`
          : "";
        const name = escapeMrkdwn(`${conversation.first_name} ${conversation.last_name}`.trim());
        const dnc = parsed.mark === "do_not_contact" ? " They are on the do-not-contact list now." : "";
        await postInThread(
          tx,
          ctx,
          campaign,
          `:label: <@${escapeMrkdwn(user)}> marked *${name}*'s reply as *${markText(parsed.mark)}*${was}.${dnc}`,
        );
        await refreshConversationCard(tx, ctx, conversation.prospect_id);
        await refreshAfterCommit(tx, ctx, { campaignIds: [campaign.id], workspaceIds: [] });
      }
    });
  });
}
