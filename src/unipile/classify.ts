// Decides what a failed Unipile call means for the caller, from the error `type` first, then the
// HTTP status, then the transport error. Never from title or detail text: an earlier system
// matched words like "limit" and paused whole accounts for one recipient's cooldown.
import { ERROR_TYPES_BY_STATUS, type ErrorSlug, UNCONFIRMED_ERROR_TYPES } from "./error-types.js";

export const FAILURE_CLASSES = [
  "retry_later",
  "ambiguous",
  "account_rate_limited",
  "account_unavailable",
  "recipient_not_connected",
  "recipient_unreachable",
  "already_invited",
  "invalid_request",
  "insufficient_credits",
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

export interface FailureFacts {
  status?: number;
  type?: string;
  transport?: { code: string; requestSent: boolean };
}

/** Types whose meaning does not follow from their HTTP status group. */
const BY_TYPE: Partial<Record<ErrorSlug, FailureClass>> = {
  invalid_account: "account_unavailable",
  invalid_recipient: "recipient_unreachable",
  user_unreachable: "recipient_unreachable",
  blocked_recipient: "recipient_unreachable",
  cannot_invite_attendee: "recipient_unreachable",
  recipient_rejected: "recipient_unreachable",
  no_connection_with_recipient: "recipient_not_connected",
  already_invited_recently: "already_invited",
  action_already_performed: "already_invited",
  already_connected: "already_invited",
  too_many_requests: "account_rate_limited",
  limit_exceeded: "account_rate_limited",
  cannot_resend_yet: "account_rate_limited",
  cannot_resend_within_24hrs: "account_rate_limited",
  insufficient_credits: "insufficient_credits",
  not_allowed_inmail: "insufficient_credits",
  send_as_denied: "account_unavailable",
  sender_rejected: "account_unavailable",
  unauthorized: "account_unavailable",
  account_configuration_error: "account_unavailable",
  provider_unreachable: "retry_later",
  ip_rejected_by_server: "retry_later",
  cant_send_message: "retry_later",
  realtime_client_not_initialized: "retry_later",
  feature_not_implemented: "invalid_request",
};

/** The class each documented status group stands for; also the fallback for unknown types. */
function byStatus(status: number): FailureClass {
  if (status === 401 || status === 403) return "account_unavailable";
  if (status === 404) return "recipient_unreachable";
  if (status === 429) return "account_rate_limited";
  if (status === 501) return "invalid_request";
  if (status >= 500) return "retry_later";
  return "invalid_request";
}

const DOCUMENTED_STATUS = new Map<string, number>(
  Object.entries(ERROR_TYPES_BY_STATUS).flatMap(([status, slugs]) =>
    slugs.map((slug) => [slug, Number(status)] as [string, number]),
  ),
);
const UNCONFIRMED = new Set<string>(UNCONFIRMED_ERROR_TYPES);

function slugOf(type: string | undefined): string | undefined {
  return type?.startsWith("errors/") ? type.slice("errors/".length) : undefined;
}

export function isKnownErrorType(type: string | undefined): boolean {
  const slug = slugOf(type);
  return slug !== undefined && (DOCUMENTED_STATUS.has(slug) || UNCONFIRMED.has(slug));
}

export function classifyFailure(facts: FailureFacts): FailureClass {
  // 503 means "not now" whatever type rides on it.
  if (facts.status === 503) return "retry_later";
  const slug = slugOf(facts.type);
  if (slug !== undefined) {
    const explicit = BY_TYPE[slug as ErrorSlug];
    if (explicit) return explicit;
    const documentedStatus = DOCUMENTED_STATUS.get(slug);
    if (documentedStatus !== undefined) return byStatus(documentedStatus);
  }
  if (facts.status !== undefined) return byStatus(facts.status);
  if (facts.transport) return facts.transport.requestSent ? "ambiguous" : "retry_later";
  // Nothing to go on: the effect may or may not have happened.
  return "ambiguous";
}
