// Unipile-style pages. The cursor is opaque to clients and, like Unipile's, standard base64 with
// its `=` padding (the official SDK checks every cursor with `isBase64`: length a multiple of 4,
// alphabet A–Z a–z 0–9 + / =) of a JSON object that remembers the page size, so a next page can
// be asked for with the cursor alone. It also remembers the list it belongs to and the last item
// handed out, so items added while a client pages do not shift the pages. `limit` was checked
// against the operation's range before the handler ran (request-rules.ts).
import { refusedParameter } from "./api-error.js";

export interface Sequenced {
  seq: number;
}

interface CursorContent {
  /** The list (and filter) the cursor walks. */
  list: string;
  limit: number;
  /** The seq of the last item handed out. */
  last: number;
}

const PADDED_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeCursor(content: CursorContent): string {
  return Buffer.from(JSON.stringify(content), "utf8").toString("base64");
}

function decodeCursor(raw: string, list: string): CursorContent {
  if (PADDED_BASE64.test(raw)) {
    try {
      const content = JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as Partial<CursorContent>;
      if (content.list === list && Number.isInteger(content.limit) && Number.isInteger(content.last)) {
        return content as CursorContent;
      }
    } catch {
      // refused below
    }
  }
  throw refusedParameter("Invalid cursor for this list at /cursor");
}

/**
 * One page of items listed newest first (highest seq first). The page size is the query's
 * `limit`, else the cursor's, else the operation's documented default.
 */
export function pageOf<T extends Sequenced>(
  newestFirst: readonly T[],
  query: URLSearchParams,
  list: string,
  defaultLimit: number,
): { items: T[]; cursor: string | null } {
  const raw = query.get("cursor");
  const after = raw === null ? undefined : decodeCursor(raw, list);
  const limitParam = query.get("limit");
  const limit = limitParam !== null ? Number(limitParam) : (after?.limit ?? defaultLimit);
  const start = after === undefined ? 0 : newestFirst.findIndex((item) => item.seq < after.last);
  if (start < 0) return { items: [], cursor: null };
  const items = newestFirst.slice(start, start + limit);
  const more = start + limit < newestFirst.length;
  const last = items[items.length - 1];
  return { items, cursor: more && last ? encodeCursor({ list, limit, last: last.seq }) : null };
}
