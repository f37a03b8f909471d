// What Unipile checks before a route does anything, taken from its published OpenAPI reference
// (the definitions behind developer.unipile.com; a copy of the operations we use, with its source
// and date, is test/fixtures/unipile-openapi). Each rule names its operationId there. A request
// that fails is refused the way Unipile refuses it: 400 `errors/invalid_parameters` naming the
// field (api-error.ts), 400 `errors/too_many_characters` for text over a documented limit, and
// 415 `errors/unsupported_media_type` for a body that is not multipart on a multipart route.
import { z } from "zod";
import { hostedLinkBody } from "./hosted-auth.js";
import { ApiError, refusedParameter, tooManyCharacters } from "./api-error.js";
import type { RequestContext } from "./handlers.js";
import type { RouteKey } from "./routes.js";
import { WEBHOOK_EVENTS, type WebhookSourceName } from "./webhooks.js";
import { MAX_MESSAGE_LENGTH } from "./world.js";

/** Unipile's `limit` ranges: ListLimitParam 1–250, LargeListLimitParam 1–1000, ShortLimitParam 1–100. */
const LIMITS = { list: 250, large: 1000, short: 100 } as const;
/** The invitation note's `maxLength` in E_addUserByIdentifier. */
const MAX_INVITATION_NOTE = 300;
/** `before`/`after` (BeforeParam, AfterParam): "YYYY-MM-DDTHH:MM:SS.sssZ". */
const UTC_DATETIME = /^[1-2]\d{3}-[0-1]\d-[0-3]\dT\d{2}:\d{2}:\d{2}.\d{3}Z$/;
export const LINKEDIN_SECTIONS = [
  "experience",
  "education",
  "languages",
  "skills",
  "certifications",
  "about",
  "volunteering_experience",
  "projects",
  "recommendations_received",
  "recommendations_given",
] as const;
export type LinkedinSection = (typeof LINKEDIN_SECTIONS)[number];

const id = z.string().min(1);
const limit = (max: number) => z.coerce.number().int().min(1).max(max).optional();
const cursor = z.string().min(1).optional();
const date = z.string().regex(UTC_DATETIME).optional();
const flag = z.enum(["true", "false"]).optional();
const list = (max: number) => ({ cursor, limit: limit(max) });

/** Query values as strings, a repeated parameter as an array (as Unipile's query parser reads it). */
function queryObject(query: URLSearchParams): Record<string, string | string[]> {
  const object: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    object[key] = values.length === 1 ? values[0]! : values;
  }
  return object;
}

/** Multipart fields: the declared array fields as arrays, any other field as one string. */
function formObject(fields: Record<string, string[]>, arrays: readonly string[]) {
  const object: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(fields)) {
    object[name] = arrays.includes(name) || values.length > 1 ? values : values[0]!;
  }
  return object;
}

export const inviteBody = z.object({
  provider_id: z.string(),
  account_id: z.string(),
  user_email: z.string().optional(),
  message: z.string().max(MAX_INVITATION_NOTE).optional(),
});

const webhookBase = {
  request_url: z.url(),
  name: z.string().optional(),
  format: z.enum(["json", "form"]).optional(),
  account_ids: z.array(z.string()).optional(),
  enabled: z.boolean().optional(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
};
const webhookData = z.array(z.object({ name: z.string(), key: z.string() })).optional();
/** One variant per source, with that source's events; `data` renames keys of event bodies. */
const webhookVariant = <S extends WebhookSourceName, E extends z.ZodRawShape>(source: S, extra: E) =>
  z.object({
    ...webhookBase,
    source: z.literal(source),
    events: z.array(z.enum(WEBHOOK_EVENTS[source])).optional(),
    ...extra,
  });
const withData = { data: webhookData };
export const webhookBody = z.discriminatedUnion("source", [
  webhookVariant("messaging", withData),
  webhookVariant("users", withData),
  // The reference's account_status variant has no `data`.
  webhookVariant("account_status", {}),
  webhookVariant("email", withData),
  webhookVariant("email_tracking", withData),
]);

const sections = z.union([z.enum(LINKEDIN_SECTIONS), z.literal("*"), z.array(z.enum(LINKEDIN_SECTIONS))]);

interface RequestRule {
  /** The operation in Unipile's reference. */
  operationId: string;
  query?: z.ZodType;
  body?:
    | { media: "json"; schema: z.ZodType }
    | { media: "multipart"; schema: z.ZodType; arrays: readonly string[] };
  /** Fields whose length limit Unipile reports as `too_many_characters`. */
  textLimits?: readonly string[];
}

const startChatFields = z.object({
  account_id: id,
  attendees_ids: z.array(z.string()).min(1),
  // The reference makes text optional (attachments may stand alone); the sandbox keeps no
  // attachments, so it needs text to have a message at all.
  text: z.string().min(1).max(MAX_MESSAGE_LENGTH),
  subject: z.string().optional(),
  "linkedin[api]": z.enum(["classic", "recruiter", "sales_navigator"]).optional(),
  "linkedin[inmail]": flag,
  "linkedin[topic]": z.enum(["service_request", "request_demo", "support", "careers", "other"]).optional(),
  "linkedin[invitation_id]": z.string().optional(),
});

const sendMessageFields = z.object({
  text: z.string().min(1).max(MAX_MESSAGE_LENGTH),
  account_id: z.string().optional(),
  thread_id: z.string().optional(),
  quote_id: z.string().optional(),
});

export const REQUEST_RULES: Record<RouteKey, RequestRule> = {
  "GET /api/v1/users/me": {
    operationId: "E_getAccountOwnerProfile",
    query: z.object({ account_id: z.string() }),
  },
  "GET /api/v1/users/relations": {
    operationId: "E_getRelations",
    query: z.object({ account_id: z.string(), filter: z.string().optional(), ...list(LIMITS.large) }),
  },
  "GET /api/v1/users/invite/sent": {
    operationId: "E_listAllUserInvitationsSent",
    query: z.object({ account_id: z.string(), ...list(LIMITS.short) }),
  },
  "POST /api/v1/users/invite": {
    operationId: "E_addUserByIdentifier",
    body: { media: "json", schema: inviteBody },
    textLimits: ["message"],
  },
  "DELETE /api/v1/users/invite/sent/:id": {
    operationId: "E_cancelInvitation",
    query: z.object({ account_id: z.string() }),
  },
  "GET /api/v1/users/:id": {
    operationId: "E_getProfileByIdentifier",
    query: z.object({
      account_id: z.string(),
      linkedin_api: z.enum(["recruiter", "sales_navigator"]).optional(),
      linkedin_sections: sections.optional(),
      notify: flag,
    }),
  },
  "GET /api/v1/chats": {
    operationId: "m_listAllChats",
    query: z.object({
      account_id: id.optional(),
      account_type: z
        .enum(["WHATSAPP", "LINKEDIN", "SLACK", "TWITTER", "MESSENGER", "INSTAGRAM", "TELEGRAM"])
        .optional(),
      unread: flag,
      before: date,
      after: date,
      ...list(LIMITS.list),
    }),
  },
  "POST /api/v1/chats": {
    operationId: "m_startNewChat",
    body: { media: "multipart", schema: startChatFields, arrays: ["attendees_ids", "attachments"] },
    textLimits: ["text"],
  },
  "GET /api/v1/chats/:id": {
    operationId: "m_getChat",
    query: z.object({ account_id: z.string().optional() }),
  },
  "GET /api/v1/chats/:id/messages": {
    operationId: "m_listChatMessages",
    query: z.object({ sender_id: z.string().optional(), before: date, after: date, ...list(LIMITS.list) }),
  },
  "POST /api/v1/chats/:id/messages": {
    operationId: "m_sendMessageInChat",
    body: { media: "multipart", schema: sendMessageFields, arrays: ["attachments"] },
    textLimits: ["text"],
  },
  "GET /api/v1/chats/:id/attendees": { operationId: "m_listAttendees" },
  "GET /api/v1/messages": {
    operationId: "o_listAllMessages",
    query: z.object({
      account_id: z.string().optional(),
      sender_id: z.string().optional(),
      before: date,
      after: date,
      ...list(LIMITS.list),
    }),
  },
  "GET /api/v1/chat_attendees": {
    operationId: "l_listAllAttendees",
    query: z.object({ account_id: z.string().optional(), ...list(LIMITS.list) }),
  },
  "GET /api/v1/chat_attendees/:id/chats": {
    operationId: "l_listChatsByAttendee",
    query: z.object({ account_id: id.optional(), before: date, after: date, ...list(LIMITS.list) }),
  },
  "GET /api/v1/accounts": { operationId: "__listAccounts", query: z.object(list(LIMITS.list)) },
  "GET /api/v1/accounts/:id": { operationId: "__getAccountById" },
  "POST /api/v1/webhooks": { operationId: "n_createWebhook", body: { media: "json", schema: webhookBody } },
  "GET /api/v1/webhooks": { operationId: "n_listWebhooks", query: z.object(list(LIMITS.list)) },
  "DELETE /api/v1/webhooks/:id": { operationId: "n_deleteWebhook" },
  "POST /api/v1/hosted/accounts/link": { operationId: "I_requestLink", body: { media: "json", schema: hostedLinkBody } },
};

/** Throws the ApiError Unipile would answer when the request breaks its operation's rules. */
export function checkRequest(request: RequestContext): void {
  const rule = REQUEST_RULES[request.route];
  if (rule.query) refuseUnless(rule, rule.query.safeParse(queryObject(request.query)));
  if (!rule.body) return;
  if (rule.body.media === "multipart") {
    // Unipile's reference declares only multipart/form-data for these operations.
    if (!request.fields) {
      throw new ApiError(
        415,
        "unsupported_media_type",
        "Unsupported media type",
        "This endpoint takes multipart/form-data.",
      );
    }
    refuseUnless(rule, rule.body.schema.safeParse(formObject(request.fields, rule.body.arrays)));
    return;
  }
  // A JSON operation reads no other body: what is not JSON leaves every required field missing.
  refuseUnless(rule, rule.body.schema.safeParse(request.json ?? {}));
}

function refuseUnless(rule: RequestRule, result: { success: boolean; error?: z.ZodError }): void {
  if (result.success) return;
  const issue = result.error!.issues[0]!;
  const at = `/${issue.path.join("/")}`;
  const field = String(issue.path[0] ?? "");
  if (issue.code === "too_big" && rule.textLimits?.includes(field)) {
    throw tooManyCharacters(`${field} is longer than ${String(issue.maximum)} characters at ${at}`);
  }
  // Worded like Unipile's own (typebox) messages where zod's say less.
  const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
  const message = missing
    ? "Required property"
    : issue.code === "invalid_union"
      ? "Expected union value"
      : issue.message;
  throw refusedParameter(`${message} at ${at}`);
}
