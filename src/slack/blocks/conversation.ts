// Block Kit for a prospect's conversation in the campaign thread (and in the owner's DM): a reply
// notice with its label and the actions Reply, Mark as… and Open in LinkedIn; the lines for
// messages sent from Slack or typed by hand; the Reply modal. Built here only, typed with
// @slack/types; every outside text goes through src/slack/text.ts.
import type { ActionsBlock, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { ReplyLabel } from "../../classify/labels.js";
import { escapeMrkdwn, mrkdwnWithin, plainText } from "../text.js";

/** Characters of a message the thread quotes. */
export const QUOTE_CHARS = 300;
/**
 * The longest answer the Reply modal accepts. LinkedIn takes up to 8,000 characters in a message,
 * but Slack's plain_text_input allows a max_length of at most 3,000
 * (https://docs.slack.dev/reference/block-kit/block-elements/plain-text-input-element), so 3,000
 * it is: whatever the modal accepts, LinkedIn accepts.
 */
export const REPLY_MAX_CHARS = 3000;

export const REPLY_ACTION = "conversation_reply";
export const MARK_ACTION = "conversation_mark";
export const OPEN_ACTION = "conversation_open";
export const REPLY_CALLBACK = "conversation_reply_modal";
export const REPLY_BLOCK = "reply_text";
export const REPLY_INPUT = "value";

export const MARKS = [
  "interested",
  "not_interested",
  "meeting_booked",
  "wrong_person",
  "do_not_contact",
] as const;
export type Mark = (typeof MARKS)[number];

const MARK_TEXT: Record<Mark, string> = {
  interested: "Interested",
  not_interested: "Not interested",
  meeting_booked: "Meeting booked",
  wrong_person: "Wrong person",
  do_not_contact: "Do not contact",
};
const LABEL_TEXT: Record<ReplyLabel, string> = {
  interested: "interested",
  not_interested: "not interested",
  out_of_office: "out of office",
  unsubscribe: "asks to stop",
  referral: "points to someone else",
  question: "question",
  other: "other",
};

export function markText(mark: Mark): string {
  return MARK_TEXT[mark];
}

export function labelText(label: ReplyLabel): string {
  return LABEL_TEXT[label];
}

/** `>`-quoted, escaped, at most QUOTE_CHARS characters (code points) with "…" when cut. */
export function quote(text: string | null): string {
  if (!text?.trim()) return "_(no text: an attachment or a reaction)_";
  const chars = Array.from(text.trim());
  const cut = chars.length <= QUOTE_CHARS ? chars.join("") : `${chars.slice(0, QUOTE_CHARS).join("")}…`;
  return escapeMrkdwn(cut)
    .split("\n")
    .map((line) => `>${line}`)
    .join("\n");
}

export interface ReplyNotice {
  messageId: string;
  prospectName: string;
  linkedinUrl: string;
  text: string | null;
  label: ReplyLabel | null;
  confidence: number | null;
  labelSource: string | null;
  markedAs: Mark | null;
  markedBy: string | null;
  /** mrkdwn of our own making: what this reply did to the sequence. */
  effect: string;
  /** The reply's number in the conversation (1 for the first). */
  nth: number;
}

function labelLine(notice: ReplyNotice): string {
  const parts: string[] = [];
  if (notice.label) {
    const percent = notice.confidence == null ? "" : ` ${Math.round(notice.confidence * 100)}%`;
    const by = notice.labelSource === "llm" ? ", LLM" : "";
    parts.push(`Label: *${labelText(notice.label)}*${percent && ` (${percent.trim()}${by})`}`);
  }
  if (notice.markedAs) {
    parts.push(
      `Marked as *${markText(notice.markedAs)}*${notice.markedBy ? ` by <@${escapeMrkdwn(notice.markedBy)}>` : ""}`,
    );
  }
  return parts.join(" · ") || "Label: none";
}

export function replyNoticeText(notice: ReplyNotice): string {
  const who = escapeMrkdwn(notice.prospectName);
  const head = notice.nth > 1 ? `:speech_balloon: *${who}* wrote again` : `:speech_balloon: *${who}* replied`;
  return mrkdwnWithin(`${head} — ${notice.effect}\n${quote(notice.text)}`, 3000);
}

export function conversationActions(
  messageId: string,
  linkedinUrl: string,
  markedAs: Mark | null,
): ActionsBlock {
  const options: PlainTextOption[] = MARKS.map((mark) => ({
    text: { type: "plain_text", text: markText(mark) },
    value: `${messageId}:${mark}`,
  }));
  const initial = markedAs ? options[MARKS.indexOf(markedAs)] : undefined;
  return {
    type: "actions",
    block_id: `conversation:${messageId}`,
    elements: [
      {
        type: "button",
        action_id: REPLY_ACTION,
        style: "primary",
        text: { type: "plain_text", text: "Reply" },
        value: messageId,
      },
      {
        type: "static_select",
        action_id: MARK_ACTION,
        placeholder: { type: "plain_text", text: "Mark as…" },
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
      ...(/^https:\/\/www\.linkedin\.com\//.test(linkedinUrl) && linkedinUrl.length <= 3000
        ? [
            {
              type: "button" as const,
              action_id: OPEN_ACTION,
              text: { type: "plain_text" as const, text: "Open in LinkedIn" },
              url: linkedinUrl,
            },
          ]
        : []),
    ],
  };
}

export function replyNoticeBlocks(notice: ReplyNotice): KnownBlock[] {
  return [
    { type: "section", text: { type: "mrkdwn", text: replyNoticeText(notice) } },
    { type: "context", elements: [{ type: "mrkdwn", text: mrkdwnWithin(labelLine(notice), 3000) }] },
    conversationActions(notice.messageId, notice.linkedinUrl, notice.markedAs),
  ];
}

export function replyModal(input: {
  messageId: string;
  prospectName: string;
  lastText: string | null;
}): ModalView {
  return {
    type: "modal",
    callback_id: REPLY_CALLBACK,
    private_metadata: JSON.stringify({ messageId: input.messageId }),
    title: { type: "plain_text", text: "Reply on LinkedIn" },
    submit: { type: "plain_text", text: "Send" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: mrkdwnWithin(
            `To *${escapeMrkdwn(input.prospectName)}*, who wrote:\n${quote(input.lastText)}`,
            3000,
          ),
        },
      },
      {
        type: "input",
        block_id: REPLY_BLOCK,
        label: { type: "plain_text", text: plainText(`Your answer to ${input.prospectName}`, 150) },
        hint: {
          type: "plain_text",
          text: `Up to ${REPLY_MAX_CHARS.toLocaleString("en-US")} characters. It is sent at once from the campaign's LinkedIn account and counts toward its daily messages.`,
        },
        element: {
          type: "plain_text_input",
          action_id: REPLY_INPUT,
          multiline: true,
          min_length: 1,
          max_length: REPLY_MAX_CHARS,
        },
      },
    ],
  };
}

export interface CardMessage {
  direction: "inbound" | "outbound";
  origin: "prospect" | "by_hand" | "slack";
  text: string | null;
  at: Date;
  label: ReplyLabel | null;
  markedAs: Mark | null;
  sentBy: string | null;
}

/** Messages the conversation message shows: the latest exchange. */
export const CARD_MESSAGES = 4;
const CARD_QUOTE_CHARS = 200;

function cardQuote(text: string | null): string {
  if (!text?.trim()) return "_(no text)_";
  const chars = Array.from(text.trim().replace(/\s+/g, " "));
  const cut =
    chars.length <= CARD_QUOTE_CHARS ? chars.join("") : `${chars.slice(0, CARD_QUOTE_CHARS).join("")}…`;
  return `>${escapeMrkdwn(cut)}`;
}

function cardLine(message: CardMessage, prospectName: string, formatAt: (at: Date) => string): string {
  const who =
    message.direction === "inbound"
      ? `*${escapeMrkdwn(prospectName)}*`
      : message.origin === "slack" && message.sentBy
        ? `<@${escapeMrkdwn(message.sentBy)}> from Slack`
        : "typed on LinkedIn";
  const tag = message.markedAs
    ? ` · _${markText(message.markedAs)}_`
    : message.label
      ? ` · _${labelText(message.label)}_`
      : "";
  return `${message.direction === "inbound" ? ":arrow_left:" : ":arrow_right:"} ${who} · ${formatAt(message.at)}${tag}\n${cardQuote(message.text)}`;
}

/**
 * The one message per prospect in the campaign thread, edited as the conversation goes on: how
 * many messages, the latest exchange, and the actions on the latest reply.
 */
export function conversationCard(input: {
  prospectName: string;
  linkedinUrl: string;
  total: number;
  latest: CardMessage[];
  latestInboundId: string | null;
  latestInboundMark: Mark | null;
  formatAt: (at: Date) => string;
}): { text: string; blocks: KnownBlock[] } {
  const who = escapeMrkdwn(input.prospectName);
  const head = `:busts_in_silhouette: *Conversation with ${who}* · ${input.total} message${input.total === 1 ? "" : "s"}`;
  const shown = input.latest.slice(-CARD_MESSAGES);
  const earlier = input.total - shown.length;
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: mrkdwnWithin(head, 3000) } },
  ];
  if (earlier > 0)
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `${earlier} earlier message${earlier === 1 ? "" : "s"} not shown` }],
    });
  for (const message of shown) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: mrkdwnWithin(cardLine(message, input.prospectName, input.formatAt), 3000),
      },
    });
  }
  if (input.latestInboundId)
    blocks.push(conversationActions(input.latestInboundId, input.linkedinUrl, input.latestInboundMark));
  const last = shown.at(-1);
  const text = mrkdwnWithin(
    `${head}${last ? `\n${cardLine(last, input.prospectName, input.formatAt)}` : ""}`,
    3000,
  );
  return { text, blocks };
}
