// Unipile-style pages: `limit` checked against the endpoint's range, and an opaque cursor that
// remembers the last item handed out, so items added while a client pages do not shift pages.
import { invalidParameters } from "./api-error.js";

export interface Sequenced {
  seq: number;
}

export function readLimit(query: URLSearchParams, max: number, fallback = Math.min(100, max)): number {
  const raw = query.get("limit");
  if (raw === null) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalidParameters(`limit must be an integer between 1 and ${max}.`);
  }
  return limit;
}

/** One page of items listed newest first (highest seq first). */
export function pageOf<T extends Sequenced>(
  newestFirst: readonly T[],
  query: URLSearchParams,
  list: string,
  max: number,
): { items: T[]; cursor: string | null } {
  const limit = readLimit(query, max);
  const after = readCursor(query.get("cursor"), list);
  const start = after === undefined ? 0 : newestFirst.findIndex((item) => item.seq < after);
  if (start < 0) return { items: [], cursor: null };
  const items = newestFirst.slice(start, start + limit);
  const more = start + limit < newestFirst.length;
  return { items, cursor: more && items.length > 0 ? writeCursor(list, items[items.length - 1]!.seq) : null };
}

function writeCursor(list: string, seq: number): string {
  return Buffer.from(JSON.stringify({ l: list, s: seq })).toString("base64url");
}

function readCursor(raw: string | null, list: string): number | undefined {
  if (raw === null) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as {
      l?: unknown;
      s?: unknown;
    };
    if (decoded.l === list && typeof decoded.s === "number") return decoded.s;
  } catch {
    // fall through to the error below
  }
  throw invalidParameters("cursor is not valid for this list.");
}
