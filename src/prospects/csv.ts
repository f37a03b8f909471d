// CSV prospect import: reads an upload as a stream and returns the prospects it holds, every row
// it rejected with the reason, and the duplicates it dropped. Either the whole file is refused
// ({ ok: false }) or every data row is accounted for in rows, invalid or duplicates.
//
// Row numbers are what a spreadsheet shows: the header is row 1, the first data row is row 2.
// They count records, not lines: a value with a line break inside quotes is still one row.
// Blank lines count as rows too, because a spreadsheet shows them as empty rows.
import { pipeline, Readable } from "node:stream";
import { type Options, parse } from "csv-parse";
import { type CsvInput, checkedBytes } from "./checked-bytes.js";
import { type CsvDelimiter, detectDelimiter } from "./delimiter.js";
import { CsvFileRefusal } from "./file-refusal.js";
import { type CollectedProspects, ProspectCollector } from "./prospect-collector.js";

export type { CsvInput } from "./checked-bytes.js";
export { toCsv } from "./csv-export.js";
export type { CsvDelimiter } from "./delimiter.js";
export { normalizeFieldName } from "./field-names.js";
export type { DuplicateRow, InvalidRow, ProspectRow } from "./prospect-row.js";

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 100_000;
// Far beyond any real row; a record this long is an unclosed quote swallowing the file.
const MAX_RECORD_CHARACTERS = 100_000;

export interface ProspectCsvOptions {
  maxBytes?: number;
  maxRows?: number;
}

export type ProspectCsvResult =
  | ({ ok: true; delimiter: CsvDelimiter } & CollectedProspects)
  | { ok: false; error: string };

export async function parseProspectCsv(
  input: CsvInput,
  options: ProspectCsvOptions = {},
): Promise<ProspectCsvResult> {
  try {
    return await importProspects(
      input,
      options.maxBytes ?? DEFAULT_MAX_BYTES,
      options.maxRows ?? DEFAULT_MAX_ROWS,
    );
  } catch (error) {
    if (error instanceof CsvFileRefusal) return { ok: false, error: error.message };
    const syntaxProblem = csvSyntaxProblem(error);
    if (syntaxProblem) return { ok: false, error: syntaxProblem };
    throw error;
  }
}

async function importProspects(
  input: CsvInput,
  maxBytes: number,
  maxRows: number,
): Promise<ProspectCsvResult> {
  const bytes = checkedBytes(input, maxBytes);
  const head = await bytes.next();
  if (head.done) throw new CsvFileRefusal("The file is empty.");
  const delimiter = detectDelimiter(head.value.toString("utf8"));

  const parser = parse(csvParseOptions(delimiter));
  // pipeline() tears the whole chain down on the first error anywhere: a refusal thrown while
  // reading bytes reaches the loop below through the parser, and a refusal thrown by the loop
  // destroys the parser, which stops reading the upload. (A function as the last pipeline stage
  // would be neater, but Node 20 then reports an AbortError instead of our refusal.)
  const settled = new Promise<void>((resolve) => {
    pipeline(Readable.from(withHead(head.value, bytes)), parser, () => resolve());
  });
  const collector = new ProspectCollector(maxRows);
  try {
    for await (const cells of parser as AsyncIterable<string[]>) collector.accept(cells);
  } finally {
    // Return only once the upload is closed, so a refused file is not still being downloaded.
    await settled;
  }
  return { ok: true, delimiter, ...collector.collected() };
}

/** csv-parse's options for a prospect file (also what the bench's csv-parse-alone limit uses). */
export function csvParseOptions(delimiter: CsvDelimiter): Options {
  return {
    delimiter,
    bom: true,
    // Rows wider or narrower than the header are judged row by row (readProspectRow), not here.
    relax_column_count: true,
    // A stray quote inside an unquoted value (Jo "JJ" Smith) is kept as text.
    relax_quotes: true,
    // Blank lines come through as records so that counting records gives spreadsheet rows.
    skip_empty_lines: false,
    trim: true,
    max_record_size: MAX_RECORD_CHARACTERS,
    // No `cast`: every value stays a string and nothing in a cell is ever interpreted.
  };
}

async function* withHead(head: Buffer, rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield head;
    yield* rest;
  } finally {
    // Stopping early (a refused file) must also stop reading the upload.
    await rest.return(undefined);
  }
}

/** csv-parse errors as a sentence naming the row to fix; null for errors that are not csv-parse's. */
function csvSyntaxProblem(error: unknown): string | null {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return null;
  if (!error.code.startsWith("CSV_") && error.code !== "INVALID_OPENING_QUOTE") return null;
  // csv-parse counts completed records; blank lines are records here (skip_empty_lines is off).
  const { records } = error as unknown as { records?: number };
  const row = (records ?? 0) + 1;
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `Row ${row}: a double quote (") opens a value that is never closed. Fix the quotes in that row.`;
    case "CSV_MAX_RECORD_SIZE":
      return (
        `Row ${row} is longer than ${MAX_RECORD_CHARACTERS.toLocaleString("en-US")} characters, usually ` +
        'because a double quote (") opens a value that is never closed. Fix the quotes in that row.'
      );
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return (
        `Row ${row}: a value in double quotes is followed by more text (like "Acme" Inc). ` +
        'Put the whole value in quotes and double any quote inside it ("Acme ""Best"" Inc").'
      );
    default:
      return `Row ${row} could not be read as CSV (${error.message}).`;
  }
}
