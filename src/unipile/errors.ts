// The one error every Unipile call throws. It carries what the caller needs to decide (the
// failure class and whether the request reached the server) and never any request header.
import { redact } from "../log.js";
import { classifyFailure, type FailureClass } from "./classify.js";

export { classifyFailure, FAILURE_CLASSES, type FailureClass, isKnownErrorType } from "./classify.js";
export { ERROR_TYPES_BY_STATUS, KNOWN_ERROR_TYPES, UNCONFIRMED_ERROR_TYPES } from "./error-types.js";

/** Transport codes the client itself uses besides undici's and Node's. */
export const CLIENT_CODES = {
  badResponse: "client/unexpected_response",
  invalidArgument: "client/invalid_argument",
} as const;

export interface UnipileErrorFields {
  failureClass?: FailureClass;
  /** `errors/<slug>` from the body, a transport code (ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT), or `http_<status>`. */
  type: string;
  status?: number;
  title?: string;
  detail?: string;
  method: string;
  /** The path without its query string. */
  path: string;
  requestSent: boolean;
  /** Milliseconds from a Retry-After header, when the server sent one. */
  retryAfterMs?: number;
  attempts?: number;
}

export class UnipileError extends Error {
  override readonly name = "UnipileError";
  readonly failureClass: FailureClass;
  readonly type: string;
  readonly status: number | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly requestSent: boolean;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(fields: UnipileErrorFields) {
    const title = fields.title === undefined ? undefined : String(redact(fields.title));
    const detail = fields.detail === undefined ? undefined : String(redact(fields.detail));
    const outcome = fields.status === undefined ? fields.type : `${fields.status} ${fields.type}`;
    super(`Unipile ${fields.method} ${fields.path} failed: ${outcome}${title ? ` (${title})` : ""}`);
    this.failureClass =
      fields.failureClass ??
      classifyFailure({
        status: fields.status,
        type: fields.type,
        transport:
          fields.status === undefined ? { code: fields.type, requestSent: fields.requestSent } : undefined,
      });
    this.type = fields.type;
    this.status = fields.status;
    this.title = title;
    this.detail = detail;
    this.method = fields.method;
    this.path = fields.path;
    this.requestSent = fields.requestSent;
    this.retryAfterMs = fields.retryAfterMs;
    this.attempts = fields.attempts ?? 1;
  }

  withAttempts(attempts: number): UnipileError {
    return new UnipileError({ ...this.toJSON(), attempts });
  }

  toJSON(): UnipileErrorFields & { name: string; message: string; failureClass: FailureClass } {
    return {
      name: this.name,
      message: this.message,
      failureClass: this.failureClass,
      type: this.type,
      status: this.status,
      title: this.title,
      detail: this.detail,
      method: this.method,
      path: this.path,
      requestSent: this.requestSent,
      retryAfterMs: this.retryAfterMs,
      attempts: this.attempts,
    };
  }
}

export function isUnipileError(value: unknown): value is UnipileError {
  return value instanceof UnipileError;
}
