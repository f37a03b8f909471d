// Drains one ordering key of the Slack outbox (a campaign's thread, a channel, a user's App
// Home): oldest first, one at a time, so a thread reads in order. A failed message holds back
// the ones after it until it goes through; a message Slack will never accept is marked failed.
import type { WebClient } from "@slack/web-api";
import type { JobHelpers } from "graphile-worker";
import type { TransactionSql } from "postgres";
import { wallClock } from "../clock.js";
import type { AppContext } from "../context.js";
import { resolveCampaignChannel } from "../slack/channel.js";
import { slackFor } from "../slack/clients.js";
import { armDelivery, fileBytes, type OutboxFile, type OutboxTarget } from "../slack/outbox.js";

export interface DeliverSlackPayload {
  orderingKey: string;
}

interface OutboxRow {
  id: string;
  /** Whether the row's workspace holds its notices (the app is not installed there now). */
  held: boolean;
  /** The campaign's thread (channel and root ts) as this transaction reads it; null outside a campaign. */
  thread_channel: string | null;
  thread_ts: string | null;
  workspace_id: string | null;
  method: string;
  attempts: number;
  not_before: Date;
  campaign_id: string | null;
  payload: {
    target: OutboxTarget;
    text: string;
    blocks: unknown[] | null;
    file: OutboxFile | null;
  };
}

const TRANSIENT_PLATFORM_ERRORS = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "ratelimited",
  "team_added_to_org",
  "channel_not_found",
  // The app was uninstalled or its token revoked, and Slack's event saying so has not been
  // handled yet: the workspace's notices are then held (src/slack/access.ts), never dropped.
  "account_inactive",
  "token_revoked",
  "invalid_auth",
]);
/** A real-time backoff: 2 s, 4 s, … up to 10 minutes; Slack outages are waited out, not given up on. */
const backoffMs = (attempts: number) => Math.min(600_000, 1000 * 2 ** Math.min(attempts, 10));
const MAX_ATTEMPTS = 200;
const CHANNEL_MISSING_TRIES = 6;
const lastPostByChannel = new Map<string, number>();

type Outcome = { kind: "sent" } | { kind: "retry"; delayMs: number; error: string } | { kind: "failed"; error: string };

function classifySlackError(error: unknown, attempts: number): Outcome {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  if (e.code === "slack_webapi_rate_limited_error") {
    return { kind: "retry", delayMs: Math.max(1, e.retryAfter ?? 1) * 1000, error: "ratelimited" };
  }
  if (e.code === "slack_webapi_http_error" || e.code === "slack_webapi_request_error") {
    return { kind: "retry", delayMs: backoffMs(attempts), error: `${e.code} ${e.statusCode ?? ""}`.trim() };
  }
  const platform = e.data?.error;
  // A missing channel may be created or the app invited soon; after a few tries it is a setup
  // problem, and the rest of the thread must not wait behind it for a day.
  if (platform === "channel_not_found" && attempts >= CHANNEL_MISSING_TRIES) return { kind: "failed", error: platform };
  if (platform && TRANSIENT_PLATFORM_ERRORS.has(platform)) {
    return { kind: "retry", delayMs: backoffMs(attempts), error: platform };
  }
  if (platform) return { kind: "failed", error: platform };
  return { kind: "retry", delayMs: backoffMs(attempts), error: e.message ?? String(error) };
}

/** Thrown before a post that would come too soon after the last one to its channel. */
class NotYet extends Error {
  constructor(readonly delayMs: number) {
    super("paced");
  }
}

/**
 * About one post a second per channel (Slack's guidance). A post that would come too soon is
 * not waited for here: the job comes back later, so no worker or connection sits idle.
 */
async function paced<T>(channel: string, pacingMs: number, post: () => Promise<T>): Promise<T> {
  const wait = (lastPostByChannel.get(channel) ?? 0) + pacingMs - Date.now();
  if (wait > 0) throw new NotYet(wait);
  lastPostByChannel.set(channel, Date.now());
  try {
    return await post();
  } finally {
    // Counted from the answer, not the request: a post that took long to reach Slack must not
    // arrive closer than the pacing to the next one.
    lastPostByChannel.set(channel, Date.now());
  }
}

/** The campaign's thread, read with the row (the outbox row's campaign is its target's). */
const campaignThread = (row: OutboxRow) => ({ slack_channel_id: row.thread_channel, slack_thread_ts: row.thread_ts });

async function send(ctx: AppContext, slack: WebClient, tx: TransactionSql, row: OutboxRow): Promise<unknown> {
  const { target, text, blocks } = row.payload;
  const content = blocks ? { text, blocks: blocks as never[] } : { text };
  switch (target.kind) {
    case "home":
      return slack.views.publish({ user_id: target.user, view: { type: "home", blocks: (blocks ?? []) as never[] } });
    case "ephemeral":
      return paced(target.channel, ctx.config.SLACK_PACING_MS, () =>
        slack.chat.postEphemeral({ channel: target.channel, user: target.user, ...content }),
      );
    case "channel": {
      const { file } = row.payload;
      if (file) {
        // A file outside any campaign (the do-not-contact export), with the text as its comment.
        return paced(target.channel, ctx.config.SLACK_PACING_MS, () => uploadFile(slack, target.channel, null, file, text));
      }
      return paced(target.channel, ctx.config.SLACK_PACING_MS, () => slack.chat.postMessage({ channel: target.channel, ...content }));
    }
    case "sam_channel": {
      const channel = await resolveCampaignChannel(slack, row.workspace_id, ctx.config.SAM_CHANNEL);
      const { file } = row.payload;
      // A chart of the workspace's weekly report, with its figures as the comment.
      if (file) return paced(channel, ctx.config.SLACK_PACING_MS, () => uploadFile(slack, channel, null, file, text));
      return paced(channel, ctx.config.SLACK_PACING_MS, () => slack.chat.postMessage({ channel, ...content }));
    }
    case "conversation": {
      const thread = campaignThread(row);
      const [card] = await tx<{ slack_channel_id: string; slack_ts: string }[]>`
        select slack_channel_id, slack_ts from conversation_cards where prospect_id = ${target.prospectId}`;
      // Editing posts nothing new, so it is not paced.
      if (card) return slack.chat.update({ channel: card.slack_channel_id, ts: card.slack_ts, ...content });
      const channel = thread.slack_channel_id ?? (await resolveCampaignChannel(slack, row.workspace_id, ctx.config.SAM_CHANNEL));
      return paced(channel, ctx.config.SLACK_PACING_MS, async () => {
        const posted = await slack.chat.postMessage({ channel, thread_ts: thread.slack_thread_ts ?? undefined, ...content });
        if (posted.ts) {
          await tx`insert into conversation_cards (prospect_id, slack_channel_id, slack_ts)
                   values (${target.prospectId}, ${posted.channel ?? channel}, ${posted.ts}) on conflict (prospect_id) do nothing`;
        }
        return posted;
      });
    }
    case "campaign_root":
    case "campaign_thread": {
      const thread = campaignThread(row);
      const channel = thread.slack_channel_id ?? (await resolveCampaignChannel(slack, row.workspace_id, ctx.config.SAM_CHANNEL));
      // Editing the root message posts nothing new, so it is not paced.
      const edit = target.kind === "campaign_root" && row.method === "chat.update" && thread.slack_thread_ts;
      if (edit) return slack.chat.update({ channel, ts: edit, ...content });
      return paced(channel, ctx.config.SLACK_PACING_MS, () => postInCampaignThread(slack, tx, row, target, channel, thread));
    }
  }
}

/** A new message in the campaign's channel: the root (its ts becomes the thread), a reply, or a file. */
async function postInCampaignThread(
  slack: WebClient,
  tx: TransactionSql,
  row: OutboxRow,
  target: { kind: "campaign_root" | "campaign_thread"; campaignId: string },
  channel: string,
  thread: { slack_thread_ts: string | null },
): Promise<unknown> {
  const { text, blocks, file } = row.payload;
  const content = blocks ? { text, blocks: blocks as never[] } : { text };
  if (file) {
    return uploadFile(slack, channel, thread.slack_thread_ts, file, text);
  }
  if (target.kind === "campaign_root" && !thread.slack_thread_ts) {
    const posted = await slack.chat.postMessage({ channel, ...content });
    await tx`update campaigns set slack_channel_id = ${posted.channel ?? channel}, slack_thread_ts = ${posted.ts ?? null}
             where id = ${target.campaignId}`;
    return posted;
  }
  return slack.chat.postMessage({ channel, thread_ts: thread.slack_thread_ts ?? undefined, ...content });
}

export async function deliverSlack(payload: DeliverSlackPayload, ctx: AppContext, _helpers: JobHelpers): Promise<void> {
  // Without Slack credentials the outbox keeps everything until the app is started with them.
  if (!ctx.slack) return;
  const key = payload.orderingKey;
  for (;;) {
    const next = await ctx.sql.begin(async (tx) => {
      // One statement: the key's drain lock (one drainer per key at a time, across processes),
      // then, if taken, its next two rows with what delivering them needs (whether the workspace
      // holds its notices, the campaign's thread). Two rows: when this is the key's only one, the
      // drain ends with it instead of a transaction more that finds nothing. A row queued
      // meanwhile arms a job of its own (graphile-worker gives a running job's key to a new one).
      const found = await tx<(Partial<OutboxRow> & { locked: boolean })[]>`
        with lock as (select pg_try_advisory_xact_lock(hashtext(${`slack:${key}`})) as ok)
        select lock.ok as locked, o.id, o.workspace_id, o.method, o.attempts, o.not_before, o.campaign_id, o.payload,
               coalesce(w.slack_access_lost_at is not null, false) as held,
               c.slack_channel_id as thread_channel, c.slack_thread_ts as thread_ts
        from lock
        left join lateral (
          select * from slack_outbox where lock.ok and ordering_key = ${key} and status = 'pending' order by id limit 2
        ) o on true
        left join workspaces w on w.id = o.workspace_id
        left join campaigns c on c.id = o.campaign_id
        order by o.id`;
      if (!found[0]?.locked) return { kind: "busy" } as const;
      const [row, following] = found.filter((one): one is OutboxRow & { locked: boolean } => one.id != null);
      if (!row) return { kind: "empty" } as const;
      const done = following ? ({ kind: "continue" } as const) : ({ kind: "empty" } as const);
      // Held until the workspace installs the app again, which re-arms this key.
      if (row.held) return { kind: "held" } as const;
      // OAuth mode: the app holds no token for this workspace (not installed yet); its install re-arms this key.
      const slack = await slackFor(ctx, row.workspace_id);
      if (!slack) return { kind: "held" } as const;
      const waitMs = row.not_before.getTime() - wallClock().getTime();
      if (waitMs > 0) return { kind: "later", delayMs: waitMs } as const;
      let outcome: Outcome;
      let result: unknown = null;
      try {
        result = await send(ctx, slack.client, tx, row);
        outcome = { kind: "sent" };
      } catch (error) {
        if (error instanceof NotYet) return { kind: "later", delayMs: error.delayMs } as const;
        outcome = classifySlackError(error, row.attempts);
        if (outcome.kind === "retry" && row.attempts + 1 >= MAX_ATTEMPTS) outcome = { kind: "failed", error: outcome.error };
      }
      if (outcome.kind === "sent") {
        const summary = result && typeof result === "object" ? { ts: (result as { ts?: string }).ts ?? null } : null;
        await tx`update slack_outbox set status = 'sent', sent_at = ${wallClock()}, attempts = attempts + 1,
                 result = ${tx.json(summary as never)} where id = ${row.id}`;
        return done;
      }
      if (outcome.kind === "failed") {
        ctx.log.warn("slack message refused", { outboxId: row.id, error: outcome.error });
        await tx`update slack_outbox set status = 'failed', attempts = attempts + 1, last_error = ${outcome.error}
                 where id = ${row.id}`;
        return done;
      }
      await tx`update slack_outbox set attempts = attempts + 1, last_error = ${outcome.error},
               not_before = ${new Date(wallClock().getTime() + outcome.delayMs)} where id = ${row.id}`;
      return { kind: "later", delayMs: outcome.delayMs } as const;
    });
    if (next.kind === "continue") continue;
    if (next.kind === "empty" || next.kind === "held") return;
    // Busy (another drainer) or waiting: come back later rather than hold a worker.
    await armDelivery(ctx.sql, key, ctx.clock, next.kind === "busy" ? 1000 : next.delayMs);
    return;
  }
}

/** An outbox file, uploaded with the message's text as its comment; in the thread when there is one. */
function uploadFile(slack: WebClient, channel: string, threadTs: string | null, file: OutboxFile, comment: string) {
  const upload = {
    channel_id: channel,
    file: fileBytes(file),
    filename: file.filename,
    title: file.title ?? file.filename,
    initial_comment: comment,
    ...(file.altText ? { alt_text: file.altText } : {}),
  };
  return slack.files.uploadV2(threadTs ? { ...upload, thread_ts: threadTs } : upload);
}
