// One function per endpoint: read the request the way Unipile does (query, JSON or multipart),
// ask the World, answer with Unipile's JSON. Errors are thrown as ApiError.
import { z } from "zod";
import { ApiError, invalidParameters, missingParameters, notFound } from "./api-error.js";
import type { Faults } from "./faults.js";
import { pageOf } from "./pagination.js";
import { fullName } from "./persona.js";
import type { HOSTED_AUTH_ROUTE, RouteKey } from "./routes.js";
import {
  accountJson,
  chatJson,
  list,
  messageJson,
  ownProfileJson,
  pendingInvitationJson,
  profileJson,
  relationJson,
  webhookJson,
} from "./shapes.js";
import { WEBHOOK_SOURCES, type WebhookHub } from "./webhooks.js";
import { MAX_MESSAGE_LENGTH, type World } from "./world.js";

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

const MAX_INVITATION_NOTE = 300;
const DATE_FILTER = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const USAGE_THRESHOLDS = [95, 90, 75, 50];

const inviteBody = z.object({
  account_id: z.string().min(1),
  provider_id: z.string().min(1),
  message: z.string().optional(),
  user_email: z.string().optional(),
});

const webhookBody = z.object({
  request_url: z.url(),
  source: z.enum(WEBHOOK_SOURCES),
  name: z.string().optional(),
  format: z.enum(["json", "form"]).optional(),
  account_ids: z.array(z.string()).optional(),
  enabled: z.boolean().optional(),
  headers: z.array(z.object({ key: z.string().min(1), value: z.string() })).optional(),
  events: z.array(z.string()).optional(),
  data: z.array(z.unknown()).optional(),
});

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
      const page = pageOf(relations, r.query, "relations", 1000);
      return ok(list("UserRelationsList", page.items.map(relationJson), page.cursor));
    },

    "GET /api/v1/users/invite/sent": (r) => {
      const account = world().usableAccount(r.query.get("account_id"));
      const page = pageOf(world().pendingInvitationsNewestFirst(account.id), r.query, "invitations", 100);
      const now = world().now();
      const items = page.items.map((invitation) => pendingInvitationJson(invitation, account, now));
      return ok(list("InvitationList", items, page.cursor));
    },

    "POST /api/v1/users/invite": (r) => {
      const body = jsonBody(r, inviteBody);
      const account = world().usableAccount(body.account_id);
      if (body.message !== undefined && body.message.length > MAX_INVITATION_NOTE) {
        throw new ApiError(
          400,
          "too_many_characters",
          "Too many characters",
          "The invitation note is too long.",
        );
      }
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
        }),
      );
    },

    "GET /api/v1/chats": (r) => {
      const accountIds = r.query.get("account_id")?.split(",").filter(Boolean);
      for (const id of accountIds ?? []) world().usableAccount(id);
      const chats = world()
        .chatsNewestFirst()
        .filter((chat) => !accountIds || accountIds.includes(chat.accountId));
      const page = pageOf(chats, r.query, "chats", 250);
      return ok(list("ChatList", page.items.map(chatJson), page.cursor));
    },

    "POST /api/v1/chats": (r) => {
      const fields = formFields(r);
      const account = world().usableAccount(first(fields, "account_id"));
      const attendees = fields.attendees_ids ?? [];
      if (attendees.length === 0) throw missingParameters("attendees_ids is required.");
      const text = messageText(fields);
      faults.checkDailyLimit(account.id, "message", world().sentToday(account.id, "message"));
      const { chat, message } = world().startChat(account, attendees, text, {
        inmail: first(fields, "linkedin[inmail]") === "true",
      });
      return ok({ object: "ChatStarted", chat_id: chat.id, message_id: message.id }, 201);
    },

    "GET /api/v1/chats/:id": (r) => {
      const chat = existingChat(world(), r.id!);
      world().usableAccount(chat.accountId);
      return ok(chatJson(chat));
    },

    "GET /api/v1/chats/:id/messages": (r) => {
      const chat = existingChat(world(), r.id!);
      world().usableAccount(chat.accountId);
      const after = dateFilter(r.query, "after");
      const before = dateFilter(r.query, "before");
      const senderId = r.query.get("sender_id");
      const messages = chat.messages
        .filter(
          (m) =>
            (after === undefined || m.timestamp.getTime() > after) &&
            (before === undefined || m.timestamp.getTime() < before),
        )
        .filter((m) => !senderId || m.senderProviderId === senderId)
        .reverse();
      const page = pageOf(messages, r.query, `messages:${chat.id}`, 250);
      return ok(
        list(
          "MessageList",
          page.items.map((m) => messageJson(m, chat)),
          page.cursor,
        ),
      );
    },

    "POST /api/v1/chats/:id/messages": (r) => {
      const fields = formFields(r);
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
      const text = messageText(fields);
      faults.checkDailyLimit(account.id, "message", world().sentToday(account.id, "message"));
      const message = world().sendMessage(account, chat, text);
      return ok({ object: "MessageSent", message_id: message.id }, 201);
    },

    "GET /api/v1/chat_attendees/:id/chats": (r) => {
      const accountId = r.query.get("account_id") ?? undefined;
      if (accountId) world().usableAccount(accountId);
      const attendeeProviderIds = r.id!.split(",").filter(Boolean);
      if (world().chatsNewestFirst({ attendeeProviderIds }).length === 0)
        throw notFound("Attendee not found.");
      const chats = world().chatsNewestFirst({ accountId, attendeeProviderIds });
      const page = pageOf(chats, r.query, "attendee-chats", 250);
      return ok(list("ChatList", page.items.map(chatJson), page.cursor));
    },

    "GET /api/v1/accounts": (r) => {
      const page = pageOf(world().accountsNewestFirst(), r.query, "accounts", 250);
      return ok(list("AccountList", page.items.map(accountJson), page.cursor));
    },

    "GET /api/v1/accounts/:id": (r) => {
      const account = world().account(r.id!);
      if (!account) throw notFound("Account not found.");
      return ok(accountJson(account));
    },

    "POST /api/v1/webhooks": (r) => {
      const body = jsonBody(r, webhookBody);
      const registration = hub.register(
        {
          requestUrl: body.request_url,
          source: body.source,
          name: body.name ?? `webhook-${body.source}`,
          headers: body.headers ?? [],
          events: body.events ?? null,
          accountIds: body.account_ids ?? null,
          enabled: body.enabled ?? true,
        },
        world().now(),
      );
      return ok({ object: "WebhookCreated", webhook_id: registration.id }, 201);
    },

    "GET /api/v1/webhooks": () => ok(list("WebhookList", hub.list().map(webhookJson), null)),

    "DELETE /api/v1/webhooks/:id": (r) => {
      if (!hub.remove(r.id!)) throw notFound("Webhook not found.");
      return ok({ object: "WebhookDeleted" });
    },
  };
}

function formFields(request: RequestContext): Record<string, string[]> {
  if (!request.fields) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "Unsupported media type",
      "This endpoint takes multipart/form-data.",
    );
  }
  return request.fields;
}

function jsonBody<T>(request: RequestContext, schema: z.ZodType<T>): T {
  if (request.json === undefined) {
    throw new ApiError(
      400,
      "malformed_request",
      "Malformed request",
      "Expected a JSON body (content-type: application/json).",
    );
  }
  const parsed = schema.safeParse(request.json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw invalidParameters(`${issue.path.join(".") || "body"}: ${issue.message}`);
}

function first(fields: Record<string, string[]>, name: string): string | undefined {
  return fields[name]?.[0];
}

function messageText(fields: Record<string, string[]>): string {
  const text = first(fields, "text");
  if (!text) throw missingParameters("text is required.");
  if (text.length > MAX_MESSAGE_LENGTH) {
    throw new ApiError(
      400,
      "too_many_characters",
      "Too many characters",
      `Messages are limited to ${MAX_MESSAGE_LENGTH} characters.`,
    );
  }
  return text;
}

function existingChat(world: World, chatId: string) {
  const chat = world.chat(chatId);
  if (!chat) throw notFound("Chat not found.");
  return chat;
}

function dateFilter(query: URLSearchParams, name: "after" | "before"): number | undefined {
  const value = query.get(name);
  if (value === null) return undefined;
  if (!DATE_FILTER.test(value)) throw invalidParameters(`${name} must match YYYY-MM-DDTHH:MM:SS.sssZ.`);
  return Date.parse(value);
}

/** Unipile reports `usage` only when a send crosses 50, 75, 90 or 95 % of the provider limit. */
function usageCrossed(limit: number | undefined, sent: number): number | undefined {
  if (!limit) return undefined;
  const before = ((sent - 1) / limit) * 100;
  const after = (sent / limit) * 100;
  return USAGE_THRESHOLDS.some((t) => before < t && after >= t) ? Math.round(after) : undefined;
}
