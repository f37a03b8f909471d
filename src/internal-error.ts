// What users are told when something fails that our code did not foresee: a plain sentence and
// a reference id. The details (the error's message, its stack, driver codes, request paths) go
// to the log under the same id, so whoever reads the log can find the case a user reports.
import { randomBytes } from "node:crypto";
import type { Logger } from "./log.js";
import { CLIENT_CODES, isUnipileError } from "./unipile/errors.js";

/**
 * An error whose message our code wrote for users on purpose ("the worker sending this message
 * stopped before it arrived"): shown as it is.
 */
export class UserFacingError extends Error {
  override readonly name = "UserFacingError";
}

/** A short id to quote to support, e.g. E-3FA29C01. */
export function newReference(): string {
  return `E-${randomBytes(4).toString("hex").toUpperCase()}`;
}

/** Logs the error with a new reference id and returns the id. */
export function logWithReference(log: Logger, what: string, error: unknown, fields: Record<string, unknown> = {}): string {
  const reference = newReference();
  log.error(what, { ...fields, reference, error });
  return reference;
}

/**
 * The cause in words for a Slack notice, with the reference of its log line: a user-facing
 * message as written; otherwise only which side failed (Unipile, and its HTTP status) — never
 * the error's own text.
 */
export function plainCause(log: Logger, what: string, error: unknown, fields: Record<string, unknown> = {}): string {
  if (error instanceof UserFacingError) return error.message;
  const reference = logWithReference(log, what, error, fields);
  if (isUnipileError(error) && !error.type.startsWith("client/")) {
    const side = error.status === undefined ? "Unipile did not answer" : `Unipile answered with an error (HTTP ${error.status})`;
    return `${side}; reference ${reference}`;
  }
  if (isUnipileError(error) && error.type === CLIENT_CODES.badResponse) return `Unipile's answer could not be read; reference ${reference}`;
  return `an unexpected error; reference ${reference}`;
}
