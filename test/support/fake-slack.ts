// A fake of Slack's Web API (and of the few non-API URLs Slack hands out: file downloads,
// upload URLs, response_urls) on a loopback node:http server. It speaks the same wire format as
// slack.com so that a real @slack/web-api WebClient — and therefore a real Bolt App — pointed at
// `apiUrl` with `slackApiUrl` works unchanged. A real server (not a fetch mock) is used because
// Bolt's WebClient and its respond() both use global fetch, which interception mocks cover poorly.
//
// It models only what SAM Campaigns uses, but models it strictly where Slack is strict (token,
// unknown channel, bot not in channel, view hash conflicts, trigger_id expiry, every Block Kit
// rule of slack-rules.ts, rate limits per method tier) so integration tests catch the mistakes
// Slack would reject in production. A refusal is answered as Slack answers it: invalid_blocks or
// invalid_arguments with the offending json-pointer in response_metadata.messages.

import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FakeSlackSocket, SOCKET_BRIDGE_PREFIX } from "./fake-slack-socket.js";
import { checkMessage, checkView, type Refusal } from "./block-kit-check.js";
import { RATE_LIMITS } from "./slack-rules.js";

// ---------------------------------------------------------------------------------------------
// Defaults. Exported so tests and the driver agree on ids without passing them around.
// ---------------------------------------------------------------------------------------------

export const DEFAULT_TEAM_ID = "T0SAMTEST01";
export const DEFAULT_TEAM_DOMAIN = "sam-test";
export const DEFAULT_BOT_USER_ID = "U0SAMBOT001";
export const DEFAULT_BOT_ID = "B0SAMBOT001";
export const DEFAULT_APP_ID = "A0SAMAPP001";
export const DEFAULT_TOKEN = "xoxb-test-token";
/** The app-level token (Socket Mode) apps.connections.open accepts. */
export const DEFAULT_APP_TOKEN = "xapp-1-A0SAMAPP001-test-app-token";
/** The human who runs /sam in tests by default. */
export const DEFAULT_USER_ID = "U0ALICE0001";
/** The channel the app reports into (config SAM_CHANNEL defaults to "sam-campaigns"). */
export const DEFAULT_CHANNEL_ID = "C0SAMCAMP01";
export const DEFAULT_CHANNEL_NAME = "sam-campaigns";

/** Slack lets an app open a modal only within 3 seconds of the interaction that gave the trigger_id. */
const TRIGGER_TTL_MS = 3000;
/** First message ts: 2025-11-27T08:00:00Z. Deterministic so failures are reproducible. */
const TS_BASE_SECONDS = 1764230400;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface FakeSlackOptions {
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** The bot token every call must carry; others get `invalid_auth`. Default "xoxb-test-token". */
  expectedToken?: string;
  /** The app-level token apps.connections.open accepts (Socket Mode). Default DEFAULT_APP_TOKEN. */
  appToken?: string;
  /** Socket Mode's ack deadline in ms. Default 3000, Slack's. */
  socketAckDeadlineMs?: number;
  /** Enforce Slack's rate limits (slack-rules.ts RATE_LIMITS). Default true. */
  rateLimits?: boolean;
  /** The rate limiter's time in ms (default performance.now): a test can hold it still to count a burst exactly. */
  rateLimitNow?: () => number;
}

/** One request the fake has answered (recorded just before the answer is written). */
export interface RecordedCall {
  /** Web API method ("chat.postMessage"), or a pseudo-method: "file_upload", "file_download", "response_url" (args: url, body). */
  method: string;
  /** Arguments without `token`. Form values stay strings, except JSON-looking ones (blocks, view, files…), which are parsed. */
  args: Record<string, unknown>;
  /** Date.now() when answered. */
  at: number;
  /** HTTP status the fake answered with. */
  status: number;
  /** The `ok` of the answer (false for injected failures and Slack errors). */
  ok: boolean;
  /** Slack error code when not ok, e.g. "channel_not_found", "ratelimited". */
  error?: string;
  /** response_metadata.messages of a refusal, e.g. "[ERROR] must be less than 76 characters [json-pointer:/blocks/0/text/text]". */
  messages?: string[];
  /** Token the caller presented (Authorization header or `token` field), if any. */
  token?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  user: string;
  bot_id: string;
  /** How many times chat.update changed this message. */
  updates: number;
}

export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  user_team: string;
  size: number;
  created: number;
  timestamp: number;
  mode: "hosted";
  is_external: false;
  is_public: boolean;
  url_private: string;
  url_private_download: string;
  permalink: string;
  [key: string]: unknown;
}

export interface AddFileInput {
  id?: string;
  name: string;
  content: Buffer | string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  user?: string;
}

export interface SlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  tz: string;
  tz_label: string;
  tz_offset: number;
  is_bot: boolean;
  deleted: boolean;
  profile: Record<string, unknown>;
  [key: string]: unknown;
}

export interface AddUserInput {
  id: string;
  /** IANA zone, e.g. "America/New_York". Default "America/New_York". */
  tz?: string;
  real_name?: string;
  name?: string;
  /** Seconds east of UTC. Default: the zone's current offset. */
  tz_offset?: number;
  email?: string;
  is_bot?: boolean;
  deleted?: boolean;
}

export interface SlackChannel {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_private: boolean;
  is_archived: boolean;
  is_general: boolean;
  is_member: boolean;
  created: number;
  [key: string]: unknown;
}

export interface AddChannelInput {
  id: string;
  name: string;
  /** Whether the bot is already in the channel. Default true. */
  isMember?: boolean;
  isPrivate?: boolean;
  isArchived?: boolean;
}

export interface SlackView {
  id: string;
  team_id: string;
  type: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  state: { values: Record<string, unknown> };
  blocks: unknown[];
  /** For home tabs: the user it was published to. */
  user_id?: string;
  [key: string]: unknown;
}

export interface RecordedUpload {
  file_id: string;
  filename: string;
  /** The `length` announced to files.getUploadURLExternal. */
  length: number;
  /** Bytes POSTed to the upload URL (undefined until then). */
  content?: Buffer;
  completed: boolean;
  channel_id?: string;
  thread_ts?: string;
  initial_comment?: string;
  title?: string;
}

export interface RecordedResponse {
  url: string;
  /** Parsed JSON body (Bolt's respond() posts JSON); the raw text when it is not JSON. */
  body: unknown;
  at: number;
}

export interface FailureSpec {
  /** 429 = rate limited (with Retry-After); 500/503 = server error; 200 = `{ ok:false, error }` platform error. */
  status: 200 | 429 | 500 | 503;
  /** How many calls fail before the method recovers. Default 1 (ignored with untilCleared). */
  count?: number;
  /** Fail every call until clearFailures()/reset(). */
  untilCleared?: boolean;
  /** Retry-After seconds on 429. Default 1. NB: WebClient sleeps this long even with retries: 0. */
  retryAfterSeconds?: number;
  /** Error code in the JSON body. Defaults: "ratelimited" (429), "fatal_error" (200); 5xx without it answers HTML. */
  error?: string;
}

/** Handler for a method the fake does not model: return the answer (ok:true is added unless you set ok). */
export type StubHandler = (args: Record<string, unknown>) => Record<string, unknown>;

export interface FakeSlack {
  /** Base URL of the server, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** Web API base for WebClient/Bolt `slackApiUrl`, with the trailing slash WebClient needs. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** The bot token the fake accepts. */
  readonly token: string;
  /** The app-level token the fake accepts for Socket Mode. */
  readonly appToken: string;
  /** Slack's side of Socket Mode: connections, envelopes, acks (fake-slack-socket.ts). */
  readonly socketMode: FakeSlackSocket;
  /** Every answered request in order, including failed ones. */
  readonly calls: readonly RecordedCall[];
  /** Uploads through files.getUploadURLExternal → upload URL → files.completeUploadExternal. */
  readonly uploads: readonly RecordedUpload[];
  /** POSTs to response URLs minted by responseUrl(). */
  readonly responses: readonly RecordedResponse[];
  callsTo(method: string): RecordedCall[];
  /** Resolves with the first recorded call (past or future) that matches; rejects after timeoutMs (default 2000). */
  waitFor(
    match: string | ((call: RecordedCall, index: number) => boolean),
    options?: { timeoutMs?: number },
  ): Promise<RecordedCall>;
  /** Messages posted with chat.postMessage (current content after chat.update), in post order. Channel: id or name. */
  messages(channel?: string): PostedMessage[];
  /** Views opened, pushed or published, current version, in creation order. */
  views(): SlackView[];
  /** A channel by id or name (live object: e.g. is_member flips after conversations.join). */
  channel(ref: string): SlackChannel | undefined;
  user(id: string): SlackUser | undefined;
  addFile(input: AddFileInput): SlackFile;
  addUser(input: AddUserInput): SlackUser;
  addChannel(input: AddChannelInput): SlackChannel;
  /** A fresh response_url like Slack puts in commands and interactions. */
  responseUrl(kind?: "commands" | "actions"): string;
  /** A fresh trigger_id, valid for views.open/views.push for 3 s and once only. */
  triggerId(): string;
  /** Make the next call(s) to `method` fail. Pseudo-methods: "file_upload", "file_download", "response_url"; "*" = any Web API method. */
  fail(method: string, spec: FailureSpec): void;
  clearFailures(): void;
  /** Answer `method` with your own handler (for methods the fake does not model). */
  stub(method: string, handler: StubHandler): void;
  /**
   * The workspace uninstalls the app (or revokes its bot token): from now on Slack answers every
   * call with the bot token `token_revoked`, and a file download with it gets the sign-in page.
   * (The app learns it from the app_uninstalled / tokens_revoked events the test sends.)
   */
  uninstallApp(): void;
  /** The app is installed again; the fake accepts the same bot token (a real reinstall issues a new one). */
  reinstallApp(): void;
  /** Back to the state right after start (default users/channels, nothing recorded). The ts counter keeps counting so ts stay unique. */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

/** A Slack platform error: answered as HTTP 200 `{ ok: false, error }`, as Slack does. */
class SlackApiError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface Failure extends FailureSpec {
  method: string;
  remaining: number;
}

interface Answer {
  status: number;
  headers: Record<string, string | number>;
  body: string | Buffer;
  ok: boolean;
  error?: string;
  messages?: string[];
}

/** Slack's answer to a payload it refuses: the error and where, as response_metadata.messages. */
function refused(refusal: Refusal, status = 200): Answer {
  return {
    ...json(status, { ok: false, error: refusal.error, response_metadata: { messages: refusal.messages } }),
    messages: refusal.messages,
  };
}

/** Which Block Kit check a Web API method's arguments go through. */
function strictCheck(method: string, args: Record<string, unknown>): Refusal | undefined {
  switch (method) {
    case "chat.postMessage":
    case "chat.postEphemeral":
      return checkMessage(args);
    case "chat.update":
      return checkMessage(args, { editing: true });
    case "views.open":
    case "views.push":
    case "views.update":
    case "views.publish":
      return checkView(parseObject(args.view));
    default:
      return undefined;
  }
}

type Handler = (args: Record<string, unknown>) => Record<string, unknown>;

const JSON_TYPE = "application/json; charset=utf-8";

function json(
  status: number,
  payload: Record<string, unknown>,
  headers: Record<string, string> = {},
): Answer {
  const ok = payload.ok === true;
  const error = typeof payload.error === "string" ? payload.error : undefined;
  return {
    status,
    headers: { "content-type": JSON_TYPE, ...headers },
    body: JSON.stringify(payload),
    ok,
    error,
  };
}

function html(status: number, markup: string, error?: string): Answer {
  return { status, headers: { "content-type": "text/html; charset=utf-8" }, body: markup, ok: false, error };
}

/** What Slack serves to a file URL fetched without a valid token: a 200 sign-in page, not a 401. */
const LOGIN_PAGE = `<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>Slack</title></head>
<body class="signin"><h1>Sign in to your workspace</h1><form id="signin_form" action="/signin" method="post">
<input type="email" name="email"><input type="password" name="password"><button type="submit">Sign in</button></form></body></html>`;

const SERVER_ERROR_PAGE = `<!DOCTYPE html><html><head><title>Server Error | Slack</title></head>
<body><h1>Something went wrong</h1><p>Slack is having trouble. Please try again.</p></body></html>`;

const EXTENSION_TYPES: Record<string, { mimetype: string; filetype: string; pretty: string }> = {
  csv: { mimetype: "text/csv", filetype: "csv", pretty: "CSV" },
  txt: { mimetype: "text/plain", filetype: "text", pretty: "Plain Text" },
  json: { mimetype: "application/json", filetype: "json", pretty: "JSON" },
  png: { mimetype: "image/png", filetype: "png", pretty: "PNG" },
  pdf: { mimetype: "application/pdf", filetype: "pdf", pretty: "PDF" },
  xlsx: {
    mimetype: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    filetype: "xlsx",
    pretty: "Excel Spreadsheet",
  },
};

function typeOf(name: string): { mimetype: string; filetype: string; pretty: string } {
  const ext = name.includes(".") ? (name.split(".").pop() ?? "").toLowerCase() : "";
  return (
    EXTENSION_TYPES[ext] ?? { mimetype: "application/octet-stream", filetype: "binary", pretty: "Binary" }
  );
}

/** The zone's current UTC offset (seconds) and long name, as users.info reports them. */
function zoneInfo(tz: string): { offset: number; label: string } {
  const now = new Date();
  const part = (style: "longOffset" | "long") =>
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: style })
      .formatToParts(now)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part("longOffset"));
  const offset = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
  return { offset, label: part("long") };
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function required(args: Record<string, unknown>, key: string, error = "invalid_arguments"): string {
  const value = str(args[key]);
  if (value === undefined) throw new SlackApiError(error);
  return value;
}

/** Form values arrive as strings; blocks/view/files/etc. are JSON strings. Parse those so tests see structures. */
function decodeFormValue(value: string): unknown {
  const trimmed = value.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function parseObject(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === "string" ? decodeFormValue(value) : value;
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

/** JSON when it parses (Bolt's respond() posts JSON), else the text (Slack also accepts plain text). */
function parseLoose(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

class FakeSlackServer implements FakeSlack {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly token: string;
  readonly appToken: string;
  readonly socketMode: FakeSlackSocket;
  url = "";
  apiUrl = "";

  calls: RecordedCall[] = [];
  uploads: RecordedUpload[] = [];
  responses: RecordedResponse[] = [];

  private server: Server;
  private tsCounter = 0;
  private idCounter = 0;
  private posted: PostedMessage[] = [];
  private viewsById = new Map<string, SlackView>();
  private files = new Map<string, { file: SlackFile; content: Buffer }>();
  private users = new Map<string, SlackUser>();
  private channels = new Map<string, SlackChannel>();
  private failures: Failure[] = [];
  private stubs = new Map<string, StubHandler>();
  private triggers = new Map<string, { mintedAt: number; used: boolean }>();
  private responseUrls = new Set<string>();
  /** Upload URL path id → upload record. */
  private pendingUploads = new Map<string, RecordedUpload>();
  private uninstalled = false;
  private readonly handlers: Record<string, Handler>;
  private readonly rateLimits: boolean;
  private readonly rateLimitNow: () => number;
  /** Token buckets: "method" or "method channel" → tokens left and when they were counted. */
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: FakeSlackOptions) {
    this.teamId = options.teamId ?? DEFAULT_TEAM_ID;
    this.teamDomain = options.teamDomain ?? DEFAULT_TEAM_DOMAIN;
    this.botUserId = options.botUserId ?? DEFAULT_BOT_USER_ID;
    this.botId = options.botId ?? DEFAULT_BOT_ID;
    this.appId = options.appId ?? DEFAULT_APP_ID;
    this.token = options.expectedToken ?? DEFAULT_TOKEN;
    this.appToken = options.appToken ?? DEFAULT_APP_TOKEN;
    this.socketMode = new FakeSlackSocket({
      appToken: this.appToken,
      appId: this.appId,
      teamId: this.teamId,
      baseUrl: () => this.url,
      ackDeadlineMs: options.socketAckDeadlineMs,
    });
    this.rateLimits = options.rateLimits ?? true;
    this.rateLimitNow = options.rateLimitNow ?? (() => performance.now());
    this.handlers = this.buildHandlers();
    this.seedDefaults();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        // A bug in the fake itself: answer 500 so the test fails loudly instead of hanging.
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`fake-slack internal error: ${error instanceof Error ? error.stack : String(error)}`);
      });
    });
    this.server.on("upgrade", (req, socket, head) => this.socketMode.upgrade(req, socket, head));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.url}/api/`;
  }

  // ----- test-facing API -----

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async waitFor(
    match: string | ((call: RecordedCall, index: number) => boolean),
    options: { timeoutMs?: number } = {},
  ): Promise<RecordedCall> {
    const predicate = typeof match === "string" ? (call: RecordedCall) => call.method === match : match;
    const timeoutMs = options.timeoutMs ?? 2000;
    // performance.now and node:timers/promises are not replaced by vi.useFakeTimers' defaults,
    // so waiting keeps working in tests that fake Date and setTimeout.
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      if (performance.now() >= deadline) break;
      await sleep(5);
    }
    const seen = this.calls.map((call) => `${call.method}${call.ok ? "" : `(${call.error ?? call.status})`}`);
    throw new Error(
      `fake-slack: no matching call within ${timeoutMs} ms (${typeof match === "string" ? match : "predicate"}); ` +
        `calls so far: ${seen.join(", ") || "none"}`,
    );
  }

  messages(channel?: string): PostedMessage[] {
    if (channel === undefined) return [...this.posted];
    const id = this.findChannel(channel)?.id ?? channel;
    return this.posted.filter((message) => message.channel === id);
  }

  views(): SlackView[] {
    return [...this.viewsById.values()];
  }

  channel(ref: string): SlackChannel | undefined {
    return this.findChannel(ref);
  }

  user(id: string): SlackUser | undefined {
    return this.users.get(id);
  }

  addFile(input: AddFileInput): SlackFile {
    const id = input.id ?? this.nextId("F");
    const content = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content, "utf8");
    const kind = typeOf(input.name);
    const created = Math.floor(Date.now() / 1000);
    const path = `${this.url}/files-pri/${this.teamId}-${id}`;
    const name = encodeURIComponent(input.name);
    const file: SlackFile = {
      id,
      name: input.name,
      title: input.title ?? input.name,
      mimetype: input.mimetype ?? kind.mimetype,
      filetype: input.filetype ?? kind.filetype,
      pretty_type: kind.pretty,
      user: input.user ?? DEFAULT_USER_ID,
      user_team: this.teamId,
      editable: false,
      size: content.length,
      created,
      timestamp: created,
      mode: "hosted",
      is_external: false,
      external_type: "",
      is_public: false,
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      // Slack percent-encodes the file name in these URLs (a name may hold spaces, "#", "?" or "/").
      url_private: `${path}/${encodeURIComponent(name)}`,
      url_private_download: `${path}/download/${encodeURIComponent(name)}`,
      permalink: `https://${this.teamDomain}.slack.com/files/${input.user ?? DEFAULT_USER_ID}/${id}/${encodeURIComponent(name)}`,
      file_access: "visible",
    };
    this.files.set(id, { file, content });
    return file;
  }

  addUser(input: AddUserInput): SlackUser {
    const tz = input.tz ?? "America/New_York";
    const zone = zoneInfo(tz);
    const realName = input.real_name ?? input.name ?? input.id;
    const name = input.name ?? realName.toLowerCase().replace(/\s+/g, ".");
    const user: SlackUser = {
      id: input.id,
      team_id: this.teamId,
      name,
      deleted: input.deleted ?? false,
      real_name: realName,
      tz,
      tz_label: zone.label,
      tz_offset: input.tz_offset ?? zone.offset,
      is_admin: false,
      is_owner: false,
      is_bot: input.is_bot ?? false,
      is_app_user: false,
      updated: Math.floor(Date.now() / 1000),
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        email: input.email ?? `${name}@example.com`,
        team: this.teamId,
      },
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(input: AddChannelInput): SlackChannel {
    const channel: SlackChannel = {
      id: input.id,
      name: input.name,
      name_normalized: input.name,
      is_channel: !input.isPrivate,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: input.isPrivate ?? false,
      is_archived: input.isArchived ?? false,
      is_general: input.name === "general",
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: input.isMember ?? true,
      created: TS_BASE_SECONDS - 86_400,
      creator: DEFAULT_USER_ID,
      context_team_id: this.teamId,
      topic: { value: "", creator: "", last_set: 0 },
      purpose: { value: "", creator: "", last_set: 0 },
      num_members: 2,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  responseUrl(kind: "commands" | "actions" = "commands"): string {
    const url = `${this.url}/${kind}/${this.teamId}/${Date.now()}${this.idCounter++}/${hex(12)}`;
    this.responseUrls.add(new URL(url).pathname);
    return url;
  }

  triggerId(): string {
    const id = `${Date.now()}${this.idCounter++}.${Math.floor(Math.random() * 1e9)}.${hex(16)}`;
    this.triggers.set(id, { mintedAt: performance.now(), used: false });
    return id;
  }

  fail(method: string, spec: FailureSpec): void {
    this.failures.push({ ...spec, method, remaining: spec.count ?? 1 });
  }

  clearFailures(): void {
    this.failures = [];
  }

  stub(method: string, handler: StubHandler): void {
    this.stubs.set(method, handler);
  }

  uninstallApp(): void {
    this.uninstalled = true;
  }

  reinstallApp(): void {
    this.uninstalled = false;
  }

  reset(): void {
    this.uninstalled = false;
    this.calls = [];
    this.uploads = [];
    this.responses = [];
    this.posted = [];
    this.viewsById.clear();
    this.files.clear();
    this.users.clear();
    this.channels.clear();
    this.failures = [];
    this.stubs.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.pendingUploads.clear();
    this.socketMode.reset();
    this.buckets.clear();
    this.seedDefaults();
  }

  async close(): Promise<void> {
    // fetch keeps connections alive; without closeAllConnections close() would wait for them to time out.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.socketMode.close();
    this.server.closeAllConnections();
    await closed;
  }

  // ----- HTTP plumbing -----

  private seedDefaults(): void {
    this.addUser({ id: DEFAULT_USER_ID, real_name: "Alice Example", name: "alice", tz: "America/New_York" });
    this.addUser({
      id: this.botUserId,
      real_name: "SAM Campaigns",
      name: "sam",
      tz: "America/Los_Angeles",
      is_bot: true,
    });
    this.addChannel({ id: DEFAULT_CHANNEL_ID, name: DEFAULT_CHANNEL_NAME, isMember: true });
    this.addChannel({ id: "C0GENERAL01", name: "general", isMember: false });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake");
    const raw = await readBody(req);
    const path = url.pathname;
    if (path.startsWith(`${SOCKET_BRIDGE_PREFIX}/`)) return this.socketMode.bridge(req, raw, res);
    let method: string;
    let args: Record<string, unknown> = {};
    let token: string | undefined;
    let answer: () => Answer | Promise<Answer>;

    if (path.startsWith("/api/")) {
      method = decodeURIComponent(path.slice("/api/".length));
      ({ args, token } = this.parseApiRequest(req, raw, url));
      answer = () => this.callMethod(method, args, token);
    } else if (path.startsWith("/upload/v1/") && req.method === "POST") {
      method = "file_upload";
      args = { upload: path };
      answer = () => this.receiveUpload(path, req, raw);
    } else if (path.startsWith("/files-pri/") && (req.method === "GET" || req.method === "HEAD")) {
      method = "file_download";
      token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      args = { path };
      answer = () => this.download(path, token);
    } else if ((path.startsWith("/commands/") || path.startsWith("/actions/")) && req.method === "POST") {
      method = "response_url";
      args = { url: `${this.url}${path}`, body: parseLoose(raw) };
      answer = () => this.receiveResponse(path, args.body);
    } else {
      method = "not_found";
      answer = () => html(404, "<html><body>404 Not Found</body></html>", "not_found");
    }

    const result = this.injectedFailure(method) ?? (await answer());
    this.calls.push({
      method,
      args,
      at: Date.now(),
      status: result.status,
      ok: result.ok,
      error: result.error,
      ...(result.messages ? { messages: result.messages } : {}),
      token,
    });
    res.writeHead(result.status, result.headers);
    res.end(req.method === "HEAD" ? undefined : result.body);
  }

  private parseApiRequest(
    req: IncomingMessage,
    raw: Buffer,
    url: URL,
  ): { args: Record<string, unknown>; token: string | undefined } {
    const args: Record<string, unknown> = {};
    for (const [key, value] of url.searchParams) args[key] = decodeFormValue(value);
    const type = (req.headers["content-type"] ?? "").toLowerCase();
    const text = raw.toString("utf8");
    if (type.startsWith("application/json") && text.trim() !== "") {
      Object.assign(args, parseObject(text) ?? {});
    } else if (text !== "") {
      for (const [key, value] of new URLSearchParams(text)) args[key] = decodeFormValue(value);
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? str(args.token);
    delete args.token;
    return { args, token };
  }

  private injectedFailure(method: string): Answer | undefined {
    const isApi = !["file_upload", "file_download", "response_url", "not_found"].includes(method);
    const failure = this.failures.find(
      (f) => (f.method === method || (f.method === "*" && isApi)) && (f.untilCleared || f.remaining > 0),
    );
    if (!failure) return undefined;
    if (!failure.untilCleared) failure.remaining -= 1;
    switch (failure.status) {
      case 429: {
        const retryAfter = String(failure.retryAfterSeconds ?? 1);
        return json(429, { ok: false, error: failure.error ?? "ratelimited" }, { "retry-after": retryAfter });
      }
      case 200:
        return json(200, { ok: false, error: failure.error ?? "fatal_error" });
      default:
        return failure.error
          ? json(failure.status, { ok: false, error: failure.error })
          : html(failure.status, SERVER_ERROR_PAGE, `http_${failure.status}`);
    }
  }

  private callMethod(method: string, args: Record<string, unknown>, token: string | undefined): Answer {
    // The one method called with the app-level token, not the bot token.
    if (method === "apps.connections.open") return json(200, this.socketMode.openConnection(token));
    // Slack checks the token before anything else; both cases are HTTP 200 with ok:false.
    if (token === undefined) return json(200, { ok: false, error: "not_authed" });
    if (token !== this.token) return json(200, { ok: false, error: "invalid_auth" });
    // https://docs.slack.dev/reference/methods/chat.postMessage#errors: token_revoked.
    if (this.uninstalled) return json(200, { ok: false, error: "token_revoked" });
    const handler = this.stubs.get(method) ?? this.handlers[method];
    if (!handler) return json(200, { ok: false, error: "unknown_method", req_method: method });
    const limited = this.rateLimited(method, args);
    if (limited) return limited;
    const refusal = strictCheck(method, args);
    if (refusal) return refused(refusal);
    try {
      const payload = handler(args);
      return json(200, { ok: true, ...payload });
    } catch (error) {
      if (error instanceof SlackApiError) return json(200, { ok: false, error: error.code });
      throw error;
    }
  }

  private async receiveUpload(path: string, req: IncomingMessage, raw: Buffer): Promise<Answer> {
    const upload = this.pendingUploads.get(path);
    if (!upload) return html(404, "<html><body>404 Not Found</body></html>", "not_found");
    const type = req.headers["content-type"] ?? "";
    let content = raw;
    if (type.toLowerCase().startsWith("multipart/form-data")) {
      // WebClient posts the bytes as multipart field "body"; curl-style clients use "file".
      const form = await new Response(raw, { headers: { "content-type": type } }).formData();
      const part = form.get("body") ?? form.get("file") ?? form.get("content");
      content =
        typeof part === "string" ? Buffer.from(part) : part ? Buffer.from(await part.arrayBuffer()) : raw;
    }
    upload.content = content;
    return {
      status: 200,
      headers: { "content-type": "text/plain" },
      body: `OK - ${content.length}`,
      ok: true,
    };
  }

  private download(path: string, token: string | undefined): Answer {
    const match = /^\/files-pri\/([^/]+)-([^/-]+)\/(?:download\/)?[^/]+$/.exec(path);
    const entry = match && match[1] === this.teamId ? this.files.get(match[2] ?? "") : undefined;
    if (token !== this.token || this.uninstalled) return html(200, LOGIN_PAGE, "login_page");
    if (!entry) return html(404, "<html><body>File not found</body></html>", "file_not_found");
    const headers: Record<string, string | number> = {
      "content-type": entry.file.mimetype,
      "content-length": entry.content.length,
    };
    if (path.includes("/download/")) {
      headers["content-disposition"] = `attachment; filename="${entry.file.name.replace(/"/g, "")}"`;
    }
    return { status: 200, headers, body: entry.content, ok: true };
  }

  /**
   * A token bucket per method (per channel for chat.postMessage), refilled at the documented
   * rate. Real time, not the app's clock: Slack's limits are wall-clock facts.
   */
  private rateLimited(method: string, args: Record<string, unknown>): Answer | undefined {
    const limit = RATE_LIMITS[method];
    if (!this.rateLimits || !limit) return undefined;
    const channelRef = str(args.channel) ?? "";
    const key = limit.perChannel ? `${method} ${this.findChannel(channelRef)?.id ?? channelRef}` : method;
    const now = this.rateLimitNow();
    const perMs = limit.count / (limit.perSeconds * 1000);
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    return json(429, { ok: false, error: "ratelimited" }, { "retry-after": String(retryAfter) });
  }

  private receiveResponse(path: string, body: unknown): Answer {
    if (!this.responseUrls.has(path)) return json(404, { ok: false, error: "expired_url" });
    // A response_url message is checked as a chat.postMessage is (an edit may leave out text).
    const message = parseObject(body);
    const refusal = message ? checkMessage(message, { editing: message.replace_original === true }) : undefined;
    if (refusal) return refused(refusal);
    this.responses.push({ url: `${this.url}${path}`, body, at: Date.now() });
    return json(200, { ok: true });
  }

  // ----- Web API state helpers -----

  private nextTs(): string {
    this.tsCounter += 1;
    const micros = this.tsCounter * 100;
    const seconds = TS_BASE_SECONDS + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, "0")}`;
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}0FAKE${String(this.idCounter).padStart(5, "0")}`;
  }

  /** By id, or by name with or without '#'. */
  private findChannel(ref: string): SlackChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.replace(/^#/, "");
    return [...this.channels.values()].find((channel) => channel.name === name && !channel.is_im);
  }

  /** Where a message to `ref` goes: channels by id or name; a user id opens (or reuses) a DM. */
  private postTarget(ref: string): SlackChannel {
    if (/^[UW][A-Z0-9]+$/.test(ref)) {
      if (!this.users.has(ref)) throw new SlackApiError("channel_not_found");
      const id = `D${ref.slice(1)}`;
      const existing = this.channels.get(id);
      if (existing) return existing;
      const dm = this.addChannel({ id, name: ref, isPrivate: true });
      Object.assign(dm, { is_channel: false, is_im: true, user: ref });
      return dm;
    }
    const channel = this.findChannel(ref);
    if (!channel || !this.visibleToBot(channel)) throw new SlackApiError("channel_not_found");
    if (channel.is_archived) throw new SlackApiError("is_archived");
    if (!channel.is_member) throw new SlackApiError("not_in_channel");
    return channel;
  }

  private channelArg(args: Record<string, unknown>, key = "channel"): SlackChannel {
    const channel = this.findChannel(required(args, key, "channel_not_found"));
    if (!channel || !this.visibleToBot(channel)) throw new SlackApiError("channel_not_found");
    return channel;
  }

  /**
   * A private channel exists, for the bot, only once someone invited it: conversations.list
   * lists "private channels the calling user is a member of", and every other method naming one
   * it is not in answers channel_not_found, as for a channel that does not exist
   * (https://docs.slack.dev/reference/methods/conversations.list,
   * https://docs.slack.dev/reference/methods/conversations.info#errors). A public channel is
   * visible whether or not the bot is in it.
   */
  private visibleToBot(channel: SlackChannel): boolean {
    return !channel.is_private || channel.is_member;
  }

  private messageShape(message: PostedMessage): Record<string, unknown> {
    return {
      type: "message",
      text: message.text ?? "",
      user: message.user,
      bot_id: message.bot_id,
      app_id: this.appId,
      team: this.teamId,
      ts: message.ts,
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
      ...(message.attachments !== undefined ? { attachments: message.attachments } : {}),
      ...(message.metadata !== undefined ? { metadata: message.metadata } : {}),
      ...(message.updates > 0 ? { edited: { user: message.user, ts: message.ts } } : {}),
      bot_profile: {
        id: this.botId,
        app_id: this.appId,
        name: "SAM Campaigns",
        team_id: this.teamId,
        deleted: false,
      },
    };
  }

  private hasContent(args: Record<string, unknown>): boolean {
    return (
      str(args.text) !== undefined ||
      str(args.markdown_text) !== undefined ||
      (Array.isArray(args.blocks) && args.blocks.length > 0) ||
      (Array.isArray(args.attachments) && args.attachments.length > 0)
    );
  }

  private newView(view: Record<string, unknown>, extra: Partial<SlackView> = {}): SlackView {
    const id = this.nextId("V");
    const stored: SlackView = {
      ...view,
      id,
      team_id: this.teamId,
      type: str(view.type) ?? "modal",
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      callback_id: str(view.callback_id) ?? "",
      private_metadata: str(view.private_metadata) ?? "",
      external_id: str(view.external_id) ?? "",
      state: { values: {} },
      hash: `${TS_BASE_SECONDS}.${hex(4)}`,
      clear_on_close: view.clear_on_close === true || view.clear_on_close === "true",
      notify_on_close: view.notify_on_close === true || view.notify_on_close === "true",
      root_view_id: id,
      previous_view_id: null,
      app_id: this.appId,
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
      ...extra,
    };
    this.viewsById.set(id, stored);
    return stored;
  }

  private viewArg(args: Record<string, unknown>): Record<string, unknown> {
    const view = parseObject(args.view);
    if (!view || typeof view.type !== "string") throw new SlackApiError("invalid_arguments");
    return view;
  }

  /** A trigger minted by this fake must be fresh and unused, as on Slack. Foreign ones are accepted. */
  private consumeTrigger(args: Record<string, unknown>): void {
    const id = str(args.trigger_id) ?? str(args.interactivity_pointer);
    if (id === undefined) throw new SlackApiError("invalid_arguments");
    const trigger = this.triggers.get(id);
    if (!trigger) return;
    if (trigger.used) throw new SlackApiError("exchanged_trigger_id");
    if (performance.now() - trigger.mintedAt > TRIGGER_TTL_MS) throw new SlackApiError("expired_trigger_id");
    trigger.used = true;
  }

  private buildHandlers(): Record<string, Handler> {
    return {
      "auth.test": () => ({
        url: `https://${this.teamDomain}.slack.com/`,
        team: "SAM Test",
        user: "sam",
        team_id: this.teamId,
        user_id: this.botUserId,
        bot_id: this.botId,
        is_enterprise_install: false,
      }),

      "chat.postMessage": (args) => {
        const channel = this.postTarget(required(args, "channel", "channel_not_found"));
        if (!this.hasContent(args)) throw new SlackApiError("no_text");
        const threadTs = str(args.thread_ts);
        const message: PostedMessage = {
          channel: channel.id,
          ts: this.nextTs(),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: str(args.text) ?? str(args.markdown_text) ?? "",
          ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
          ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
          ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
          user: this.botUserId,
          bot_id: this.botId,
          updates: 0,
        };
        this.posted.push(message);
        return { channel: channel.id, ts: message.ts, message: this.messageShape(message) };
      },

      "chat.update": (args) => {
        const channel = this.channelArg(args);
        const ts = required(args, "ts", "message_not_found");
        const message = this.posted.find((m) => m.channel === channel.id && m.ts === ts);
        if (!message) throw new SlackApiError("message_not_found");
        // Omitted fields keep their value (blocks: [] clears them), as chat.update documents.
        if (args.text !== undefined) message.text = String(args.text);
        if (args.blocks !== undefined) message.blocks = args.blocks;
        if (args.attachments !== undefined) message.attachments = args.attachments;
        if (args.metadata !== undefined) message.metadata = args.metadata;
        message.updates += 1;
        return { channel: channel.id, ts, text: message.text, message: this.messageShape(message) };
      },

      "chat.delete": (args) => {
        const channel = this.channelArg(args);
        const ts = required(args, "ts", "message_not_found");
        const index = this.posted.findIndex((m) => m.channel === channel.id && m.ts === ts);
        if (index < 0) throw new SlackApiError("message_not_found");
        this.posted.splice(index, 1);
        return { channel: channel.id, ts };
      },

      "chat.postEphemeral": (args) => {
        this.postTarget(required(args, "channel", "channel_not_found"));
        const user = required(args, "user", "user_not_in_channel");
        if (!this.users.has(user)) throw new SlackApiError("user_not_in_channel");
        if (!this.hasContent(args)) throw new SlackApiError("no_text");
        return { message_ts: this.nextTs() };
      },

      "chat.getPermalink": (args) => {
        const channel = this.channelArg(args);
        const ts = required(args, "message_ts", "message_not_found");
        const message = this.posted.find((m) => m.channel === channel.id && m.ts === ts);
        if (!message) throw new SlackApiError("message_not_found");
        const thread = message.thread_ts ? `?thread_ts=${message.thread_ts}&cid=${channel.id}` : "";
        return {
          channel: channel.id,
          permalink: `https://${this.teamDomain}.slack.com/archives/${channel.id}/p${ts.replace(".", "")}${thread}`,
        };
      },

      "views.open": (args) => {
        const view = this.viewArg(args);
        this.consumeTrigger(args);
        return { view: this.newView(view) };
      },

      "views.push": (args) => {
        const view = this.viewArg(args);
        this.consumeTrigger(args);
        const root = [...this.viewsById.values()].at(-1);
        return {
          view: this.newView(
            view,
            root ? { root_view_id: root.root_view_id, previous_view_id: root.id } : {},
          ),
        };
      },

      "views.update": (args) => {
        const view = this.viewArg(args);
        const viewId = str(args.view_id);
        const externalId = str(args.external_id);
        const current = viewId
          ? this.viewsById.get(viewId)
          : [...this.viewsById.values()].find(
              (v) => externalId !== undefined && v.external_id === externalId,
            );
        if (!viewId && !externalId) throw new SlackApiError("invalid_arguments");
        if (!current) throw new SlackApiError("not_found");
        const hash = str(args.hash);
        if (hash !== undefined && hash !== current.hash) throw new SlackApiError("hash_conflict");
        const updated: SlackView = {
          ...current,
          ...view,
          id: current.id,
          team_id: current.team_id,
          type: current.type,
          blocks: Array.isArray(view.blocks) ? view.blocks : [],
          callback_id: str(view.callback_id) ?? "",
          private_metadata: str(view.private_metadata) ?? "",
          external_id: str(view.external_id) ?? current.external_id,
          state: current.state,
          hash: `${TS_BASE_SECONDS}.${hex(4)}`,
        };
        this.viewsById.set(current.id, updated);
        return { view: updated };
      },

      "views.publish": (args) => {
        const userId = required(args, "user_id", "invalid_arguments");
        if (!this.users.has(userId)) throw new SlackApiError("user_not_found");
        const view = this.viewArg(args);
        const existing = [...this.viewsById.values()].find((v) => v.type === "home" && v.user_id === userId);
        const hash = str(args.hash);
        if (existing && hash !== undefined && hash !== existing.hash)
          throw new SlackApiError("hash_conflict");
        if (existing) this.viewsById.delete(existing.id);
        return { view: this.newView({ ...view, type: "home" }, { user_id: userId }) };
      },

      "files.info": (args) => {
        const entry = this.files.get(required(args, "file", "file_not_found"));
        if (!entry) throw new SlackApiError("file_not_found");
        return { file: entry.file, content: "", comments: [], response_metadata: { next_cursor: "" } };
      },

      "files.getUploadURLExternal": (args) => {
        const filename = required(args, "filename", "invalid_arguments");
        const length = Number(args.length);
        if (!Number.isInteger(length) || length < 0) throw new SlackApiError("invalid_arguments");
        const fileId = this.nextId("F");
        const path = `/upload/v1/${hex(16)}`;
        const upload: RecordedUpload = { file_id: fileId, filename, length, completed: false };
        this.pendingUploads.set(path, upload);
        this.uploads.push(upload);
        return { upload_url: `${this.url}${path}`, file_id: fileId };
      },

      "files.completeUploadExternal": (args) => {
        const list = Array.isArray(args.files) ? (args.files as Array<Record<string, unknown>>) : undefined;
        if (!list || list.length === 0) throw new SlackApiError("invalid_arguments");
        const channelId = str(args.channel_id);
        if (channelId !== undefined) this.postTarget(channelId);
        const done: SlackFile[] = [];
        for (const item of list) {
          const upload = this.uploads.find((u) => u.file_id === item.id);
          if (!upload || upload.content === undefined) throw new SlackApiError("file_not_found");
          upload.completed = true;
          upload.title = str(item.title) ?? upload.filename;
          if (channelId !== undefined) upload.channel_id = channelId;
          const threadTs = str(args.thread_ts);
          if (threadTs !== undefined) upload.thread_ts = threadTs;
          const comment = str(args.initial_comment);
          if (comment !== undefined) upload.initial_comment = comment;
          // Register it so files.info and downloads of the uploaded file work, as on Slack.
          done.push(
            this.addFile({
              id: upload.file_id,
              name: upload.filename,
              title: upload.title,
              content: upload.content,
              user: this.botUserId,
            }),
          );
        }
        return { files: done };
      },

      "users.info": (args) => {
        const user = this.users.get(required(args, "user", "user_not_found"));
        if (!user) throw new SlackApiError("user_not_found");
        return { user };
      },

      "conversations.info": (args) => ({ channel: this.channelArg(args) }),

      "conversations.join": (args) => {
        const channel = this.channelArg(args);
        if (channel.is_archived) throw new SlackApiError("is_archived");
        if (channel.is_private && !channel.is_member)
          throw new SlackApiError("method_not_supported_for_channel_type");
        const already = channel.is_member;
        channel.is_member = true;
        return already
          ? {
              channel,
              warning: "already_in_channel",
              response_metadata: { warnings: ["already_in_channel"] },
            }
          : { channel };
      },

      "conversations.list": (args) => {
        const types = (str(args.types) ?? "public_channel").split(",").map((t) => t.trim());
        const excludeArchived = args.exclude_archived === true || args.exclude_archived === "true";
        const all = [...this.channels.values()].filter(
          (c) =>
            !c.is_im &&
            this.visibleToBot(c) &&
            ((types.includes("public_channel") && !c.is_private) ||
              (types.includes("private_channel") && c.is_private)) &&
            !(excludeArchived && c.is_archived),
        );
        const limit = Math.min(Math.max(Number(args.limit ?? 100) || 100, 1), 1000);
        const cursor = str(args.cursor);
        let offset = 0;
        if (cursor !== undefined) {
          const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
          if (!decoded) throw new SlackApiError("invalid_cursor");
          offset = Number(decoded[1]);
        }
        const page = all.slice(offset, offset + limit);
        const next =
          offset + limit < all.length ? Buffer.from(`offset:${offset + limit}`).toString("base64") : "";
        return { channels: page, response_metadata: { next_cursor: next } };
      },
    };
  }
}

/** Start a fake Slack on 127.0.0.1 with an OS-assigned port. Close it in afterAll. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlackServer(options);
  await fake.listen();
  return fake;
}
