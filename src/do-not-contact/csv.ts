// Reading a do-not-contact CSV. Two formats are accepted:
// - one column: a LinkedIn profile URL, a company page URL or a company name per line, with an
//   optional header (a first line such as "url", "company" or "linkedin_url" is a header);
// - the prospect CSV format (a header with first_name, last_name and linkedin_url): each valid
//   row's person is added. Its company is NOT added: a list of people is not a list of
//   companies to avoid, and adding them would silently stop everyone else at those companies.
// Every data row is accounted for: an entry, a duplicate of an earlier row, or invalid with its
// row number and reason (row 1 is the first line, as a spreadsheet shows it).
import { parse } from "csv-parse/sync";
import { checkedBytes, type CsvInput } from "../prospects/checked-bytes.js";
import { parseProspectCsv } from "../prospects/csv.js";
import { detectDelimiter } from "../prospects/delimiter.js";
import { normalizeFieldName, prospectColumnFor } from "../prospects/field-names.js";
import { CsvFileRefusal } from "../prospects/file-refusal.js";
import { refusalForFileStart } from "../prospects/file-sniff.js";
import type { NewEntry } from "./list.js";
import { parseTarget } from "./keys.js";
import { safeText } from "../safe-text.js";

export const MAX_DNC_BYTES = 10 * 1024 * 1024;
export const MAX_DNC_ROWS = 100_000;

export interface DncCsv {
  format: "one_column" | "prospects";
  entries: Array<NewEntry & { row: number }>;
  duplicates: number;
  invalid: Array<{ row: number; reason: string }>;
  totalDataRows: number;
}

export type DncCsvResult = ({ ok: true } & DncCsv) | { ok: false; error: string };

/** First-line values that make it a header of a one-column file. */
const ONE_COLUMN_HEADERS = new Set([
  "url", "urls", "linkedin", "linkedin_url", "profile", "profile_url", "linkedin_profile", "company", "company_name",
  "company_url", "company_page", "name", "entry", "entries", "value", "do_not_contact", "dnc", "blocklist", "blacklist",
]);

export async function parseDncCsv(input: CsvInput): Promise<DncCsvResult> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of checkedBytes(input, MAX_DNC_BYTES)) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    if (bytes.length === 0) return { ok: false, error: "The file is empty." };
    const refusal = refusalForFileStart(bytes.subarray(0, 8192));
    if (refusal) return { ok: false, error: refusal };
    const text = bytes.toString("utf8").replace(/^\uFEFF/, "");
    const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
    const delimiter = detectDelimiter(firstLine);
    const records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true }) as string[][];
    const header = records.find((cells) => cells.some((cell) => cell !== ""));
    if (!header) return { ok: false, error: "The file is empty." };
    if (header.filter((cell) => cell !== "").length > 1) {
      // `/sam dnc export`'s own file: its "entry" column is read as a one-column file.
      const entryColumn = header.findIndex((cell) => normalizeFieldName(cell) === "entry");
      if (entryColumn >= 0) return fromOneColumn(records.map((cells) => [cells[entryColumn] ?? ""]));
      const columns = new Set(header.map((cell) => prospectColumnFor(cell)));
      if (!columns.has("linkedin_url")) {
        return {
          ok: false,
          error: "The file has several columns but no linkedin_url column: use one column (a URL or company name per line) or the prospect CSV format.",
        };
      }
      return fromProspectCsv(bytes);
    }
    return fromOneColumn(records);
  } catch (error) {
    if (error instanceof CsvFileRefusal) return { ok: false, error: error.message };
    if (error instanceof Error && "code" in error && String((error as { code: unknown }).code).startsWith("CSV_")) {
      return { ok: false, error: `The file is not a readable CSV (${error.message.slice(0, 200)}).` };
    }
    throw error;
  }
}

function fromOneColumn(records: string[][]): DncCsvResult {
  const result: DncCsv = { format: "one_column", entries: [], duplicates: 0, invalid: [], totalDataRows: 0 };
  const seen = new Set<string>();
  let headerSeen = false;
  records.forEach((cells, index) => {
    const row = index + 1;
    const filled = cells.filter((cell) => cell !== "");
    if (filled.length === 0) return;
    if (!headerSeen) {
      headerSeen = true;
      if (ONE_COLUMN_HEADERS.has(normalizeFieldName(filled[0]!))) return;
    }
    result.totalDataRows++;
    if (result.totalDataRows > MAX_DNC_ROWS) throw new CsvFileRefusal(`The file has more than ${MAX_DNC_ROWS.toLocaleString("en-US")} rows; split it into smaller files.`);
    if (filled.length > 1) {
      result.invalid.push({ row, reason: "more than one value: one URL or company name per line (a name with a comma must be in double quotes)" });
      return;
    }
    const target = parseTarget(filled[0]!);
    if (!target.ok) {
      result.invalid.push({ row, reason: target.reason });
      return;
    }
    const id = `${target.kind}\u0000${target.key}`;
    if (seen.has(id)) {
      result.duplicates++;
      return;
    }
    seen.add(id);
    result.entries.push({ row, kind: target.kind, key: target.key, original: safeText(filled[0]!, 300) });
  });
  if (result.totalDataRows === 0) return { ok: false, error: "The file has no entries." };
  return { ok: true, ...result };
}

async function fromProspectCsv(bytes: Buffer): Promise<DncCsvResult> {
  const parsed = await parseProspectCsv(bytes, { maxBytes: MAX_DNC_BYTES, maxRows: MAX_DNC_ROWS });
  if (!parsed.ok) return parsed;
  // The prospect import's rules apply row by row (a row without a name is invalid there too).
  const invalidRows = new Map<number, string[]>();
  for (const problem of parsed.invalid) {
    const reasons = invalidRows.get(problem.row) ?? [];
    reasons.push(problem.field ? `${problem.field}: ${problem.reason}` : problem.reason);
    invalidRows.set(problem.row, reasons);
  }
  return {
    ok: true,
    format: "prospects",
    entries: parsed.rows.map((row) => ({ row: row.row, kind: "profile" as const, key: row.publicIdentifier, original: row.linkedinUrl })),
    duplicates: parsed.duplicates.length,
    invalid: [...invalidRows].map(([row, reasons]) => ({ row, reason: reasons.join("; ") })).sort((a, b) => a.row - b.row),
    totalDataRows: parsed.totalDataRows,
  };
}
