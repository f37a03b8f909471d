// Every v1 error `type` the reference lists ("Error types by HTTP status"), grouped by the HTTP
// status that documents it. Kept as data so a test can classify each one.

export const ERROR_TYPES_BY_STATUS = {
  400: [
    "invalid_parameters",
    "malformed_request",
    "content_too_large",
    "invalid_url",
    "too_many_characters",
    "unescaped_characters",
    "missing_parameters",
  ],
  401: [
    "missing_credentials",
    "multiple_sessions",
    "invalid_checkpoint_solution",
    "checkpoint_error",
    "invalid_credentials",
    "expired_credentials",
    "insufficient_privileges",
    "disconnected_account",
    "disconnected_feature",
    "invalid_credentials_but_valid_account_imap",
    "expired_link",
    "wrong_account",
    "captcha_not_supported",
  ],
  403: [
    "account_restricted",
    "account_mismatch",
    "insufficient_permissions",
    "session_mismatch",
    "feature_not_subscribed",
    "subscription_required",
    "unknown_authentication_context",
    "action_required",
    "resource_access_restricted",
  ],
  404: ["resource_not_found", "invalid_resource_identifier"],
  415: ["unsupported_media_type"],
  422: [
    "invalid_account",
    "invalid_recipient",
    "no_connection_with_recipient",
    "blocked_recipient",
    "user_unreachable",
    "unprocessable_entity",
    "action_already_performed",
    "invalid_message",
    "invalid_post",
    "not_allowed_inmail",
    "insufficient_credits",
    "cannot_resend_yet",
    "cannot_resend_within_24hrs",
    "limit_exceeded",
    "already_invited_recently",
    "cannot_invite_attendee",
    // e-mail only, listed for completeness
    "parent_mail_not_found",
    "invalid_reply_subject",
    "invalid_headers",
    "send_as_denied",
    "invalid_folder",
    "invalid_thread",
    "limit_too_high",
    "unauthorized",
    "sender_rejected",
    "recipient_rejected",
    "ip_rejected_by_server",
    "provider_unreachable",
    "account_configuration_error",
    "cant_send_message",
    "realtime_client_not_initialized",
  ],
  429: ["too_many_requests"],
  500: ["unexpected_error", "provider_error", "authentication_intent_error"],
  501: ["feature_not_implemented"],
  503: ["no_client_session", "no_channel", "no_handler", "network_down", "service_unavailable"],
  504: ["request_timeout"],
} as const satisfies Record<number, readonly string[]>;

/** Seen in third-party code but missing from the 2025-08 enum; handled in case it appears. */
export const UNCONFIRMED_ERROR_TYPES = ["already_connected"] as const;

export type ErrorSlug =
  | (typeof ERROR_TYPES_BY_STATUS)[keyof typeof ERROR_TYPES_BY_STATUS][number]
  | (typeof UNCONFIRMED_ERROR_TYPES)[number];

/** Full `errors/<slug>` names with the status that documents them, one row per (status, type). */
export const KNOWN_ERROR_TYPES: ReadonlyArray<{ status: number; type: `errors/${ErrorSlug}` }> =
  Object.entries(ERROR_TYPES_BY_STATUS).flatMap(([status, slugs]) =>
    slugs.map((slug) => ({ status: Number(status), type: `errors/${slug}` as const })),
  );
