// Walks a cursor-paginated Unipile list to its end, one page at a time, yielding items.
import type { Page } from "./types.js";

export async function* paginate<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await fetchPage(cursor);
    yield* page.items;
    // A server that hands back a cursor it already gave would loop forever; stop instead.
    if (page.cursor !== null && seen.has(page.cursor)) return;
    if (page.cursor !== null) seen.add(page.cursor);
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined);
}
