// One function per endpoint: read the request the way Unipile does (query, JSON or multipart),
// ask the World, answer with Unipile's JSON. The request already passed its operation's rules
// (request-rules.ts); what is left here are the refusals that depend on the world. Errors are
// thrown as ApiError.
import { ApiError, notFound } from "./api-error.js";
import type { Faults } from "./faults.js";
import type { SandboxChat, SandboxMessage } from "./model.js";
import { pageOf } from "./pagination.js";
import { fullName } from "./persona.js";
import { inviteBody, LINKEDIN_SECTIONS, type LinkedinSection, webhookBody } from "./request-rules.js";
import type { HOSTED_AUTH_ROUTE, RouteKey } from "./routes.js";
import {
  accountJson,
  chatAttendeeJson,
  chatJson,
  chatWithLastMessageJson,
  list,
  messageJson,
  ownProfileJson,
  pendingInvitationJson,
  profileJson,
  relationJson,
  webhookJson,
} from "./shapes.js";
import type { WebhookHub } from "./webhooks.js";
import type { World } from "./world.js";

export interface RequestContext {
  route: RouteKey;
  path: string;
  /** The :id path parameter, decoded. */
  id?: string;
  query: URLSearchParams;
  /** Multipart fields, when the body was multipart/form-data. */
  fields?: Record<string, string[]>;
  /** The parsed body, when it was JSON. */
  json?: unknown;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type Handler = (request: RequestContext) => Reply;

export interface HandlerEnv {
  world: () => World;
  faults: Faults;
  hub: WebhookHub;
}

const USAGE_THRESHOLDS = [95, 90, 75, 50];
/** Page sizes when no `limit` is given: ShortLimitParam's default 10, else Unipile's 100. */
const DEFAULT_LIMIT = 100;
const DEFAULT_SHORT_LIMIT = 10;

const ok = (body: unknown, status = 200): Reply => ({ status, body });

export function createHandlers({ world, faults, hub }: HandlerEnv): Omit<Record<RouteKey, Handler>, typeof HOSTED_AUTH_ROUTE> {
  return {
    "GET /api/v1/users/me": (r) => ok(ownProfileJson(world().usableAccount(r.query.get("account_id")))),

    "GET /api/v1/users/relations": (r) => {
      const account = world().usableAccount(r.query.get("account_id"));
      const filter = r.query.get("filter")?.toLowerCase();
      const relations = world()
        .relationsNewestFirst(account.id)
        .filter((c) => !filter || fullName(c.persona).toLowerCase().includes(filter));
      const page = pageOf(relations, r.query, `relations:${account.id}:${filter ?? ""}`, DEFAULT_LIMIT);
      return ok(list("UserRelationsList", page.items.map(relationJson), page.cursor));
    },

    "GET /api/v1/users/invite/sent": (r) => {
      const account = world().usableAccount(r.query.get("account_id"));
      const invitations = world().pendingInvitationsNewestFirst(account.id);
      const page = pageOf(invitations, r.query, `invitations:${account.id}`, DEFAULT_SHORT_LIMIT);
      const now = world().now();
      const items = page.items.map((invitation) => pendingInvitationJson(invitation, account, now));
      return ok(list("InvitationList", items, page.cursor));
    },

    "POST /api/v1/users/invite": (r) => {
      const body = inviteBody.parse(r.json);
      const account = world().usableAccount(body.account_id);
      faults.checkDailyLimit(account.id, "invitation", world().sentToday(account.id, "invitation"));
      const invitation = world().invite(account, body.provider_id, body.message ?? null);
      const usage = usageCrossed(
        faults.limitFor(account.id, "invitation"),
        world().sentToday(account.id, "invitation"),
      );
      return ok({ object: "UserInvitationSent", invitation_id: invitation.id, ...(usage ? { usage } : {}) });
    },

    "DELETE /api/v1/users/invite/sent/:id": (r) => {
      const account = world().usableAccount(r.query.get("account_id"));
      world().cancelInvitation(account, r.id!);
      return ok({ object: "InvitationCanceled" });
    },

    "GET /api/v1/users/:id": (r) => {
      // The undocumented /users/profile?identifier= returned the wrong person to an earlier
      // system; refuse it here so nothing comes to depend on it.
      if (r.id === "profile") throw notFound("Use GET /api/v1/users/{identifier}?account_id=.");
      const account = world().usableAccount(r.query.get("account_id"));
      const persona = world().profile(r.id!);
      if (!persona)
        throw new ApiError(404, "resource_not_found", "User not found", `No profile for ${r.id}.`);
      return ok(
        profileJson(persona, {
          connected: world().isConnected(account.id, persona),
          pendingInvitation: world().hasPendingInvitation(account.id, persona),
          sections: requestedSections(r.query),
        }),
      );
    },

    "GET /api/v1/chats": (r) => {
      const accountIds = accountIdsOf(world(), r.query);
      const chats = world()
        .chatsNewestFirst()
        .filter((chat) => !accountIds || accountIds.includes(chat.accountId))
        .filter((chat) => inWindow(latestActivity(chat), r.query));
      const page = pageOf(chats, r.query, `chats:${listScope(r.query)}`, DEFAULT_LIMIT);
      return ok(list("ChatList", page.items.map(chatJson), page.cursor));
    },

    "POST /api/v1/chats": (r) => {
      const fields = r.fields!;
      const account = world().usableAccount(first(fields, "account_id"));
      const text = first(fields, "text")!;
      faults.checkDailyLimit(account.id, "message", world().sentToday(account.id, "message"));
      const { chat, message } = world().startChat(account, fields.attendees_ids!, text, {
        inmail: first(fields, "linkedin[inmail]") === "true",
      });
      return ok({ object: "ChatStarted", chat_id: chat.id, message_id: message.id }, 201);
    },

    "GET /api/v1/chats/:id": (r) => {
      const chat = existingChat(world(), r.id!);
      world().usableAccount(chat.accountId);
      return ok(chatWithLastMessageJson(chat));
    },

    "GET /api/v1/chats/:id/messages": (r) => {
      const chat = existingChat(world(), r.id!);
      world().usableAccount(chat.accountId);
      const messages = newestFirst(chat.messages).filter((m) => matchesMessageQuery(m, r.query));
      const page = pageOf(messages, r.query, `messages:${chat.id}:${listScope(r.query)}`, DEFAULT_LIMIT);
      return ok(
        list(
          "MessageList",
          page.items.map((m) => messageJson(m, chat)),
          page.cursor,
        ),
      );
    },

    "POST /api/v1/chats/:id/messages": (r) => {
      const fields = r.fields!;
      const chat = existingChat(world(), r.id!);
      const claimed = first(fields, "account_id");
      if (claimed && claimed !== chat.accountId) {
        throw new ApiError(
          403,
          "account_mismatch",
          "Account mismatch",
          "The chat belongs to another account.",
        );
      }
      const account = world().usableAccount(chat.accountId);
      faults.checkDailyLimit(account.id, "message", world().sentToday(account.id, "message"));
      const message = world().sendMessage(account, chat, first(fields, "text")!);
      return ok({ object: "MessageSent", message_id: message.id }, 201);
    },

    "GET /api/v1/chats/:id/attendees": (r) => {
      const chat = existingChat(world(), r.id!);
      const account = world().usableAccount(chat.accountId);
      const self = {
        providerId: account.providerId,
        name: account.name,
        publicIdentifier: account.publicIdentifier,
      };
      const prospect = { ...chat.attendee, name: fullName(chat.attendee) };
      const items = [chatAttendeeJson(account.id, self, true), chatAttendeeJson(account.id, prospect, false)];
      return ok(list("ChatAttendeeList", items, null));
    },

    "GET /api/v1/messages": (r) => {
      const accountIds = accountIdsOf(world(), r.query);
      const chats = world()
        .chatsNewestFirst()
        .filter((chat) => !accountIds || accountIds.includes(chat.accountId));
      const chatOf = new Map(chats.map((chat) => [chat.id, chat]));
      const messages = newestFirst(chats.flatMap((chat) => chat.messages)).filter((m) =>
        matchesMessageQuery(m, r.query),
      );
      const page = pageOf(messages, r.query, `all-messages:${listScope(r.query)}`, DEFAULT_LIMIT);
      return ok(
        list(
          "MessageList",
          page.items.map((m) => messageJson(m, chatOf.get(m.chatId)!)),
          page.cursor,
        ),
      );
    },

    "GET /api/v1/chat_attendees": (r) => {
      const accountIds = accountIdsOf(world(), r.query);
      // One attendee per 1:1 chat: the other person, listed with the chat's order.
      const chats = world()
        .chatsNewestFirst()
        .filter((chat) => !accountIds || accountIds.includes(chat.accountId));
      const page = pageOf(chats, r.query, `attendees:${listScope(r.query)}`, DEFAULT_LIMIT);
      const items = page.items.map((chat) =>
        chatAttendeeJson(chat.accountId, { ...chat.attendee, name: fullName(chat.attendee) }, false),
      );
      return ok(list("ChatAttendeeList", items, page.cursor));
    },

    "GET /api/v1/chat_attendees/:id/chats": (r) => {
      const accountId = r.query.get("account_id") ?? undefined;
      if (accountId) world().usableAccount(accountId);
      const attendeeProviderIds = r.id!.split(",").filter(Boolean);
      if (world().chatsNewestFirst({ attendeeProviderIds }).length === 0)
        throw notFound("Attendee not found.");
      const chats = world()
        .chatsNewestFirst({ accountId, attendeeProviderIds })
        .filter((chat) => inWindow(latestActivity(chat), r.query));
      const page = pageOf(chats, r.query, `attendee-chats:${r.id}:${listScope(r.query)}`, DEFAULT_LIMIT);
      return ok(list("ChatList", page.items.map(chatJson), page.cursor));
    },

    "GET /api/v1/accounts": (r) => {
      const page = pageOf(world().accountsNewestFirst(), r.query, "accounts", DEFAULT_LIMIT);
      return ok(list("AccountList", page.items.map(accountJson), page.cursor));
    },

    "GET /api/v1/accounts/:id": (r) => {
      const account = world().account(r.id!);
      if (!account) throw notFound("Account not found.");
      return ok(accountJson(account));
    },

    "POST /api/v1/webhooks": (r) => {
      const body = webhookBody.parse(r.json);
      const registration = hub.register(
        {
          requestUrl: body.request_url,
          source: body.source,
          name: body.name ?? `webhook-${body.source}`,
          format: body.format ?? "json",
          data: "data" in body ? (body.data ?? []) : [],
          headers: body.headers ?? [],
          events: body.events ?? null,
          accountIds: body.account_ids ?? null,
          enabled: body.enabled ?? true,
        },
        world().now(),
      );
      return ok({ object: "WebhookCreated", webhook_id: registration.id }, 201);
    },

    "GET /api/v1/webhooks": (r) => {
      const page = pageOf(hub.list(), r.query, "webhooks", DEFAULT_LIMIT);
      const items = page.items.map((registration) => webhookJson(registration, (id) => world().account(id)));
      return ok(list("WebhookList", items, page.cursor));
    },

    "DELETE /api/v1/webhooks/:id": (r) => {
      if (!hub.remove(r.id!)) throw notFound("Webhook not found.");
      return ok({ object: "WebhookDeleted" });
    },
  };
}

function first(fields: Record<string, string[]>, name: string): string | undefined {
  return fields[name]?.[0];
}

function existingChat(world: World, chatId: string) {
  const chat = world.chat(chatId);
  if (!chat) throw notFound("Chat not found.");
  return chat;
}

/** `account_id` as one id or a comma-separated list (AccountIdOrIdsParam); each must be usable. */
function accountIdsOf(world: World, query: URLSearchParams): string[] | undefined {
  const ids = query.get("account_id")?.split(",").filter(Boolean);
  for (const id of ids ?? []) world.usableAccount(id);
  return ids;
}

/** The filters a list was asked with, so a cursor serves only the list it came from. */
function listScope(query: URLSearchParams): string {
  return ["account_id", "sender_id", "before", "after"].map((name) => query.get(name) ?? "").join("|");
}

/** `linkedin_sections` as a list: one section, `*` for all of them, or the parameter repeated. */
function requestedSections(query: URLSearchParams): LinkedinSection[] {
  const values = query.getAll("linkedin_sections");
  return values.includes("*") ? [...LINKEDIN_SECTIONS] : (values as LinkedinSection[]);
}

function newestFirst<T extends { seq: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.seq - a.seq);
}

function latestActivity(chat: SandboxChat): Date {
  return chat.messages[chat.messages.length - 1]?.timestamp ?? chat.createdAt;
}

/** `before` and `after` are exclusive bounds (BeforeParam, AfterParam). */
function inWindow(at: Date, query: URLSearchParams): boolean {
  const after = query.get("after");
  const before = query.get("before");
  return (
    (after === null || at.getTime() > Date.parse(after)) &&
    (before === null || at.getTime() < Date.parse(before))
  );
}

function matchesMessageQuery(message: SandboxMessage, query: URLSearchParams): boolean {
  const senderId = query.get("sender_id");
  return inWindow(message.timestamp, query) && (!senderId || message.senderProviderId === senderId);
}

/** Unipile reports `usage` only when a send crosses 50, 75, 90 or 95 % of the provider limit. */
function usageCrossed(limit: number | undefined, sent: number): number | undefined {
  if (!limit) return undefined;
  const before = ((sent - 1) / limit) * 100;
  const after = (sent / limit) * 100;
  return USAGE_THRESHOLDS.some((t) => before < t && after >= t) ? Math.round(after) : undefined;
}
