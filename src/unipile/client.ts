// Typed access to the Unipile v1 endpoints the app uses. Every call goes through call(): one
// keep-alive pool, the X-API-KEY header, zod-checked answers, and UnipileError on any failure.
// Only calls that are safe to repeat (GET, and DELETE of an invitation) are retried here.
import { setTimeout as sleep } from "node:timers/promises";
import { FormData, Pool } from "undici";
import type { z } from "zod";
import { addSecret, createLogger, type Logger } from "../log.js";
import { cleanJson, jsonTextMayNeedCleaning } from "../safe-text.js";
import { isKnownErrorType } from "./classify.js";
import { CLIENT_CODES, UnipileError } from "./errors.js";
import { paginate } from "./paginate.js";
import { isUnreachableStatus, type Reachability, ReachabilityTracker } from "./reachability.js";
import { DEFAULT_RETRY, isRetryable, parseRetryAfter, type RetryPolicy, retryDelayMs } from "./retry.js";
import { exchange, type RawResponse, TransportFailure } from "./transport.js";
import { type HostedAuthLink, type HostedAuthLinkRequest, hostedAuthLinkBody, hostedAuthLinkWire } from "./hosted-auth.js";
import type {
  Account,
  CancelResult,
  Chat,
  ChatMessage,
  ChatStarted,
  InvitationSent,
  MessageSent,
  OwnProfile,
  Page,
  PendingInvitation,
  Profile,
  Relation,
  Webhook,
  WebhookInput,
} from "./types.js";
import {
  accountWire,
  chatStartedWire,
  chatWire,
  errorBodyWire,
  invitationCanceledWire,
  invitationSentWire,
  messageSentWire,
  messageWire,
  ownProfileWire,
  pageOf,
  pendingInvitationWire,
  profileWire,
  relationWire,
  tolerantPageOf,
  webhookCreatedWire,
  webhookDeletedWire,
  webhookWire,
} from "./wire.js";

export interface Timeouts {
  connectMs: number;
  /** Until the response headers arrive; sends through LinkedIn can take several seconds. */
  headersMs: number;
  /** Between two chunks of the response body. */
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 60_000, bodyMs: 30_000 };

export interface UnipileClientOptions {
  /** Scheme, host and port (the DSN), without /api/v1. */
  baseUrl: string;
  apiKey: string;
  logger?: Logger;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** Most sockets open at once to the server. */
  connections?: number;
  /** Items asked for per page; Unipile's maximum unless a test wants many small pages. */
  pageSizes?: Partial<PageSizes>;
}

/** The largest `limit` each list takes (Unipile's API reference); also the page sizes used by default. */
export const MAX_PAGE_SIZES = { relations: 1000, invitations: 100, chats: 250, messages: 250, accounts: 250 } as const;
export type PageSizes = Record<keyof typeof MAX_PAGE_SIZES, number>;

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

interface Call<T> {
  method: "GET" | "POST" | "DELETE";
  /** Path below /api/v1, segments already encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  schema: z.ZodType<T>;
  /** Safe to send twice, so transport failures and 5xx may be retried. */
  repeatable: boolean;
  /** Turns some failures into a result, e.g. a 404 after an unanswered DELETE; `earlier` are previous attempts' failures. */
  recover?: (error: UnipileError, earlier: readonly UnipileError[]) => T | undefined;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; error: UnipileError };

const AFTER_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const reportedUnknownTypes = new Set<string>();

export class UnipileClient {
  /** The server's address (scheme, host, port, no /api/v1): the DSN, as hosted auth's api_url wants it. */
  readonly apiUrl: string;
  private readonly pool: Pool;
  private readonly apiPrefix: string;
  private readonly apiKey: string;
  private readonly logger: Logger;
  private readonly timeouts: Timeouts;
  private readonly retry: RetryPolicy;
  private readonly pageSizes: PageSizes;
  private readonly reachability = new ReachabilityTracker();

  constructor(options: UnipileClientOptions) {
    if (!options.apiKey) throw new TypeError("UnipileClient needs an API key");
    addSecret(options.apiKey);
    const base = new URL(options.baseUrl);
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new TypeError("UnipileClient baseUrl must be an http(s) URL");
    }
    this.apiKey = options.apiKey;
    this.logger = (options.logger ?? createLogger()).child({ component: "unipile-client" });
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.pageSizes = { ...MAX_PAGE_SIZES, ...options.pageSizes };
    for (const [list, size] of Object.entries(this.pageSizes)) {
      const max = MAX_PAGE_SIZES[list as keyof PageSizes];
      if (!Number.isInteger(size) || size < 1 || size > max) {
        throw new TypeError(`UnipileClient page size for ${list} must be an integer from 1 to ${max}`);
      }
    }
    this.apiPrefix = `${base.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "")}/api/v1`;
    this.apiUrl = `${base.origin}${this.apiPrefix.replace(/\/api\/v1$/, "")}`;
    this.pool = new Pool(base.origin, {
      connections: options.connections ?? 32,
      connect: { timeout: this.timeouts.connectMs },
    });
  }

  // ── Profiles and relations ────────────────────────────────────────────────────────────────

  /** By public identifier or provider id. Never the /users/profile?identifier= route (wrong people). */
  async getProfile(accountId: string, identifier: string): Promise<Profile> {
    return this.call({
      method: "GET",
      path: `/users/${segment(identifier)}`,
      query: { account_id: accountId },
      schema: profileWire,
      repeatable: true,
    });
  }

  async getOwnProfile(accountId: string): Promise<OwnProfile> {
    return this.call({
      method: "GET",
      path: "/users/me",
      query: { account_id: accountId },
      schema: ownProfileWire,
      repeatable: true,
    });
  }

  async listRelations(accountId: string, page: PageRequest = {}): Promise<Page<Relation>> {
    return this.call({
      method: "GET",
      path: "/users/relations",
      query: { account_id: accountId, ...this.pageQuery(page, "relations") },
      // A relation left out is harmless (that person is looked up instead); a failed page is not.
      schema: tolerantPageOf(relationWire),
      repeatable: true,
    });
  }

  relations(accountId: string): AsyncGenerator<Relation> {
    return paginate((cursor) => this.listRelations(accountId, { cursor }));
  }

  // ── Invitations ───────────────────────────────────────────────────────────────────────────

  async sendInvitation(input: {
    accountId: string;
    providerId: string;
    message?: string;
    userEmail?: string;
  }): Promise<InvitationSent> {
    return this.call({
      method: "POST",
      path: "/users/invite",
      json: {
        account_id: input.accountId,
        provider_id: input.providerId,
        message: input.message,
        user_email: input.userEmail,
      },
      schema: invitationSentWire,
      repeatable: false,
    });
  }

  async listSentInvitations(accountId: string, page: PageRequest = {}): Promise<Page<PendingInvitation>> {
    return this.call({
      method: "GET",
      path: "/users/invite/sent",
      query: { account_id: accountId, ...this.pageQuery(page, "invitations") },
      schema: pageOf(pendingInvitationWire),
      repeatable: true,
    });
  }

  sentInvitations(accountId: string): AsyncGenerator<PendingInvitation> {
    return paginate((cursor) => this.listSentInvitations(accountId, { cursor }));
  }

  /** Withdrawing twice changes nothing, so this DELETE is retried like a GET. */
  async cancelInvitation(accountId: string, invitationId: string): Promise<CancelResult> {
    return this.call({
      method: "DELETE",
      path: `/users/invite/sent/${segment(invitationId)}`,
      query: { account_id: accountId },
      schema: invitationCanceledWire.transform(
        (): CancelResult => ({ invitationId, alreadyCanceled: false }),
      ),
      repeatable: true,
      // A 404 right after an attempt whose answer was lost means that attempt did withdraw it.
      recover: (error, earlier) =>
        error.status === 404 && earlier.at(-1)?.failureClass === "ambiguous"
          ? { invitationId, alreadyCanceled: true }
          : undefined,
    });
  }

  // ── Chats and messages ────────────────────────────────────────────────────────────────────

  /** Sends the first message to a connection, creating the 1:1 chat if needed (multipart). */
  async startChat(input: {
    accountId: string;
    attendeeProviderId: string;
    text: string;
    inmail?: boolean;
  }): Promise<ChatStarted> {
    const form = new FormData();
    form.append("account_id", input.accountId);
    form.append("attendees_ids", input.attendeeProviderId);
    form.append("text", input.text);
    if (input.inmail) form.append("linkedin[inmail]", "true");
    return this.call({ method: "POST", path: "/chats", form, schema: chatStartedWire, repeatable: false });
  }

  /** accountId, when given, makes Unipile refuse a chat that belongs to another account. */
  async sendMessage(input: { chatId: string; text: string; accountId?: string }): Promise<MessageSent> {
    const form = new FormData();
    form.append("text", input.text);
    if (input.accountId) form.append("account_id", input.accountId);
    return this.call({
      method: "POST",
      path: `/chats/${segment(input.chatId)}/messages`,
      form,
      schema: messageSentWire,
      repeatable: false,
    });
  }

  /** One page of a chat's messages, oldest first (Unipile documents no order). */
  async listMessages(
    chatId: string,
    options: PageRequest & { after?: Date | string } = {},
  ): Promise<Page<ChatMessage>> {
    const page = await this.call({
      method: "GET",
      path: `/chats/${segment(chatId)}/messages`,
      query: { after: afterParam(options.after), ...this.pageQuery(options, "messages") },
      schema: pageOf(messageWire),
      repeatable: true,
    });
    return { items: byTimestamp(page.items), cursor: page.cursor };
  }

  messages(chatId: string, options: { after?: Date | string } = {}): AsyncGenerator<ChatMessage> {
    return paginate((cursor) => this.listMessages(chatId, { after: options.after, cursor }));
  }

  /** Every message of a chat (after the given instant), oldest first across all pages. */
  async chatHistory(chatId: string, options: { after?: Date | string } = {}): Promise<ChatMessage[]> {
    const all: ChatMessage[] = [];
    for await (const message of this.messages(chatId, options)) all.push(message);
    return byTimestamp(all);
  }

  /** The 1:1 chats with a person; empty when Unipile has never synced that person (404). */
  async listChatsWithAttendee(accountId: string, attendeeProviderId: string): Promise<Chat[]> {
    const chats: Chat[] = [];
    const pages = paginate((cursor) =>
      this.call({
        method: "GET",
        path: `/chat_attendees/${segment(attendeeProviderId)}/chats`,
        query: { account_id: accountId, ...this.pageQuery({ cursor }, "chats") },
        schema: pageOf(chatWire),
        repeatable: true,
        recover: (error) => (error.status === 404 ? { items: [], cursor: null } : undefined),
      }),
    );
    for await (const chat of pages) chats.push(chat);
    return chats;
  }

  // ── Accounts ──────────────────────────────────────────────────────────────────────────────

  async listAccounts(page: PageRequest = {}): Promise<Page<Account>> {
    return this.call({
      method: "GET",
      path: "/accounts",
      query: this.pageQuery(page, "accounts"),
      schema: tolerantPageOf(accountWire),
      repeatable: true,
    });
  }

  accounts(): AsyncGenerator<Account> {
    return paginate((cursor) => this.listAccounts({ cursor }));
  }

  async getAccount(accountId: string): Promise<Account> {
    return this.call({
      method: "GET",
      path: `/accounts/${segment(accountId)}`,
      schema: accountWire,
      repeatable: true,
    });
  }

  /**
   * A link to Unipile's hosted sign-in wizard (connect a new account, or reconnect one). Asking
   * twice only leaves an unused link that expires, so a lost answer is asked again like a GET.
   */
  async createHostedAuthLink(request: HostedAuthLinkRequest): Promise<HostedAuthLink> {
    return this.call({
      method: "POST",
      path: "/hosted/accounts/link",
      json: hostedAuthLinkBody(request),
      schema: hostedAuthLinkWire,
      repeatable: true,
    });
  }

  // ── Webhooks ──────────────────────────────────────────────────────────────────────────────

  async createWebhook(input: WebhookInput): Promise<{ webhookId: string }> {
    return this.call({
      method: "POST",
      path: "/webhooks",
      json: {
        request_url: input.requestUrl,
        source: input.source,
        name: input.name,
        format: "json",
        headers: input.headers,
        events: input.events,
        account_ids: input.accountIds,
        enabled: input.enabled,
      },
      schema: webhookCreatedWire,
      repeatable: false,
    });
  }

  /** Every webhook of the organisation, other tools' too; entries that cannot be read are left out. */
  async listWebhooks(): Promise<Webhook[]> {
    const webhooks: Webhook[] = [];
    const all = paginate((cursor) =>
      this.call({
        method: "GET",
        path: "/webhooks",
        query: { cursor },
        schema: tolerantPageOf(webhookWire),
        repeatable: true,
      }),
    );
    for await (const webhook of all) webhooks.push(webhook);
    return webhooks;
  }

  async deleteWebhook(webhookId: string): Promise<void> {
    await this.call({
      method: "DELETE",
      path: `/webhooks/${segment(webhookId)}`,
      schema: webhookDeletedWire,
      repeatable: false,
    });
  }

  /** Whether Unipile answered the last call (kept from real calls; asks Unipile nothing). */
  lastContact(): Reachability {
    return this.reachability.snapshot();
  }

  /** Waits for calls in flight, then closes the sockets. Calling it again does nothing. */
  async close(): Promise<void> {
    if (this.pool.closed || this.pool.destroyed) return;
    await this.pool.close();
  }

  /** Abandons calls in flight (they fail as ambiguous or retry_later) and closes the sockets. */
  async destroy(): Promise<void> {
    if (this.pool.destroyed) return;
    await this.pool.destroy();
  }

  // ── Plumbing ──────────────────────────────────────────────────────────────────────────────

  private pageQuery(page: PageRequest, list: keyof PageSizes): Record<string, string | number | undefined> {
    return pageQuery(page, this.pageSizes[list], MAX_PAGE_SIZES[list]);
  }

  private async call<T>(spec: Call<T>): Promise<T> {
    const path = `${this.apiPrefix}${spec.path}`;
    const earlier: UnipileError[] = [];
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec, path);
      if (outcome.ok) return outcome.value;
      const error = outcome.error.withAttempts(attempt);
      const recovered = spec.recover?.(error, earlier);
      if (recovered !== undefined) return recovered;
      earlier.push(error);
      const delay =
        spec.repeatable && attempt <= this.retry.maxRetries && isRetryable(error)
          ? retryDelayMs(this.retry, attempt - 1, error.retryAfterMs)
          : undefined;
      if (delay === undefined) {
        // Most failures are expected outcomes (422 not connected, 429) that the caller handles and logs.
        this.logger.debug("unipile call failed", describe(error));
        throw error;
      }
      this.logger.warn("unipile call failed, retrying", { ...describe(error), retryInMs: delay });
      await sleep(delay);
    }
  }

  private async attempt<T>(spec: Call<T>, path: string): Promise<Attempt<T>> {
    const started = performance.now();
    let response: RawResponse;
    try {
      response = await exchange(this.pool, {
        method: spec.method,
        path: `${path}${queryString(spec.query)}`,
        headers: this.headers(spec),
        body: spec.form ?? (spec.json === undefined ? undefined : JSON.stringify(spec.json)),
        headersTimeoutMs: this.timeouts.headersMs,
        bodyTimeoutMs: this.timeouts.bodyMs,
      });
    } catch (err) {
      const failure = err instanceof TransportFailure ? err : new TransportFailure("UND_ERR_UNKNOWN", false);
      this.reachability.unanswered(failure.code);
      return {
        ok: false,
        error: new UnipileError({
          type: failure.code,
          method: spec.method,
          path,
          requestSent: failure.requestSent,
        }),
      };
    }
    const ms = Math.round(performance.now() - started);
    this.logger.debug("unipile call", { method: spec.method, path, status: response.status, ms });
    if (isUnreachableStatus(response.status)) this.reachability.unanswered(`http_${response.status}`);
    else this.reachability.answered();
    if (response.status < 200 || response.status >= 300) {
      return { ok: false, error: this.errorFromResponse(spec.method, path, response) };
    }
    const parsed = spec.schema.safeParse(parseJson(response.body));
    if (parsed.success) {
      const skipped = (parsed.data as Partial<Page<unknown>> | undefined)?.skipped;
      if (skipped) this.logger.warn("unipile list items left out: their shape is unreadable", { method: spec.method, path, ...skipped });
      return { ok: true, value: parsed.data };
    }
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: new UnipileError({
        // The server answered 2xx, so it acted; we just cannot read what it says it did.
        failureClass: "ambiguous",
        type: CLIENT_CODES.badResponse,
        status: response.status,
        title: "Unexpected response shape",
        detail: issue ? `${issue.path.join(".") || "(body)"}: ${issue.message}` : undefined,
        method: spec.method,
        path,
        requestSent: true,
      }),
    };
  }

  private headers(spec: Call<unknown>): Record<string, string> {
    const headers: Record<string, string> = { "x-api-key": this.apiKey, accept: "application/json" };
    if (spec.json !== undefined) headers["content-type"] = "application/json";
    return headers;
  }

  private errorFromResponse(method: string, path: string, response: RawResponse): UnipileError {
    const body = errorBodyWire.safeParse(parseJson(response.body));
    const fields = body.success ? body.data : {};
    const type = fields.type ?? `http_${response.status}`;
    if (
      fields.type !== undefined &&
      !isKnownErrorType(fields.type) &&
      !reportedUnknownTypes.has(fields.type)
    ) {
      reportedUnknownTypes.add(fields.type);
      this.logger.warn("unknown Unipile error type, classified by HTTP status", {
        type: fields.type,
        status: response.status,
        method,
        path,
      });
    }
    return new UnipileError({
      type,
      status: response.status,
      title: fields.title,
      detail: fields.detail,
      method,
      path,
      requestSent: true,
      retryAfterMs: parseRetryAfter(response.headers["retry-after"]),
    });
  }
}

function describe(error: UnipileError): Record<string, unknown> {
  const { message: _message, name: _name, ...fields } = error.toJSON();
  return fields;
}

function segment(value: string): string {
  if (!value) throw invalidArgument("an id or identifier must not be empty");
  return encodeURIComponent(value);
}

/** `limit` (the configured page size unless the caller asks for another) and the opaque cursor. */
function pageQuery(page: PageRequest, defaultLimit: number, max: number): Record<string, string | number | undefined> {
  if (page.limit !== undefined && (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > max)) {
    throw invalidArgument(`limit must be an integer from 1 to ${max}`);
  }
  if (page.cursor !== undefined && page.cursor.length === 0)
    throw invalidArgument("cursor must not be empty");
  // The cursor goes as it came: queryString() percent-encodes it (padded base64 has + / =).
  return { limit: page.limit ?? defaultLimit, cursor: page.cursor };
}

function afterParam(after: Date | string | undefined): string | undefined {
  if (after === undefined) return undefined;
  const value = after instanceof Date ? after.toISOString() : after;
  if (!AFTER_FORMAT.test(value)) throw invalidArgument("after must look like YYYY-MM-DDTHH:MM:SS.sssZ");
  return value;
}

function invalidArgument(detail: string): UnipileError {
  return new UnipileError({
    failureClass: "invalid_request",
    type: CLIENT_CODES.invalidArgument,
    title: `Invalid argument: ${detail}`,
    detail,
    method: "-",
    path: "(not sent)",
    requestSent: false,
  });
}

function queryString(query: Record<string, string | number | undefined> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * Every answer's JSON, with NUL and lone surrogates removed from its strings: they would reach
 * error_message, reply_text and Slack, where PostgreSQL refuses them. A body too deep to clean
 * is treated like one that is not JSON.
 */
function parseJson(body: Buffer): unknown {
  const text = body.toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Relation pages are large and nearly always clean: skip the copy when no escape could be unsafe.
  if (!jsonTextMayNeedCleaning(text)) return parsed;
  const clean = cleanJson(parsed);
  return clean.ok ? clean.value : undefined;
}

function byTimestamp(messages: ChatMessage[]): ChatMessage[] {
  return [...messages].sort(
    (a, b) => a.timestamp.getTime() - b.timestamp.getTime() || a.id.localeCompare(b.id),
  );
}
