// Where Slack is told. Every message the app sends to Slack is first written to slack_outbox,
// in the same transaction as the change it reports, and delivered by the deliver-slack job:
// in order per thread, paced per channel, retried with backoff through Slack outages and 429s.
// Campaign work never waits for Slack, and a notice arrives late rather than never.

import { type Clock, wallClock } from "../clock.js";
import { enqueue } from "../db/job-queue.js";
import { cleanJson } from "../safe-text.js";
import type { Queryable } from "../db/queryable.js";

/**
 * A file a message carries, uploaded with the message as its comment: text (an export, `content`
 * as utf8) or bytes (a chart's PNG, `contentBase64`: jsonb holds no raw bytes). `altText` is the
 * image's description for screen readers (Slack's limit: 1,000 characters).
 */
export type OutboxFile = { filename: string; title?: string; altText?: string } & (
  | { content: string; contentBase64?: never }
  | { contentBase64: string; content?: never }
);

/** The bytes to upload: utf8 text or decoded base64. */
export function fileBytes(file: OutboxFile): Buffer {
  return file.contentBase64 !== undefined ? Buffer.from(file.contentBase64, "base64") : Buffer.from(file.content, "utf8");
}

/** Where a message goes. Campaign targets are resolved at delivery, once the root message exists. */
export type OutboxTarget =
  | { kind: "campaign_root"; campaignId: string }
  | { kind: "campaign_thread"; campaignId: string }
  /** A prospect's conversation message in the campaign thread: posted once, then edited (conversation_cards). */
  | { kind: "conversation"; campaignId: string; prospectId: string }
  | { kind: "channel"; channel: string }
  /** SAM_CHANNEL itself (resolved and joined at delivery): notices about the deployment, not a campaign. */
  | { kind: "sam_channel" }
  | { kind: "ephemeral"; channel: string; user: string }
  | { kind: "home"; user: string };

export interface OutboxMessage {
  /** Null for a notice about the deployment itself (e.g. the Unipile webhook), which no workspace owns. */
  workspaceId: string | null;
  target: OutboxTarget;
  text: string;
  blocks?: unknown[];
  /** For files.uploadV2: the file to attach in the thread. */
  file?: OutboxFile;
}

function orderingKey(target: OutboxTarget): string {
  switch (target.kind) {
    case "campaign_root":
    case "campaign_thread":
    case "conversation":
      // A campaign's root message and its replies share one order: the root goes first.
      return `campaign:${target.campaignId}`;
    case "channel":
      return `channel:${target.channel}`;
    case "sam_channel":
      return "sam_channel";
    case "ephemeral":
      return `ephemeral:${target.channel}:${target.user}`;
    case "home":
      return `home:${target.user}`;
  }
}

function methodFor(message: OutboxMessage, update: boolean): string {
  if (message.file) return "files.uploadV2";
  if (message.target.kind === "home") return "views.publish";
  if (message.target.kind === "ephemeral") return "chat.postEphemeral";
  return update ? "chat.update" : "chat.postMessage";
}

export function deliveryJobKey(key: string): string {
  return `slack:${key}`;
}

/** Make sure a delivery job will drain this key, now or after a real-time delay. */
export async function armDelivery(sql: Queryable, key: string, clock: Clock, realDelayMs = 0): Promise<void> {
  await enqueue(
    sql,
    "deliver-slack",
    { orderingKey: key },
    { jobKey: deliveryJobKey(key), realDelayMs, maxAttempts: 50 },
    clock,
  );
}

/** Queue one message for Slack. */
export async function notify(sql: Queryable, clock: Clock, message: OutboxMessage): Promise<void> {
  await write(sql, clock, message, false);
}

/**
 * Replace the campaign's root message (or a user's App Home). Only the newest content matters,
 * so an update still waiting in the outbox is superseded rather than sent twice.
 */
export async function refresh(sql: Queryable, clock: Clock, message: OutboxMessage): Promise<void> {
  await write(sql, clock, message, true);
}

/**
 * The stored payload, with NUL and lone surrogates removed from every string: jsonb refuses them,
 * and that refusal would undo the whole transaction whose change this notice reports.
 */
function slackPayload(message: OutboxMessage): unknown {
  const clean = cleanJson({
    target: message.target,
    text: message.text,
    blocks: message.blocks ?? null,
    file: message.file ?? null,
  });
  // Block Kit nests a handful of levels; deeper is a bug in the code that built the message.
  if (!clean.ok) throw new Error(`Slack message not queued: its blocks are ${clean.reason}`);
  return clean.value;
}

async function write(sql: Queryable, clock: Clock, message: OutboxMessage, update: boolean): Promise<void> {
  const key = orderingKey(message.target);
  const method = methodFor(message, update);
  const campaignId = "campaignId" in message.target ? message.target.campaignId : null;
  const payload = slackPayload(message);
  // An update supersedes one of the same target still waiting (a campaign's root and its
  // conversation messages share one ordering key), in the statement that queues it.
  await sql`
    with superseded as (
      delete from slack_outbox
      where ${update} and ordering_key = ${key} and method = ${method} and status = 'pending' and attempts = 0
        and payload->'target' = ${sql.json(message.target as never)}::jsonb
    )
    insert into slack_outbox (workspace_id, campaign_id, ordering_key, method, payload, not_before)
    values (${message.workspaceId}, ${campaignId}, ${key}, ${method}, ${sql.json(payload as never)}, ${wallClock()})`;
  await armDelivery(sql, key, clock);
}
