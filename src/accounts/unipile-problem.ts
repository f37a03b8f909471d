// Says in one sentence why Unipile could not be asked, for a Slack user: no stack trace, no
// request detail, no key. The full error goes to the log.
import { isUnipileError } from "../unipile/errors.js";

export function unipileProblem(error: unknown): string {
  if (!isUnipileError(error)) return "Something went wrong while asking Unipile. Try again in a minute.";
  const { status } = error;
  if (status === undefined) return "Unipile did not answer. Try again in a minute.";
  if (status === 401 || status === 403) {
    return `Unipile refused the app's API key (HTTP ${status}). An admin should check UNIPILE_API_KEY and UNIPILE_DSN.`;
  }
  if (status === 404) return "Unipile does not know this account (HTTP 404).";
  if (status === 429) return "Unipile is rate-limiting the app (HTTP 429). Try again in a minute.";
  if (status >= 500) return `Unipile is having trouble (HTTP ${status}). Try again in a few minutes.`;
  return `Unipile answered with an error (HTTP ${status}).`;
}
