// Every error type of the reference, each status, and transport failures map to one failure class.
import { describe, expect, it } from "vitest";
import {
  classifyFailure,
  ERROR_TYPES_BY_STATUS,
  type FailureClass,
  isKnownErrorType,
  KNOWN_ERROR_TYPES,
  UNCONFIRMED_ERROR_TYPES,
} from "../../src/unipile/errors.js";

// Written out by hand from the brief's table, not derived from the implementation.
const EXPECTED: Record<string, FailureClass> = {
  // 400
  invalid_parameters: "invalid_request",
  malformed_request: "invalid_request",
  content_too_large: "invalid_request",
  invalid_url: "invalid_request",
  too_many_characters: "invalid_request",
  unescaped_characters: "invalid_request",
  missing_parameters: "invalid_request",
  // 401
  missing_credentials: "account_unavailable",
  multiple_sessions: "account_unavailable",
  invalid_checkpoint_solution: "account_unavailable",
  checkpoint_error: "account_unavailable",
  invalid_credentials: "account_unavailable",
  expired_credentials: "account_unavailable",
  insufficient_privileges: "account_unavailable",
  disconnected_account: "account_unavailable",
  disconnected_feature: "account_unavailable",
  invalid_credentials_but_valid_account_imap: "account_unavailable",
  expired_link: "account_unavailable",
  wrong_account: "account_unavailable",
  captcha_not_supported: "account_unavailable",
  // 403
  account_restricted: "account_unavailable",
  account_mismatch: "account_unavailable",
  insufficient_permissions: "account_unavailable",
  session_mismatch: "account_unavailable",
  feature_not_subscribed: "account_unavailable",
  subscription_required: "account_unavailable",
  unknown_authentication_context: "account_unavailable",
  action_required: "account_unavailable",
  resource_access_restricted: "account_unavailable",
  // 404
  resource_not_found: "recipient_unreachable",
  invalid_resource_identifier: "recipient_unreachable",
  // 415
  unsupported_media_type: "invalid_request",
  // 422
  invalid_account: "account_unavailable",
  invalid_recipient: "recipient_unreachable",
  no_connection_with_recipient: "recipient_not_connected",
  blocked_recipient: "recipient_unreachable",
  user_unreachable: "recipient_unreachable",
  unprocessable_entity: "invalid_request",
  action_already_performed: "already_invited",
  invalid_message: "invalid_request",
  invalid_post: "invalid_request",
  not_allowed_inmail: "insufficient_credits",
  insufficient_credits: "insufficient_credits",
  cannot_resend_yet: "account_rate_limited",
  cannot_resend_within_24hrs: "account_rate_limited",
  limit_exceeded: "account_rate_limited",
  already_invited_recently: "already_invited",
  cannot_invite_attendee: "recipient_unreachable",
  parent_mail_not_found: "invalid_request",
  invalid_reply_subject: "invalid_request",
  invalid_headers: "invalid_request",
  send_as_denied: "account_unavailable",
  invalid_folder: "invalid_request",
  invalid_thread: "invalid_request",
  limit_too_high: "invalid_request",
  unauthorized: "account_unavailable",
  sender_rejected: "account_unavailable",
  recipient_rejected: "recipient_unreachable",
  ip_rejected_by_server: "retry_later",
  provider_unreachable: "retry_later",
  account_configuration_error: "account_unavailable",
  cant_send_message: "retry_later",
  realtime_client_not_initialized: "retry_later",
  // 429
  too_many_requests: "account_rate_limited",
  // 500
  unexpected_error: "retry_later",
  provider_error: "retry_later",
  authentication_intent_error: "retry_later",
  // 501
  feature_not_implemented: "invalid_request",
  // 503
  no_client_session: "retry_later",
  no_channel: "retry_later",
  no_handler: "retry_later",
  network_down: "retry_later",
  service_unavailable: "retry_later",
  // 504
  request_timeout: "retry_later",
};

describe("classifyFailure", () => {
  it("has an expectation for exactly the reference's error types", () => {
    const slugs = KNOWN_ERROR_TYPES.map((row) => row.type.replace("errors/", ""));
    expect(new Set(slugs)).toEqual(new Set(Object.keys(EXPECTED)));
    expect(Object.keys(ERROR_TYPES_BY_STATUS).map(Number)).toEqual([
      400, 401, 403, 404, 415, 422, 429, 500, 501, 503, 504,
    ]);
  });

  it.each(KNOWN_ERROR_TYPES)("classifies $status $type", ({ status, type }) => {
    expect(isKnownErrorType(type)).toBe(true);
    expect(classifyFailure({ status, type })).toBe(EXPECTED[type.replace("errors/", "")]);
  });

  it.each([
    [429, "errors/too_many_requests", "account_rate_limited"],
    [500, "errors/provider_error", "retry_later"],
    [500, "errors/unexpected_error", "retry_later"],
    [503, "errors/service_unavailable", "retry_later"],
    [503, "errors/invalid_parameters", "retry_later"],
    [503, undefined, "retry_later"],
    [504, "errors/request_timeout", "retry_later"],
    [415, undefined, "invalid_request"],
    [501, undefined, "invalid_request"],
  ] as const)("status %i with type %s is %s", (status, type, expected) => {
    expect(classifyFailure({ status, type })).toBe(expected);
  });

  it.each([400, 422, 429])(
    "already_invited_recently is already_invited whatever the status (%i)",
    (status) => {
      expect(classifyFailure({ status, type: "errors/already_invited_recently" })).toBe("already_invited");
      expect(classifyFailure({ status, type: "errors/action_already_performed" })).toBe("already_invited");
    },
  );

  it("handles the unconfirmed already_connected like an earlier invitation", () => {
    for (const slug of UNCONFIRMED_ERROR_TYPES) expect(isKnownErrorType(`errors/${slug}`)).toBe(true);
    expect(classifyFailure({ status: 422, type: "errors/already_connected" })).toBe("already_invited");
  });

  it.each([
    [400, "invalid_request"],
    [401, "account_unavailable"],
    [403, "account_unavailable"],
    [404, "recipient_unreachable"],
    [409, "invalid_request"],
    [422, "invalid_request"],
    [429, "account_rate_limited"],
    [500, "retry_later"],
    [502, "retry_later"],
    [504, "retry_later"],
  ] as const)("falls back on the status for an unknown type (%i → %s)", (status, expected) => {
    expect(isKnownErrorType("errors/brand_new_thing")).toBe(false);
    expect(classifyFailure({ status, type: "errors/brand_new_thing" })).toBe(expected);
    expect(classifyFailure({ status, type: "api/v2_style_type" })).toBe(expected);
    expect(classifyFailure({ status })).toBe(expected);
  });

  it("never reads the title or detail: words like 'limit' change nothing", () => {
    const facts = {
      status: 422,
      type: "errors/invalid_message",
      title: "limit exceeded",
      detail: "already invited",
    };
    expect(classifyFailure(facts)).toBe("invalid_request");
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "ECONNRESET"])(
    "a transport failure (%s) before the request was sent is retry_later",
    (code) => {
      expect(classifyFailure({ transport: { code, requestSent: false } })).toBe("retry_later");
    },
  );

  it.each(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_SOCKET", "ECONNRESET"])(
    "a transport failure (%s) after the request was sent is ambiguous",
    (code) => {
      expect(classifyFailure({ transport: { code, requestSent: true } })).toBe("ambiguous");
    },
  );
});
