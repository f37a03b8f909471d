// What the client hands back: camelCase, dates parsed, only the fields the app relies on.
// The wire names live in wire.ts.

export type NetworkDistance = "FIRST_DEGREE" | "SECOND_DEGREE" | "THIRD_DEGREE" | "OUT_OF_NETWORK";

export interface Page<T> {
  items: T[];
  /** Opaque; null when there is no further page. */
  cursor: string | null;
  /** Items of a tolerant list (wire.ts, tolerantPageOf) that could not be read and were left out. */
  skipped?: { count: number; firstIssue: string };
}

export interface Profile {
  providerId: string;
  publicIdentifier: string | null;
  firstName: string | null;
  lastName: string | null;
  headline: string | null;
  networkDistance: NetworkDistance | null;
  isRelationship: boolean | null;
  /** Present when an invitation exists between the account and this person. */
  invitation: { type: "SENT" | "RECEIVED"; status: "PENDING" | "IGNORED" | "WITHDRAWN" } | null;
  publicProfileUrl: string | null;
  canSendInmail: boolean | null;
  isOpenProfile: boolean | null;
  isPremium: boolean | null;
}

export interface OwnProfile {
  providerId: string;
  publicIdentifier: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface Relation {
  /** The wire's `member_id`: the person's provider id. */
  providerId: string;
  publicIdentifier: string | null;
  firstName: string | null;
  lastName: string | null;
  headline: string | null;
  publicProfileUrl: string | null;
  connectedAt: Date | null;
}

export interface InvitationSent {
  invitationId: string;
  /** Percentage of the provider's limit used; only sent when crossing 50, 75, 90 or 95. */
  usagePercent: number | null;
}

export interface PendingInvitation {
  invitationId: string;
  providerId: string | null;
  publicIdentifier: string | null;
  name: string | null;
  sentAt: Date | null;
  text: string | null;
}

export interface CancelResult {
  invitationId: string;
  /** True when the DELETE's answer was lost and the retry found the invitation gone: the first one worked. */
  alreadyCanceled: boolean;
}

export interface ChatStarted {
  chatId: string | null;
  messageId: string | null;
}

export interface MessageSent {
  messageId: string | null;
}

export interface ChatMessage {
  id: string;
  chatId: string;
  /** Provider id of the sender. */
  senderProviderId: string;
  text: string | null;
  timestamp: Date;
  /** True when the connected account sent it. */
  isSender: boolean;
  isEvent: boolean;
  messageType: string | null;
}

export interface Chat {
  id: string;
  accountId: string;
  attendeeProviderId: string | null;
  name: string | null;
  lastActivityAt: Date | null;
  unreadCount: number | null;
}

export type AccountSourceStatus = "OK" | "STOPPED" | "ERROR" | "CREDENTIALS" | "PERMISSIONS" | "CONNECTING";

export interface Account {
  id: string;
  type: string;
  name: string;
  createdAt: Date | null;
  /** The worst status among the account's sources (OK only when every source is OK). */
  status: AccountSourceStatus | string;
  sources: Array<{ id: string; status: AccountSourceStatus | string }>;
  /** From connection_params.im.id when present (unconfirmed field for real LinkedIn accounts). */
  ownProviderId: string | null;
}

export type WebhookSource =
  | "messaging"
  | "users"
  | "account_status"
  | "email"
  | "email_tracking"
  | "calendar_event";

export interface WebhookInput {
  requestUrl: string;
  source: WebhookSource;
  name?: string;
  /** Sent with every delivery; the receiver's only authenticity check in v1. */
  headers?: Array<{ key: string; value: string }>;
  events?: string[];
  accountIds?: string[];
  enabled?: boolean;
}

export interface Webhook {
  id: string;
  requestUrl: string | null;
  /** Not in the official SDK's list schema: null whenever Unipile leaves it out. */
  source: string | null;
  name: string | null;
  enabled: boolean | null;
  /** Listed as strings or as `{ id, name?, type }` objects; null or empty means every account. */
  accountIds: string[] | null;
  /** Names of the custom headers sent with each delivery; null when the list does not show them. */
  headerNames: string[] | null;
}
