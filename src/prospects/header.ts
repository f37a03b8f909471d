// Decides what each CSV column means, once, from the header row.
import { CsvFileRefusal } from "./file-refusal.js";
import {
  normalizeFieldName,
  type ProspectColumn,
  prospectColumnFor,
  REQUIRED_COLUMNS,
} from "./field-names.js";
import { quoted } from "../safe-text.js";

// A header row can hold thousands of cells; a message names the first few.
const LISTED_HEADERS = 20;

export type ColumnRole =
  | { kind: "prospect"; column: ProspectColumn }
  | { kind: "custom"; name: string }
  // A column with a blank header: spreadsheets leave these behind after deleted columns.
  | { kind: "ignored" };

export interface ColumnPlan {
  roles: ColumnRole[];
  customFields: string[];
}

/** Throws CsvFileRefusal when a required column is missing or two columns mean the same field. */
export function planColumns(headerCells: string[]): ColumnPlan {
  const roles: ColumnRole[] = [];
  const headerForField = new Map<string, string>();
  for (const header of headerCells) {
    const role = roleOf(header);
    roles.push(role);
    if (role.kind === "ignored") continue;
    const field = role.kind === "prospect" ? role.column : role.name;
    const earlier = headerForField.get(field);
    if (earlier !== undefined) {
      throw new CsvFileRefusal(
        `Columns "${quoted(earlier)}" and "${quoted(header)}" both mean ${quoted(field)}; rename or remove one.`,
      );
    }
    headerForField.set(field, header);
  }

  const missing = REQUIRED_COLUMNS.filter((column) => !headerForField.has(column));
  if (missing.length > 0) throw new CsvFileRefusal(missingColumnsMessage(missing, headerCells));

  const customFields = roles.flatMap((role) => (role.kind === "custom" ? [role.name] : []));
  return { roles, customFields };
}

function roleOf(header: string): ColumnRole {
  const column = prospectColumnFor(header);
  if (column) return { kind: "prospect", column };
  const name = normalizeFieldName(header);
  return name === "" ? { kind: "ignored" } : { kind: "custom", name };
}

function missingColumnsMessage(missing: ProspectColumn[], headerCells: string[]): string {
  const found = headerCells.filter((header) => header !== "").map((header) => `"${quoted(header)}"`);
  const listed = found.slice(0, LISTED_HEADERS).join(", ");
  const more = found.length > LISTED_HEADERS ? ` and ${found.length - LISTED_HEADERS} more` : "";
  const plural = missing.length > 1 ? "s" : "";
  let message = `Missing required column${plural}: ${missing.join(", ")}. Columns found: ${listed || "none"}${more}.`;
  if (found.length === 1) {
    message += " Only one column was found: separate columns with commas, semicolons or tabs.";
  }
  return message;
}
