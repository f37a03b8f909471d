// The one place that makes outside text safe to store and to show. PostgreSQL refuses NUL in text
// and jsonb, and jsonb refuses a lone UTF-16 surrogate; either refusal fails the whole
// transaction, so one bad character in a CSV cell, a webhook or a Unipile answer used to sink
// everything written with it (issue 10: one %00 made a whole file unimportable). Boundaries
// (CSV reports, webhook intake, Unipile answers, the Slack outbox) call these; nothing else
// needs to know which characters are the problem.

/** How many characters of an offending value a message quotes back to the user. */
export const QUOTE_CHARACTERS = 100;
/** Deeper JSON than this is refused: no real event nests this far, and jsonb or JSON.stringify would fail on extreme depth. */
export const MAX_JSON_DEPTH = 64;

// NUL, a high surrogate not followed by a low one, a low surrogate not preceded by a high one.
const UNSAFE_SOURCE = "\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const UNSAFE_ANY = new RegExp(UNSAFE_SOURCE);
const UNSAFE_ALL = new RegExp(UNSAFE_SOURCE, "g");

/** The text without NUL characters and lone surrogates; everything else is kept as it is. */
export function cleanText(text: string): string {
  return UNSAFE_ANY.test(text) ? text.replace(UNSAFE_ALL, "") : text;
}

/**
 * At most `max` characters (code points, so an emoji is never cut in half); a longer text ends
 * with "…" within that count.
 */
export function clipText(text: string, max: number): string {
  // UTF-16 length is never less than the number of code points.
  if (text.length <= max) return text;
  const width = (at: number) => ((text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);
  let end = 0;
  for (let count = 0; count < max - 1 && end < text.length; count++) end += width(end);
  // What is left after max - 1 characters: nothing or exactly one character fits as it is.
  if (end >= text.length || end + width(end) === text.length) return text;
  return `${text.slice(0, end)}…`;
}

/** Clean and at most `max` characters: for any outside text that goes into a column or a message. */
export function safeText(text: string, max: number): string {
  return clipText(cleanText(text), max);
}

/** An offending value as a message may quote it: clean and at most ~100 characters. */
export function quoted(value: string): string {
  return safeText(value, QUOTE_CHARACTERS);
}

// JSON text decoded from UTF-8 holds no lone surrogate (bad bytes decode to U+FFFD) and no raw
// NUL inside a string (JSON forbids it), so only these escapes can bring either in.
const UNSAFE_ESCAPE = /\\u(?:0000|d[89a-f])/i;

/** False when JSON text decoded from UTF-8 certainly parses to clean strings: cleanJson can be skipped. */
export function jsonTextMayNeedCleaning(text: string): boolean {
  return UNSAFE_ESCAPE.test(text);
}

export type CleanJson = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * A copy of parsed JSON with every string and key cleaned, or a refusal when it nests deeper than
 * `maxDepth`. Objects come back without a prototype, so a key such as "__proto__" stays data.
 */
export function cleanJson(value: unknown, maxDepth = MAX_JSON_DEPTH): CleanJson {
  const tooDeep = { ok: false as const, reason: `nested more than ${maxDepth} levels deep` };
  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === "string") return cleanText(item);
    if (item === null || typeof item !== "object") return item;
    if (depth >= maxDepth) throw tooDeep;
    if (Array.isArray(item)) return item.map((element) => walk(element, depth + 1));
    const copy: Record<string, unknown> = Object.create(null);
    for (const [key, element] of Object.entries(item)) copy[cleanText(key)] = walk(element, depth + 1);
    return copy;
  };
  try {
    return { ok: true, value: walk(value, 0) };
  } catch (error) {
    if (error === tooDeep) return tooDeep;
    throw error;
  }
}
