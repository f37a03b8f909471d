// The custom columns of a CSV from its first bytes, so that a campaign saved with its prospect
// file can accept placeholders for those columns before the whole file is imported.
import { parse } from "csv-parse/sync";
import { detectDelimiter } from "./delimiter.js";
import { planColumns } from "./header.js";

/** Custom field names of the header line; [] when the header cannot be read (the import says why). */
export function customFieldsOfHeader(head: Buffer): string[] {
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  try {
    const [cells] = parse(firstLine, { delimiter: detectDelimiter(firstLine), relax_quotes: true, trim: true }) as string[][];
    return cells ? planColumns(cells).customFields : [];
  } catch {
    return [];
  }
}
