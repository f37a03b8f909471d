// Turns one parsed CSV record into a prospect, or into the reasons it was rejected. Every rejected
// row is reported with its row number (lesson 18: SAM dropped rows without telling anyone).
import type { ColumnPlan } from "./header.js";
import { normalizeLinkedinUrl } from "./linkedin-url.js";

export interface ProspectRow {
  /** Spreadsheet row number: the header is row 1 (see parseProspectCsv for how rows are counted). */
  row: number;
  firstName: string;
  lastName: string;
  linkedinUrl: string;
  publicIdentifier: string;
  companyName: string | null;
  title: string | null;
  /**
   * Every custom column by its normalised name; "" when the cell is empty. Without a prototype, so
   * a column called "constructor" or "__proto__" is plain data: read it only as an own property.
   */
  custom: Record<string, string>;
}

export interface InvalidRow {
  row: number;
  field?: string;
  reason: string;
}

export interface DuplicateRow {
  row: number;
  duplicateOfRow: number;
  linkedinUrl: string;
}

export type RowReading =
  | { kind: "blank" }
  | { kind: "prospect"; prospect: ProspectRow }
  | { kind: "invalid"; problems: InvalidRow[] };

/**
 * Cell values are kept exactly as text (trimmed): csv-parse's casting is off and nothing here
 * interprets a value, so "=HYPERLINK(…)" is just a company name. Formulas only become dangerous
 * when a spreadsheet opens an export, and toCsv neutralises them there.
 */
export function readProspectRow(rawCells: string[], row: number, plan: ColumnPlan): RowReading {
  const cells = rawCells.map((cell) => cell.trim());
  const width = lastFilledCell(cells) + 1;
  if (width === 0) return { kind: "blank" };
  // Empty trailing cells are harmless (Excel pads rows with ",,,"); filled ones mean a value held
  // an unquoted delimiter and every later cell is in the wrong column.
  if (width > plan.roles.length) {
    const reason =
      `Row has ${width} cells but the header has ${plan.roles.length} columns ` +
      "(a value that contains the delimiter must be in double quotes)";
    return { kind: "invalid", problems: [{ row, reason }] };
  }

  const prospect: ProspectRow = {
    row,
    firstName: "",
    lastName: "",
    linkedinUrl: "",
    publicIdentifier: "",
    companyName: null,
    title: null,
    custom: Object.create(null) as Record<string, string>,
  };
  let linkedinCell = "";
  plan.roles.forEach((role, index) => {
    const value = cells[index] ?? "";
    if (role.kind === "custom") prospect.custom[role.name] = value;
    else if (role.kind === "prospect") {
      if (role.column === "first_name") prospect.firstName = value;
      else if (role.column === "last_name") prospect.lastName = value;
      else if (role.column === "linkedin_url") linkedinCell = value;
      else if (role.column === "company_name") prospect.companyName = value || null;
      else prospect.title = value || null;
    }
  });

  const problems: InvalidRow[] = [];
  if (prospect.firstName === "") problems.push({ row, field: "first_name", reason: "First name is missing" });
  if (prospect.lastName === "") problems.push({ row, field: "last_name", reason: "Last name is missing" });
  const linkedin = normalizeLinkedinUrl(linkedinCell);
  if (linkedin.ok) {
    prospect.linkedinUrl = linkedin.url;
    prospect.publicIdentifier = linkedin.publicIdentifier;
  } else {
    const reason = linkedinCell === "" ? "LinkedIn URL is missing" : linkedin.reason;
    problems.push({ row, field: "linkedin_url", reason });
  }
  return problems.length > 0 ? { kind: "invalid", problems } : { kind: "prospect", prospect };
}

function lastFilledCell(cells: string[]): number {
  for (let index = cells.length - 1; index >= 0; index--) if (cells[index] !== "") return index;
  return -1;
}
