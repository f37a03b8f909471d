// Which errors mean "the database is unreachable right now" (a restart, a crash, a network cut)
// rather than a bug: those are retried and never end a process.

/** Connection-level codes from node-postgres/postgres.js and PostgreSQL's class 08 and 57P. */
const OUTAGE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down, recovering)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
]);

const OUTAGE_MESSAGES = [
  "Connection terminated",
  "connection error and is not queryable",
  "Client was closed and is not queryable",
  "terminating connection due to",
  "the database system is",
  "server closed the connection unexpectedly",
];

export function isDatabaseOutage(error: unknown, depth = 0): boolean {
  if (depth > 4 || !error || typeof error !== "object") return false;
  const { code, message, errors, cause } = error as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === "string" && OUTAGE_CODES.has(code)) return true;
  if (typeof message === "string" && OUTAGE_MESSAGES.some((text) => message.includes(text))) return true;
  // graphile-worker gathers shutdown failures into an AggregateError.
  if (Array.isArray(errors) && errors.length > 0 && errors.every((inner) => isDatabaseOutage(inner, depth + 1))) return true;
  return cause !== undefined && isDatabaseOutage(cause, depth + 1);
}

/**
 * postgres.js 3.4.9 schedules small writes with setImmediate; when the connection closes first,
 * the write dereferences a null socket and throws outside any promise (porsager/postgres#1154,
 * #1208). The query it carried was already failed by the close, so the error itself is harmless.
 */
export function isPostgresWriteAfterClose(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    error.message.includes("reading 'write'") &&
    typeof error.stack === "string" &&
    error.stack.includes("nextWrite") &&
    /[\\/]postgres[\\/]/.test(error.stack)
  );
}
