// Unipile's v1 response shapes, checked with zod: strict on the fields the app uses, tolerant of
// every other field (loose objects), and mapped to the camelCase types of types.ts.
// Where Unipile's answers are known to vary, every variant is read: optional fields absent or
// null, ids as bare strings or as objects (`account_ids` in webhook lists, `{id, name?, type}`
// in the official SDK), numbers or date strings for instants, 0/1 or booleans for flags.
import { z } from "zod";
import type {
  Account,
  Chat,
  ChatMessage,
  ChatStarted,
  InvitationSent,
  MessageSent,
  NetworkDistance,
  OwnProfile,
  Page,
  PendingInvitation,
  Profile,
  Relation,
  Webhook,
} from "./types.js";

const text = z
  .string()
  .nullish()
  .transform((value) => value ?? null);
const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? null);
const zeroOrOne = z.union([z.literal(0), z.literal(1), z.boolean()]).transform((value) => Boolean(value));
const optionalFlag = zeroOrOne.nullish().transform((value) => value ?? null);
/** An instant as epoch milliseconds or as a date string; unreadable or absent → null. */
const instant = z.union([z.number(), z.string()]).nullish();
/** An id listed as a bare string or as an object carrying it (`{ id, name?, type }`). */
const idRef = z.union([z.string().min(1), z.looseObject({ id: z.string().min(1) }).transform((ref) => ref.id)]);

function dateOrNull(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const networkDistance = z.enum(["FIRST_DEGREE", "SECOND_DEGREE", "THIRD_DEGREE", "OUT_OF_NETWORK"]);

/** Unipile's chat attendees spell distances DISTANCE_1…3; a value nobody documented means "unknown". */
const ATTENDEE_DISTANCES: Record<string, NetworkDistance> = {
  DISTANCE_1: "FIRST_DEGREE",
  DISTANCE_2: "SECOND_DEGREE",
  DISTANCE_3: "THIRD_DEGREE",
};
const tolerantDistance = z
  .string()
  .nullish()
  .transform((value): NetworkDistance | null => {
    if (!value) return null;
    const known = networkDistance.safeParse(value);
    return known.success ? known.data : (ATTENDEE_DISTANCES[value] ?? null);
  });

export const profileWire = z
  .looseObject({
    provider_id: z.string().min(1),
    public_identifier: text,
    first_name: text,
    last_name: text,
    headline: text,
    network_distance: tolerantDistance,
    is_relationship: flag,
    // An invitation of a type or status not documented is not one the app can act on: read as none.
    invitation: z
      .looseObject({
        type: z.enum(["SENT", "RECEIVED"]),
        status: z.enum(["PENDING", "IGNORED", "WITHDRAWN"]),
      })
      .nullish()
      .catch(null),
    public_profile_url: text,
    can_send_inmail: flag,
    is_open_profile: flag,
    is_premium: flag,
  })
  .transform(
    (w): Profile => ({
      providerId: w.provider_id,
      publicIdentifier: w.public_identifier,
      firstName: w.first_name,
      lastName: w.last_name,
      headline: w.headline,
      networkDistance: w.network_distance,
      isRelationship: w.is_relationship,
      invitation: w.invitation ? { type: w.invitation.type, status: w.invitation.status } : null,
      publicProfileUrl: w.public_profile_url,
      canSendInmail: w.can_send_inmail,
      isOpenProfile: w.is_open_profile,
      isPremium: w.is_premium,
    }),
  );

export const ownProfileWire = z
  .looseObject({ provider_id: z.string().min(1), public_identifier: text, first_name: text, last_name: text })
  .transform(
    (w): OwnProfile => ({
      providerId: w.provider_id,
      publicIdentifier: w.public_identifier,
      firstName: w.first_name,
      lastName: w.last_name,
    }),
  );

export const relationWire = z
  .looseObject({
    member_id: z.string().min(1),
    public_identifier: text,
    first_name: text,
    last_name: text,
    headline: text,
    public_profile_url: text,
    created_at: instant,
  })
  .transform(
    (w): Relation => ({
      providerId: w.member_id,
      publicIdentifier: w.public_identifier,
      firstName: w.first_name,
      lastName: w.last_name,
      headline: w.headline,
      publicProfileUrl: w.public_profile_url,
      connectedAt: dateOrNull(w.created_at),
    }),
  );

export const invitationSentWire = z
  .looseObject({ invitation_id: z.string().min(1), usage: z.number().nullish() })
  .transform((w): InvitationSent => ({ invitationId: w.invitation_id, usagePercent: w.usage ?? null }));

export const pendingInvitationWire = z
  .looseObject({
    id: z.string().min(1),
    invited_user_id: text,
    invited_user_public_id: text,
    invited_user: text,
    parsed_datetime: text,
    invitation_text: text,
  })
  .transform(
    (w): PendingInvitation => ({
      invitationId: w.id,
      providerId: w.invited_user_id,
      publicIdentifier: w.invited_user_public_id,
      name: w.invited_user,
      sentAt: dateOrNull(w.parsed_datetime),
      text: w.invitation_text,
    }),
  );

export const invitationCanceledWire = z.looseObject({ object: z.string().optional() });

export const chatStartedWire = z
  .looseObject({ chat_id: z.string().nullable(), message_id: z.string().nullable() })
  .transform((w): ChatStarted => ({ chatId: w.chat_id, messageId: w.message_id }));

export const messageSentWire = z
  .looseObject({ message_id: z.string().nullable() })
  .transform((w): MessageSent => ({ messageId: w.message_id }));

export const messageWire = z
  .looseObject({
    id: z.string().min(1),
    chat_id: z.string().min(1),
    sender_id: z.string(),
    text,
    timestamp: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be a date-time"),
    is_sender: zeroOrOne,
    is_event: optionalFlag.transform((value) => value ?? false),
    message_type: text,
  })
  .transform(
    (w): ChatMessage => ({
      id: w.id,
      chatId: w.chat_id,
      senderProviderId: w.sender_id,
      text: w.text,
      timestamp: new Date(w.timestamp),
      isSender: w.is_sender,
      isEvent: w.is_event,
      messageType: w.message_type,
    }),
  );

export const chatWire = z
  .looseObject({
    id: z.string().min(1),
    account_id: z.string(),
    attendee_provider_id: text,
    name: text,
    timestamp: text,
    unread_count: z.number().nullish(),
  })
  .transform(
    (w): Chat => ({
      id: w.id,
      accountId: w.account_id,
      attendeeProviderId: w.attendee_provider_id,
      name: w.name,
      lastActivityAt: dateOrNull(w.timestamp),
      unreadCount: w.unread_count ?? null,
    }),
  );

export const accountWire = z
  .looseObject({
    id: z.string().min(1),
    type: z.string(),
    name: text,
    created_at: text,
    sources: z
      .array(z.looseObject({ id: z.string(), status: z.string() }))
      .nullish()
      .transform((sources) => sources ?? []),
    connection_params: z.looseObject({ im: z.looseObject({ id: z.string().nullish() }).nullish() }).nullish(),
  })
  .transform(
    (w): Account => ({
      id: w.id,
      type: w.type,
      // A nameless account is still one to link; its id is what Unipile's dashboard shows too.
      name: w.name ?? w.id,
      createdAt: dateOrNull(w.created_at),
      status:
        w.sources.find((source) => source.status !== "OK")?.status ?? (w.sources.length ? "OK" : "UNKNOWN"),
      sources: w.sources.map((source) => ({ id: source.id, status: source.status })),
      ownProviderId: w.connection_params?.im?.id ?? null,
    }),
  );

export const webhookCreatedWire = z
  .looseObject({ webhook_id: z.string().min(1) })
  .transform((w) => ({ webhookId: w.webhook_id }));

/**
 * One webhook of the organisation's list. Ours and other tools' share the list, so nothing here
 * may be required beyond the id: the official SDK lists `account_ids` as objects and no
 * `source`, headers as one `{key, value}` or an array, and other integrations' entries may lack
 * anything else.
 */
export const webhookWire = z
  .looseObject({
    id: z.string().min(1),
    request_url: text,
    source: text,
    name: text,
    enabled: optionalFlag,
    account_ids: z.array(idRef).nullish(),
    // Optional outside the transform: zod would otherwise require the key to be present.
    headers: z.unknown().transform(headerNames).optional(),
  })
  .transform(
    (w): Webhook => ({
      id: w.id,
      requestUrl: w.request_url,
      source: w.source,
      name: w.name,
      enabled: w.enabled,
      accountIds: w.account_ids ?? null,
      headerNames: w.headers ?? null,
    }),
  );

/** The custom header names a webhook sends (values may be hidden); null when not listed. */
function headerNames(headers: unknown): string[] | null {
  if (headers === null || headers === undefined) return null;
  const entries = Array.isArray(headers) ? headers : [headers];
  const names: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== "object" || entry === null) continue;
    const { key } = entry as { key?: unknown };
    // `{ key, value }` as documented; a plain `{ "X-Name": "value" }` map as some APIs list them.
    if (typeof key === "string") names.push(key);
    else if (!Array.isArray(headers)) names.push(...Object.keys(entry));
  }
  return names;
}

export const webhookDeletedWire = z.looseObject({ object: z.string().optional() });

/** `{ object: "<Name>List", items, cursor }`; a missing cursor is read as the last page. */
export function pageOf<T>(item: z.ZodType<T>) {
  return z
    .looseObject({ items: z.array(item), cursor: z.string().nullish() })
    .transform((w): Page<T> => ({ items: w.items, cursor: w.cursor || null }));
}

/**
 * A page whose unreadable items are left out and counted instead of failing the page. Only for
 * lists where missing one item is harmless and failing all of them is not: webhooks (other
 * tools' entries), relations (a person left out is looked up instead), accounts. Never for what
 * decides whether something was sent (invitations, chats, messages): there an unreadable item
 * must mean "cannot tell".
 */
export function tolerantPageOf<T>(item: z.ZodType<T>) {
  return z.looseObject({ items: z.array(z.unknown()), cursor: z.string().nullish() }).transform((w): Page<T> => {
    const items: T[] = [];
    let skipped: Page<T>["skipped"];
    w.items.forEach((raw, index) => {
      const parsed = item.safeParse(raw);
      if (parsed.success) items.push(parsed.data);
      else {
        const issue = parsed.error.issues[0];
        skipped ??= { count: 0, firstIssue: `items.${index}.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "unreadable"}` };
        skipped.count += 1;
      }
    });
    return { items, cursor: w.cursor || null, ...(skipped ? { skipped } : {}) };
  });
}

/** Unipile's error body; every field optional here because proxies in between may answer too. */
export const errorBodyWire = z.looseObject({
  status: z.number().optional(),
  type: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
});
