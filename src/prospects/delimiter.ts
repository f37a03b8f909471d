// Excel writes semicolons where the decimal separator is a comma (most of Europe), and
// "Unicode Text" exports use tabs, so the delimiter is read from the header line.

export type CsvDelimiter = "," | ";" | "\t";
const CANDIDATES: readonly CsvDelimiter[] = [",", ";", "\t"];

/**
 * The candidate that occurs most often in the first non-blank record, outside quotes. A tie goes
 * to the earlier of comma, semicolon, tab; a header with none of them (one column) counts as comma.
 */
export function detectDelimiter(headText: string): CsvDelimiter {
  const counts = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));
  let quoted = false;
  let seenContent = false;
  for (const character of headText) {
    if (character === '"') quoted = !quoted;
    if (quoted) continue;
    if (character === "\n" || character === "\r") {
      if (seenContent) break;
      continue;
    }
    const count = counts.get(character);
    if (count !== undefined) counts.set(character, count + 1);
    if (character.trim() !== "" || count !== undefined) seenContent = true;
  }
  let best: CsvDelimiter = ",";
  for (const candidate of CANDIDATES) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}
