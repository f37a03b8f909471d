// A fake of Slack's Web API (and of the few non-API URLs Slack hands out: file downloads,
// upload URLs, response_urls, the OAuth authorize page) on a loopback node:http server. It speaks
// the same wire format as slack.com so that a real @slack/web-api WebClient — and therefore a
// real Bolt App — pointed at `apiUrl` with `slackApiUrl` works unchanged. A real server (not a
// fetch mock) is used because Bolt's WebClient and its respond() both use global fetch, which
// interception mocks cover poorly.
//
// It models only what SAM Campaigns uses, but models it strictly where Slack is strict (token,
// unknown channel, bot not in channel, view hash conflicts, trigger_id expiry, every Block Kit
// rule of slack-rules.ts, rate limits per method tier, OAuth installs and per-workspace tokens)
// so integration tests catch the mistakes Slack would reject in production. A refusal is
// answered as Slack answers it: invalid_blocks or invalid_arguments with the offending
// json-pointer in response_metadata.messages.
//
// Workspaces (fake-slack-workspace.ts): the fake starts with one, whose token single-token tests
// use; addWorkspace() adds others, which get their token by an OAuth install
// (fake-slack-oauth.ts). A token acts only in its own workspace.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FakeSlackSocket, SOCKET_BRIDGE_PREFIX } from "./fake-slack-socket.js";
import { checkMessage, checkView, type Refusal } from "./block-kit-check.js";
import { FakeSlackOAuth, type OAuthAppConfig, type SignedIn } from "./fake-slack-oauth.js";
import {
  type Answer,
  decodeFormValue,
  hex,
  html,
  json,
  LOGIN_PAGE,
  parseObject,
  required,
  SERVER_ERROR_PAGE,
  SlackApiError,
  str,
} from "./fake-slack-wire.js";
import {
  type FakeWorkspace,
  FakeWorkspaceState,
  type PostedMessage,
  type SlackChannel,
  type SlackFile,
  type SlackUser,
  type SlackView,
  type AddChannelInput,
  type AddFileInput,
  type AddUserInput,
  TS_BASE_SECONDS,
  type WorkspaceHost,
} from "./fake-slack-workspace.js";
import { FILE_RULES, RATE_LIMITS, SLACK_RULES } from "./slack-rules.js";

export type { OAuthAppConfig } from "./fake-slack-oauth.js";
export type {
  AddChannelInput,
  AddFileInput,
  AddUserInput,
  FakeWorkspace,
  PostedMessage,
  SlackChannel,
  SlackFile,
  SlackUser,
  SlackView,
} from "./fake-slack-workspace.js";


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
  /** The OAuth codes' time in ms (default performance.now): a test can move it past a code's ten minutes. */
  oauthNow?: () => number;
}

/** One request the fake has answered (recorded just before the answer is written). */
export interface RecordedCall {
  /**
   * Web API method ("chat.postMessage"), or a pseudo-method: "file_upload", "file_download",
   * "response_url" (args: url, body), "oauth_authorize" (the install page; args: its parameters).
   */
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
  /** The workspace that token acts in, when it is a bot token the fake issued (revoked ones included). */
  teamId?: string;
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
  /** The image's description for screen readers (alt_txt, or alt_text as @slack/web-api sends it). */
  alt_text?: string;
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

export interface AddWorkspaceInput {
  teamId: string;
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  /** A person of the workspace, seeded as a user (files and channels default to them). */
  userId?: string;
}

/** The whole fake Slack; as a workspace it is the default one (the one single-token tests use). */
export interface FakeSlack extends FakeWorkspace {
  /** Base URL of the server, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** Web API base for WebClient/Bolt `slackApiUrl`, with the trailing slash WebClient needs. */
  readonly apiUrl: string;
  /** The default workspace's bot token. */
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
  /** Make the next call(s) to `method` fail. Pseudo-methods: "file_upload", "file_download", "response_url"; "*" = any Web API method. */
  fail(method: string, spec: FailureSpec): void;
  clearFailures(): void;
  /** Answer `method` with your own handler (for methods the fake does not model). */
  stub(method: string, handler: StubHandler): void;
  /** The default workspace installs the app again; the fake accepts the same bot token (a real reinstall may issue a new one). */
  reinstallApp(): void;
  /** Another workspace, where the app is not installed yet (its token comes from an OAuth install). */
  addWorkspace(input: AddWorkspaceInput): FakeWorkspace;
  /** A workspace by team id. */
  workspace(teamId: string): FakeWorkspace;
  /** The app's OAuth settings at api.slack.com (client id and secret, Redirect URLs); installs are refused until set. */
  configureOAuthApp(app: OAuthAppConfig): void;
  /** Back to the state right after start (default workspace, users and channels, nothing recorded, no OAuth app). The ts counter keeps counting so ts stay unique. */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

interface Failure extends FailureSpec {
  method: string;
  remaining: number;
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

/** A Web API method, acting in the workspace of the token it was called with. */
type Handler = (args: Record<string, unknown>, workspace: FakeWorkspaceState) => Record<string, unknown>;


function hasContent(args: Record<string, unknown>): boolean {
  return (
    str(args.text) !== undefined ||
    str(args.markdown_text) !== undefined ||
    (Array.isArray(args.blocks) && args.blocks.length > 0) ||
    (Array.isArray(args.attachments) && args.attachments.length > 0)
  );
}

/** Client credentials sent as HTTP Basic (oauth.v2.access accepts them so, or in the form). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic (.+)$/.exec(header ?? "")?.[1];
  if (!encoded) return undefined;
  const text = Buffer.from(encoded, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return colon < 0 ? undefined : { id: text.slice(0, colon), secret: text.slice(colon + 1) };
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
  private failures: Failure[] = [];
  private stubs = new Map<string, StubHandler>();
  private triggers = new Map<string, { mintedAt: number; used: boolean }>();
  private responseUrls = new Set<string>();
  /** Upload URL path id → upload record. */
  private pendingUploads = new Map<string, RecordedUpload>();
  private readonly handlers: Record<string, Handler>;
  private readonly rateLimits: boolean;
  private readonly rateLimitNow: () => number;
  /** Token buckets: "team method" or "team method channel" → tokens left and when they were counted. */
  private buckets = new Map<string, { tokens: number; at: number }>();
  private readonly host: WorkspaceHost;
  private readonly workspaces = new Map<string, FakeWorkspaceState>();
  /** Every bot token the fake ever issued → the workspace it acts in (revoked ones included). */
  private readonly tokenOwners = new Map<string, FakeWorkspaceState>();
  /** Browser sessions (the `d` cookie) → who is signed in. */
  private readonly sessions = new Map<string, SignedIn>();
  private readonly oauth: FakeSlackOAuth;
  private primary: FakeWorkspaceState;

  constructor(private readonly options: FakeSlackOptions) {
    this.appToken = options.appToken ?? DEFAULT_APP_TOKEN;
    this.host = {
      baseUrl: () => this.url,
      nextTs: () => this.nextTs(),
      nextId: (prefix) => this.nextId(prefix),
      responseUrl: (teamId, kind) => this.mintResponseUrl(teamId, kind),
      triggerId: () => this.mintTriggerId(),
      routeToken: (token, workspace) => this.tokenOwners.set(token, workspace),
      signIn: (workspace, userId) => {
        const session = hex(16);
        this.sessions.set(session, { workspace, userId });
        return `d=${session}`;
      },
    };
    this.primary = this.createDefaultWorkspace();
    this.socketMode = new FakeSlackSocket({
      appToken: this.appToken,
      appId: this.appId,
      teamId: this.teamId,
      baseUrl: () => this.url,
      ackDeadlineMs: options.socketAckDeadlineMs,
    });
    this.oauth = new FakeSlackOAuth((cookie) => this.sessionOf(cookie), options.oauthNow ?? (() => performance.now()));
    this.rateLimits = options.rateLimits ?? true;
    this.rateLimitNow = options.rateLimitNow ?? (() => performance.now());
    this.handlers = this.buildHandlers();
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

  // ----- the default workspace -----

  get teamId(): string {
    return this.primary.teamId;
  }

  get teamDomain(): string {
    return this.primary.teamDomain;
  }

  get teamName(): string {
    return this.primary.teamName;
  }

  get botUserId(): string {
    return this.primary.botUserId;
  }

  get botId(): string {
    return this.primary.botId;
  }

  get appId(): string {
    return this.primary.appId;
  }

  get token(): string {
    return this.options.expectedToken ?? DEFAULT_TOKEN;
  }

  messages(channel?: string): PostedMessage[] {
    return this.primary.messages(channel);
  }

  views(): SlackView[] {
    return this.primary.views();
  }

  channel(ref: string): SlackChannel | undefined {
    return this.primary.channel(ref);
  }

  user(id: string): SlackUser | undefined {
    return this.primary.user(id);
  }

  addFile(input: AddFileInput): SlackFile {
    return this.primary.addFile(input);
  }

  addUser(input: AddUserInput): SlackUser {
    return this.primary.addUser(input);
  }

  addChannel(input: AddChannelInput): SlackChannel {
    return this.primary.addChannel(input);
  }

  responseUrl(kind: "commands" | "actions" = "commands"): string {
    return this.mintResponseUrl(this.teamId, kind);
  }

  triggerId(): string {
    return this.mintTriggerId();
  }

  uninstallApp(): void {
    this.primary.uninstallApp();
  }

  reinstallApp(): void {
    this.primary.restoreTokens();
  }

  signIn(userId: string): string {
    return this.primary.signIn(userId);
  }

  // ----- other workspaces and installs -----

  addWorkspace(input: AddWorkspaceInput): FakeWorkspace {
    if (this.workspaces.has(input.teamId)) throw new Error(`fake-slack: workspace ${input.teamId} exists already`);
    const suffix = input.teamId.replace(/^T/, "");
    const workspace = new FakeWorkspaceState(
      {
        teamId: input.teamId,
        teamDomain: input.teamDomain ?? input.teamId.toLowerCase(),
        teamName: input.teamName ?? `Team ${input.teamId}`,
        botUserId: input.botUserId ?? `U${suffix}BOT`,
        botId: input.botId ?? `B${suffix}BOT`,
        appId: this.appId,
        defaultUserId: input.userId ?? `U${suffix}USR`,
      },
      this.host,
    );
    workspace.addUser({ id: workspace.defaultUserId });
    this.workspaces.set(workspace.teamId, workspace);
    return workspace;
  }

  workspace(teamId: string): FakeWorkspace {
    const workspace = this.workspaces.get(teamId);
    if (!workspace) throw new Error(`fake-slack: no workspace ${teamId}`);
    return workspace;
  }

  configureOAuthApp(app: OAuthAppConfig): void {
    this.oauth.configure(app);
  }

  // ----- recording and failures -----

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

  fail(method: string, spec: FailureSpec): void {
    this.failures.push({ ...spec, method, remaining: spec.count ?? 1 });
  }

  clearFailures(): void {
    this.failures = [];
  }

  stub(method: string, handler: StubHandler): void {
    this.stubs.set(method, handler);
  }

  reset(): void {
    this.calls = [];
    this.uploads = [];
    this.responses = [];
    this.failures = [];
    this.stubs.clear();
    this.triggers.clear();
    this.responseUrls.clear();
    this.pendingUploads.clear();
    this.socketMode.reset();
    this.buckets.clear();
    this.workspaces.clear();
    this.tokenOwners.clear();
    this.sessions.clear();
    this.oauth.reset();
    this.primary = this.createDefaultWorkspace();
  }

  async close(): Promise<void> {
    // fetch keeps connections alive; without closeAllConnections close() would wait for them to time out.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.socketMode.close();
    this.server.closeAllConnections();
    await closed;
  }

  // ----- HTTP plumbing -----

  private createDefaultWorkspace(): FakeWorkspaceState {
    const { options } = this;
    const workspace = new FakeWorkspaceState(
      {
        teamId: options.teamId ?? DEFAULT_TEAM_ID,
        teamDomain: options.teamDomain ?? DEFAULT_TEAM_DOMAIN,
        teamName: "SAM Test",
        botUserId: options.botUserId ?? DEFAULT_BOT_USER_ID,
        botId: options.botId ?? DEFAULT_BOT_ID,
        appId: options.appId ?? DEFAULT_APP_ID,
        defaultUserId: DEFAULT_USER_ID,
      },
      this.host,
    );
    workspace.addUser({ id: DEFAULT_USER_ID, real_name: "Alice Example", name: "alice", tz: "America/New_York" });
    workspace.addChannel({ id: DEFAULT_CHANNEL_ID, name: DEFAULT_CHANNEL_NAME, isMember: true });
    workspace.addChannel({ id: "C0GENERAL01", name: "general", isMember: false });
    workspace.issueToken(this.token);
    this.workspaces.set(workspace.teamId, workspace);
    return workspace;
  }

  private sessionOf(cookie: string | undefined): SignedIn | undefined {
    const session = /(?:^|;\s*)d=([^;]+)/.exec(cookie ?? "")?.[1];
    return session ? this.sessions.get(session) : undefined;
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
      const basic = basicCredentials(req.headers.authorization);
      answer = () => this.callMethod(method, args, token, basic);
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
    } else if (path === "/oauth/v2/authorize" && (req.method === "GET" || req.method === "POST")) {
      // The browser's side of an install: the page, then the person's choice posted back.
      method = "oauth_authorize";
      const params = req.method === "GET" ? url.searchParams : new URLSearchParams(raw.toString("utf8"));
      args = Object.fromEntries(params);
      answer = () =>
        req.method === "GET" ? this.oauth.authorizePage(params, req.headers.cookie) : this.oauth.decide(params, req.headers.cookie);
    } else {
      method = "not_found";
      answer = () => html(404, "<html><body>404 Not Found</body></html>", "not_found");
    }

    const result = this.injectedFailure(method) ?? (await answer());
    const teamId = token === undefined ? undefined : this.tokenOwners.get(token)?.teamId;
    this.calls.push({
      method,
      args,
      at: Date.now(),
      status: result.status,
      ok: result.ok,
      error: result.error,
      ...(result.messages ? { messages: result.messages } : {}),
      token,
      ...(teamId ? { teamId } : {}),
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
    const isApi = !["file_upload", "file_download", "response_url", "oauth_authorize", "not_found"].includes(method);
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

  private callMethod(
    method: string,
    args: Record<string, unknown>,
    token: string | undefined,
    basic: { id: string; secret: string } | undefined,
  ): Answer {
    // The one method called with the app-level token, not the bot token.
    if (method === "apps.connections.open") return json(200, this.socketMode.openConnection(token));
    // Called with the app's client credentials (no token): an install's code for its bot token.
    if (method === "oauth.v2.access") return this.answer(() => this.oauth.access(args, basic));
    // Slack checks the token before anything else; both cases are HTTP 200 with ok:false.
    if (token === undefined) return json(200, { ok: false, error: "not_authed" });
    const workspace = this.tokenOwners.get(token);
    if (!workspace) return json(200, { ok: false, error: "invalid_auth" });
    // https://docs.slack.dev/reference/methods/chat.postMessage#errors: token_revoked.
    if (!workspace.accepts(token)) return json(200, { ok: false, error: "token_revoked" });
    const stub = this.stubs.get(method);
    const handler: Handler | undefined = stub ? (stubArgs) => stub(stubArgs) : this.handlers[method];
    if (!handler) return json(200, { ok: false, error: "unknown_method", req_method: method });
    const limited = this.rateLimited(method, args, workspace);
    if (limited) return limited;
    const refusal = strictCheck(method, args);
    if (refusal) return refused(refusal);
    return this.answer(() => handler(args, workspace));
  }

  /** A method's payload as `{ ok: true, … }`, or its SlackApiError as `{ ok: false, error }`. */
  private answer(run: () => Record<string, unknown>): Answer {
    try {
      return json(200, { ok: true, ...run() });
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

  /** A file URL answers only a token of the file's own workspace; anything else gets the sign-in page. */
  private download(path: string, token: string | undefined): Answer {
    const match = /^\/files-pri\/([^/]+)-([^/-]+)\/(?:download\/)?[^/]+$/.exec(path);
    const workspace = token === undefined ? undefined : this.tokenOwners.get(token);
    if (!workspace?.accepts(token ?? "") || match?.[1] !== workspace.teamId) return html(200, LOGIN_PAGE, "login_page");
    const entry = match ? workspace.files.get(match[2] ?? "") : undefined;
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
   * A token bucket per method (per channel for chat.postMessage) and workspace, refilled at the
   * documented rate. Real time, not the app's clock: Slack's limits are wall-clock facts.
   */
  private rateLimited(method: string, args: Record<string, unknown>, workspace: FakeWorkspaceState): Answer | undefined {
    const limit = RATE_LIMITS[method];
    if (!this.rateLimits || !limit) return undefined;
    const channelRef = str(args.channel) ?? "";
    const scope = limit.perChannel ? `${method} ${workspace.findChannel(channelRef)?.id ?? channelRef}` : method;
    const key = `${workspace.teamId} ${scope}`;
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


  private mintResponseUrl(teamId: string, kind: "commands" | "actions"): string {
    const url = `${this.url}/${kind}/${teamId}/${Date.now()}${this.idCounter++}/${hex(12)}`;
    this.responseUrls.add(new URL(url).pathname);
    return url;
  }

  private mintTriggerId(): string {
    const id = `${Date.now()}${this.idCounter++}.${Math.floor(Math.random() * 1e9)}.${hex(16)}`;
    this.triggers.set(id, { mintedAt: performance.now(), used: false });
    return id;
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
      "auth.test": (_args, workspace) => ({
        url: `https://${workspace.teamDomain}.slack.com/`,
        team: workspace.teamName,
        user: "sam",
        team_id: workspace.teamId,
        user_id: workspace.botUserId,
        bot_id: workspace.botId,
        is_enterprise_install: false,
      }),

      "chat.postMessage": (args, workspace) => {
        const channel = workspace.postTarget(required(args, "channel", "channel_not_found"));
        if (!hasContent(args)) throw new SlackApiError("no_text");
        const threadTs = str(args.thread_ts);
        const message: PostedMessage = {
          channel: channel.id,
          ts: this.nextTs(),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          text: str(args.text) ?? str(args.markdown_text) ?? "",
          ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
          ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
          ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
          user: workspace.botUserId,
          bot_id: workspace.botId,
          updates: 0,
        };
        workspace.posted.push(message);
        return { channel: channel.id, ts: message.ts, message: workspace.messageShape(message) };
      },

      "chat.update": (args, workspace) => {
        const channel = workspace.channelArg(args);
        const ts = required(args, "ts", "message_not_found");
        const message = workspace.posted.find((m) => m.channel === channel.id && m.ts === ts);
        if (!message) throw new SlackApiError("message_not_found");
        // Omitted fields keep their value (blocks: [] clears them), as chat.update documents.
        if (args.text !== undefined) message.text = String(args.text);
        if (args.blocks !== undefined) message.blocks = args.blocks;
        if (args.attachments !== undefined) message.attachments = args.attachments;
        if (args.metadata !== undefined) message.metadata = args.metadata;
        message.updates += 1;
        return { channel: channel.id, ts, text: message.text, message: workspace.messageShape(message) };
      },

      "chat.delete": (args, workspace) => {
        const channel = workspace.channelArg(args);
        const ts = required(args, "ts", "message_not_found");
        const index = workspace.posted.findIndex((m) => m.channel === channel.id && m.ts === ts);
        if (index < 0) throw new SlackApiError("message_not_found");
        workspace.posted.splice(index, 1);
        return { channel: channel.id, ts };
      },

      "chat.postEphemeral": (args, workspace) => {
        workspace.postTarget(required(args, "channel", "channel_not_found"));
        const user = required(args, "user", "user_not_in_channel");
        if (!workspace.users.has(user)) throw new SlackApiError("user_not_in_channel");
        if (!hasContent(args)) throw new SlackApiError("no_text");
        return { message_ts: this.nextTs() };
      },

      "chat.getPermalink": (args, workspace) => {
        const channel = workspace.channelArg(args);
        const ts = required(args, "message_ts", "message_not_found");
        const message = workspace.posted.find((m) => m.channel === channel.id && m.ts === ts);
        if (!message) throw new SlackApiError("message_not_found");
        const thread = message.thread_ts ? `?thread_ts=${message.thread_ts}&cid=${channel.id}` : "";
        return {
          channel: channel.id,
          permalink: `https://${workspace.teamDomain}.slack.com/archives/${channel.id}/p${ts.replace(".", "")}${thread}`,
        };
      },

      "views.open": (args, workspace) => {
        const view = this.viewArg(args);
        this.consumeTrigger(args);
        return { view: workspace.newView(view) };
      },

      "views.push": (args, workspace) => {
        const view = this.viewArg(args);
        this.consumeTrigger(args);
        const root = [...workspace.viewsById.values()].filter((v) => v.type === "modal").at(-1);
        // SLACK_RULES.viewStack: a modal holds its root view and at most two pushed ones.
        const stack = root ? [...workspace.viewsById.values()].filter((v) => v.root_view_id === root.root_view_id) : [];
        if (stack.length >= SLACK_RULES.viewStack.max) throw new SlackApiError("push_limit_reached");
        return {
          view: workspace.newView(
            view,
            root ? { root_view_id: root.root_view_id, previous_view_id: root.id } : {},
          ),
        };
      },

      "views.update": (args, workspace) => {
        const view = this.viewArg(args);
        const viewId = str(args.view_id);
        const externalId = str(args.external_id);
        const current = viewId
          ? workspace.viewsById.get(viewId)
          : [...workspace.viewsById.values()].find(
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
        workspace.viewsById.set(current.id, updated);
        return { view: updated };
      },

      "views.publish": (args, workspace) => {
        const userId = required(args, "user_id", "invalid_arguments");
        if (!workspace.users.has(userId)) throw new SlackApiError("user_not_found");
        const view = this.viewArg(args);
        const existing = [...workspace.viewsById.values()].find((v) => v.type === "home" && v.user_id === userId);
        const hash = str(args.hash);
        if (existing && hash !== undefined && hash !== existing.hash)
          throw new SlackApiError("hash_conflict");
        if (existing) workspace.viewsById.delete(existing.id);
        return { view: workspace.newView({ ...view, type: "home" }, { user_id: userId }) };
      },

      "files.info": (args, workspace) => {
        const entry = workspace.files.get(required(args, "file", "file_not_found"));
        if (!entry) throw new SlackApiError("file_not_found");
        return { file: entry.file, content: "", comments: [], response_metadata: { next_cursor: "" } };
      },

      "files.getUploadURLExternal": (args) => {
        const filename = str(args.filename);
        if (filename === undefined || filename === "") throw new SlackApiError(FILE_RULES.filenameRequired.error);
        const length = Number(args.length);
        if (!Number.isInteger(length) || length <= 0) throw new SlackApiError(FILE_RULES.lengthPositive.error);
        // Slack documents `alt_txt`; @slack/web-api's filesUploadV2 sends `alt_text`. Both are kept.
        const altText = str(args.alt_txt) ?? str(args.alt_text);
        if (altText !== undefined && [...altText].length > FILE_RULES.altTextLength.max) {
          throw new SlackApiError(FILE_RULES.altTextLength.error);
        }
        const fileId = this.nextId("F");
        const path = `/upload/v1/${hex(16)}`;
        const upload: RecordedUpload = {
          file_id: fileId,
          filename,
          length,
          completed: false,
          ...(altText !== undefined ? { alt_text: altText } : {}),
        };
        this.pendingUploads.set(path, upload);
        this.uploads.push(upload);
        return { upload_url: `${this.url}${path}`, file_id: fileId };
      },

      "files.completeUploadExternal": (args, workspace) => {
        const list = Array.isArray(args.files) ? (args.files as Array<Record<string, unknown>>) : undefined;
        if (!list || list.length === 0) throw new SlackApiError("invalid_arguments");
        const channelId = str(args.channel_id);
        const threadTs = str(args.thread_ts);
        if (threadTs !== undefined && channelId === undefined) throw new SlackApiError(FILE_RULES.threadNeedsChannel.error);
        const comment = str(args.initial_comment);
        if (comment !== undefined && comment.length > FILE_RULES.commentLength.max) {
          throw new SlackApiError(FILE_RULES.commentLength.error);
        }
        if (channelId !== undefined) {
          const channel = workspace.postTarget(channelId);
          if (threadTs !== undefined) {
            const parent = workspace.posted.find((m) => m.channel === channel.id && m.ts === threadTs);
            if (!parent || (parent.thread_ts !== undefined && parent.thread_ts !== parent.ts)) {
              throw new SlackApiError(FILE_RULES.threadIsParent.error);
            }
          }
        }
        const uploads = list.map((item) => {
          const upload = this.uploads.find((u) => u.file_id === item.id);
          if (!upload || upload.content === undefined || upload.completed) {
            throw new SlackApiError(FILE_RULES.uploadedBeforeComplete.error);
          }
          if (upload.content.length !== upload.length) throw new SlackApiError(FILE_RULES.bytesAsAnnounced.error);
          return { upload, item };
        });
        const done: SlackFile[] = [];
        for (const { upload, item } of uploads) {
          upload.completed = true;
          upload.title = str(item.title) ?? upload.filename;
          if (channelId !== undefined) upload.channel_id = channelId;
          if (threadTs !== undefined) upload.thread_ts = threadTs;
          if (comment !== undefined) upload.initial_comment = comment;
          // Register it so files.info and downloads of the uploaded file work, as on Slack.
          done.push(
            workspace.addFile({
              id: upload.file_id,
              name: upload.filename,
              title: upload.title,
              content: upload.content!,
              user: workspace.botUserId,
            }),
          );
        }
        return { files: done };
      },

      "users.info": (args, workspace) => {
        const user = workspace.users.get(required(args, "user", "user_not_found"));
        if (!user) throw new SlackApiError("user_not_found");
        return { user };
      },

      "conversations.info": (args, workspace) => ({ channel: workspace.channelArg(args) }),

      "conversations.join": (args, workspace) => {
        const channel = workspace.channelArg(args);
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

      "conversations.list": (args, workspace) => {
        const types = (str(args.types) ?? "public_channel").split(",").map((t) => t.trim());
        const excludeArchived = args.exclude_archived === true || args.exclude_archived === "true";
        const all = [...workspace.channels.values()].filter(
          (c) =>
            !c.is_im &&
            workspace.visibleToBot(c) &&
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
