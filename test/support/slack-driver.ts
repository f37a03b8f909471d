// Plays Slack's side of the HTTP contract against the app's Bolt HTTPReceiver: it builds the
// payloads Slack sends for slash commands, modal submissions, block actions and Events API
// callbacks, signs them with the signing secret exactly as Slack does, and POSTs them over real
// HTTP to `${baseUrl}/slack/events`. With a fake Slack workspace attached (the FakeSlack itself, or
// one of its other workspaces), the response_urls and trigger_ids it puts in payloads are ones the
// fake serves and checks, so respond() and views.open work.

import { createHmac, randomBytes } from "node:crypto";
import { checkMessage, checkResponseAction, type Refusal } from "./block-kit-check.js";
import {
  DEFAULT_APP_ID,
  DEFAULT_BOT_ID,
  DEFAULT_BOT_USER_ID,
  DEFAULT_CHANNEL_ID,
  DEFAULT_TEAM_DOMAIN,
  DEFAULT_TEAM_ID,
  DEFAULT_USER_ID,
  type FakeWorkspace,
} from "./fake-slack.js";

export interface SlackDriverOptions {
  /** The app's HTTP base, e.g. http://127.0.0.1:PORT */
  baseUrl: string;
  signingSecret: string;
  teamId?: string;
  userId?: string;
  channelId?: string;
  /** Mints response_urls and trigger_ids, and supplies stored views/messages for interaction payloads. */
  fake?: FakeWorkspace;
  /** Path of Bolt's endpoint. Default "/slack/events". */
  path?: string;
  /** Per-request timeout. Default 10 s (Bolt answers an un-acked request with 404 after ~3 s). */
  timeoutMs?: number;
}

export interface DriverResponse {
  status: number;
  /** Raw response text ("" for a bare ack()). */
  body: string;
  /** The body parsed as JSON when it is JSON (ack({ response_action: ... }), url_verification). */
  json?: unknown;
  headers: Record<string, string>;
}

/** Options shared by every signed request. */
export interface SignedRequestOptions {
  /** Sets x-slack-retry-num, as Slack does when redelivering. */
  retryNum?: number;
  /** x-slack-retry-reason; default "http_timeout" when retryNum is set. */
  retryReason?: string;
  /** Extra headers, applied last: they can override the signature, timestamp or content-type. */
  headers?: Record<string, string>;
  /** Sign as of this Unix time (seconds) instead of now, e.g. to send a stale request. */
  timestampSeconds?: number;
}

export interface ActorOptions extends SignedRequestOptions {
  userId?: string;
  teamId?: string;
  channelId?: string;
}

export interface CommandOptions extends ActorOptions {
  /** Default "/sam". */
  command?: string;
  responseUrl?: string;
  triggerId?: string;
}

export interface ViewSubmissionInput {
  id?: string;
  callback_id: string;
  private_metadata?: string;
  state: { values: Record<string, Record<string, unknown>> };
  hash?: string;
  [key: string]: unknown;
}

export interface BlockActionInput {
  action_id: string;
  block_id?: string;
  value?: string;
  /** Element type; default "button". */
  type?: string;
  [key: string]: unknown;
}

export interface BlockActionOptions extends ActorOptions {
  container?: Record<string, unknown>;
  /** The message holding the button (at least its ts). Filled in from the fake when it posted it. */
  message?: { ts: string; [key: string]: unknown };
  /** For actions inside a modal or home tab: the view (at least its id). Filled in from the fake. */
  view?: { id: string; [key: string]: unknown };
  /** state.values of the message/view at click time. */
  state?: { values: Record<string, Record<string, unknown>> };
  responseUrl?: string;
  triggerId?: string;
}

export interface EventOptions extends SignedRequestOptions {
  eventId?: string;
  teamId?: string;
  /** Unix seconds; default now. */
  eventTime?: number;
}

export interface SlackDriver {
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string;
  command(text: string, opts?: CommandOptions): Promise<DriverResponse>;
  viewSubmission(
    view: ViewSubmissionInput,
    opts?: ActorOptions & { triggerId?: string },
  ): Promise<DriverResponse>;
  blockAction(action: BlockActionInput, opts?: BlockActionOptions): Promise<DriverResponse>;
  event(event: { type: string; [key: string]: unknown }, opts?: EventOptions): Promise<DriverResponse>;
  urlVerification(challenge: string, opts?: SignedRequestOptions): Promise<DriverResponse>;
  /** POST exactly this body with exactly these headers (no signing, no default content-type). */
  raw(body: string, headers: Record<string, string>): Promise<DriverResponse>;
  /** Slack's v0 signature headers for a body (timestamp default: now). */
  sign(body: string, timestampSeconds?: number): SlackSignatureHeaders;
}

export interface SlackSignatureHeaders {
  "x-slack-request-timestamp": string;
  "x-slack-signature": string;
}

/** Slack's deprecated verification token still rides in every payload; Bolt ignores it. */
const VERIFICATION_TOKEN = "fake-verification-token";
/** Bolt compares the content-type with ===, so no "; charset=…" suffix (fetch adds one for URLSearchParams bodies). */
const FORM = "application/x-www-form-urlencoded";

/**
 * Slack checks what the app answers in its ack as it checks a Web API call: a command's answer is
 * a message, a view_submission's is a response_action. The driver refuses it loudly, so a test
 * cannot pass on an answer Slack would show the user as an error.
 */
export class SlackRefusedAnswer extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly response: DriverResponse,
  ) {
    super(`Slack would refuse the app's answer (${refusal.error}): ${refusal.messages.join("; ")}`);
  }
}

function checkAnswer(response: DriverResponse, check: (answer: Record<string, unknown>) => Refusal | undefined): DriverResponse {
  const answer = response.json;
  if (response.status !== 200 || answer === null || typeof answer !== "object" || Array.isArray(answer)) return response;
  const refusal = check(answer as Record<string, unknown>);
  if (refusal) throw new SlackRefusedAnswer(refusal, response);
  return response;
}

/**
 * The element an action came from, as Slack describes it in `actions[]`: block_id, type and the
 * button's text come from the surface the app really sent, when the fake has it.
 */
function elementOf(blocks: unknown, actionId: string): Record<string, unknown> | undefined {
  for (const block of Array.isArray(blocks) ? (blocks as Array<Record<string, unknown>>) : []) {
    const elements = [
      ...(Array.isArray(block.elements) ? (block.elements as Array<Record<string, unknown>>) : []),
      ...(block.accessory ? [block.accessory as Record<string, unknown>] : []),
      ...(block.element ? [block.element as Record<string, unknown>] : []),
    ];
    const element = elements.find((candidate) => candidate?.action_id === actionId);
    if (element) {
      const { type, text, value } = element;
      return { type, ...(text !== undefined ? { text } : {}), ...(value !== undefined ? { value } : {}), ...(block.block_id ? { block_id: block.block_id } : {}) };
    }
  }
  return undefined;
}

/** HMAC-SHA256 over `v0:{ts}:{body}` with the signing secret, hex, prefixed `v0=` (Slack's scheme). */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac("sha256", signingSecret).update(`v0:${timestampSeconds}:${body}`).digest("hex");
  return { "x-slack-request-timestamp": String(timestampSeconds), "x-slack-signature": `v0=${digest}` };
}

export function createSlackDriver(options: SlackDriverOptions): SlackDriver {
  const { baseUrl, signingSecret, fake } = options;
  const endpoint = `${baseUrl.replace(/\/$/, "")}${options.path ?? "/slack/events"}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const teamId = options.teamId ?? fake?.teamId ?? DEFAULT_TEAM_ID;
  const userId = options.userId ?? DEFAULT_USER_ID;
  const channelId = options.channelId ?? DEFAULT_CHANNEL_ID;
  const appId = fake?.appId ?? DEFAULT_APP_ID;
  const teamDomain = fake?.teamDomain ?? DEFAULT_TEAM_DOMAIN;
  let sequence = 0;

  // Without a fake, these URLs refuse connections at once (port 9 = discard), so a respond()
  // fails fast instead of reaching the real Slack.
  const responseUrl = (kind: "commands" | "actions") =>
    fake?.responseUrl(kind) ?? `http://127.0.0.1:9/${kind}/${teamId}/${Date.now()}/${++sequence}`;
  const triggerId = () =>
    fake?.triggerId() ?? `${Date.now()}.${++sequence}.${randomBytes(16).toString("hex")}`;

  const userName = (id: string) => fake?.user(id)?.name ?? id.toLowerCase();
  const channelName = (id: string) =>
    fake?.channel(id)?.name ?? (id.startsWith("D") ? "directmessage" : id.toLowerCase());
  const userObject = (id: string, team: string) => ({
    id,
    username: userName(id),
    name: userName(id),
    team_id: team,
  });

  async function send(body: string, headers: Record<string, string>): Promise<DriverResponse> {
    const response = await fetch(endpoint, {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown;
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    return {
      status: response.status,
      body: text,
      ...(parsed !== undefined ? { json: parsed } : {}),
      headers: Object.fromEntries(response.headers.entries()),
    };
  }

  function signed(
    body: string,
    contentType: string,
    opts: SignedRequestOptions = {},
  ): Promise<DriverResponse> {
    const headers: Record<string, string> = {
      "content-type": contentType,
      ...signSlackRequest(signingSecret, body, opts.timestampSeconds),
    };
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = opts.retryReason ?? "http_timeout";
    } else if (opts.retryReason !== undefined) {
      headers["x-slack-retry-reason"] = opts.retryReason;
    }
    return send(body, { ...headers, ...opts.headers });
  }

  const interaction = (payload: Record<string, unknown>, opts: SignedRequestOptions) =>
    signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, opts);

  return {
    teamId,
    userId,
    channelId,

    command(text, opts = {}) {
      const team = opts.teamId ?? teamId;
      const user = opts.userId ?? userId;
      const channel = opts.channelId ?? channelId;
      // Field order and names as Slack posts them to a slash command's Request URL.
      const body = new URLSearchParams({
        token: VERIFICATION_TOKEN,
        team_id: team,
        team_domain: teamDomain,
        channel_id: channel,
        channel_name: channelName(channel),
        user_id: user,
        user_name: userName(user),
        command: opts.command ?? "/sam",
        text,
        api_app_id: appId,
        is_enterprise_install: "false",
        response_url: opts.responseUrl ?? responseUrl("commands"),
        trigger_id: opts.triggerId ?? triggerId(),
      }).toString();
      return signed(body, FORM, opts).then((response) =>
        checkAnswer(response, (answer) => (answer.text !== undefined || answer.blocks !== undefined ? checkMessage(answer) : undefined)),
      );
    },

    viewSubmission(view, opts = {}) {
      const team = opts.teamId ?? teamId;
      const user = opts.userId ?? userId;
      // Start from the view the app really opened (blocks, title, hash…) when the fake has it.
      const opened = view.id ? fake?.views().find((v) => v.id === view.id) : undefined;
      const id = view.id ?? `V0DRV${String(++sequence).padStart(6, "0")}`;
      const fullView = {
        type: "modal",
        blocks: [],
        title: { type: "plain_text", text: "SAM" },
        close: null,
        submit: { type: "plain_text", text: "Submit" },
        private_metadata: "",
        external_id: "",
        hash: `${Math.floor(Date.now() / 1000)}.drv${sequence}`,
        clear_on_close: false,
        notify_on_close: false,
        root_view_id: id,
        previous_view_id: null,
        app_id: appId,
        app_installed_team_id: team,
        bot_id: fake?.botId ?? DEFAULT_BOT_ID,
        ...opened,
        ...view,
        id,
        team_id: team,
      };
      return interaction(
        {
          type: "view_submission",
          team: { id: team, domain: teamDomain },
          user: userObject(user, team),
          api_app_id: appId,
          token: VERIFICATION_TOKEN,
          trigger_id: opts.triggerId ?? triggerId(),
          view: fullView,
          response_urls: [],
          is_enterprise_install: false,
          enterprise: null,
        },
        opts,
      ).then((response) => checkAnswer(response, (answer) => checkResponseAction(answer, fullView)));
    },

    blockAction(action, opts = {}) {
      const team = opts.teamId ?? teamId;
      const user = opts.userId ?? userId;
      const channel = opts.channelId ?? channelId;
      const now = Date.now() / 1000;
      const surface = opts.view
        ? fake?.views().find((v) => v.id === opts.view?.id)?.blocks
        : fake?.messages(channel).find((m) => m.ts === opts.message?.ts)?.blocks;
      const fullAction = {
        type: "button",
        block_id: `blk${++sequence}`,
        action_ts: now.toFixed(6),
        ...elementOf(surface, action.action_id),
        ...action,
      };
      const base = {
        type: "block_actions",
        user: userObject(user, team),
        api_app_id: appId,
        token: VERIFICATION_TOKEN,
        trigger_id: opts.triggerId ?? triggerId(),
        team: { id: team, domain: teamDomain },
        enterprise: null,
        is_enterprise_install: false,
        state: opts.state ?? { values: {} },
        actions: [fullAction],
      };
      if (opts.view) {
        // Actions inside modals carry the view and no channel, message or response_url.
        const stored = fake?.views().find((v) => v.id === opts.view?.id);
        const view = { ...stored, ...opts.view };
        return interaction(
          { ...base, container: opts.container ?? { type: "view", view_id: view.id }, view },
          opts,
        );
      }
      const ts = opts.message?.ts ?? `${Math.floor(now)}.000001`;
      const posted = fake?.messages(channel).find((m) => m.ts === ts);
      const message = {
        type: "message",
        ts,
        text: posted?.text ?? "",
        ...(posted
          ? {
              user: posted.user,
              bot_id: posted.bot_id,
              blocks: posted.blocks,
              ...(posted.thread_ts ? { thread_ts: posted.thread_ts } : {}),
            }
          : {}),
        ...opts.message,
      };
      return interaction(
        {
          ...base,
          container: opts.container ?? {
            type: "message",
            message_ts: ts,
            channel_id: channel,
            is_ephemeral: false,
          },
          channel: { id: channel, name: channelName(channel) },
          message,
          response_url: opts.responseUrl ?? responseUrl("actions"),
        },
        opts,
      );
    },

    event(event, opts = {}) {
      const team = opts.teamId ?? teamId;
      const eventTime = opts.eventTime ?? Math.floor(Date.now() / 1000);
      ++sequence;
      const envelope = {
        token: VERIFICATION_TOKEN,
        team_id: team,
        api_app_id: appId,
        event: { event_ts: `${eventTime}.${String(sequence).padStart(6, "0")}`, ...event },
        type: "event_callback",
        event_id: opts.eventId ?? `Ev0DRV${String(sequence).padStart(6, "0")}`,
        event_time: eventTime,
        authorizations: [
          {
            enterprise_id: null,
            team_id: team,
            user_id: fake?.botUserId ?? DEFAULT_BOT_USER_ID,
            is_bot: true,
            is_enterprise_install: false,
          },
        ],
        is_ext_shared_channel: false,
        event_context: `4-drv-${sequence}`,
      };
      return signed(JSON.stringify(envelope), "application/json", opts);
    },

    urlVerification(challenge, opts = {}) {
      const body = JSON.stringify({ token: VERIFICATION_TOKEN, challenge, type: "url_verification" });
      return signed(body, "application/json", opts);
    },

    raw(body, headers) {
      return send(body, headers);
    },

    sign(body, timestampSeconds) {
      return signSlackRequest(signingSecret, body, timestampSeconds);
    },
  };
}
