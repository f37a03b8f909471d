// Receives parsed records in file order and sorts every data row into exactly one place:
// prospects, rejected rows, or duplicates. Only normalised rows are kept, never raw records.
import { CsvFileRefusal } from "./file-refusal.js";
import { type ColumnPlan, planColumns } from "./header.js";
import { type DuplicateRow, type InvalidRow, type ProspectRow, readProspectRow } from "./prospect-row.js";

export interface CollectedProspects {
  rows: ProspectRow[];
  invalid: InvalidRow[];
  duplicates: DuplicateRow[];
  customFields: string[];
  totalDataRows: number;
}

export class ProspectCollector {
  private plan: ColumnPlan | null = null;
  // Every record, blank ones included, is one spreadsheet row.
  private row = 0;
  private totalDataRows = 0;
  private readonly rows: ProspectRow[] = [];
  private readonly invalid: InvalidRow[] = [];
  private readonly duplicates: DuplicateRow[] = [];
  private readonly firstRowByUrl = new Map<string, number>();

  constructor(private readonly maxRows: number) {}

  /** Throws CsvFileRefusal for a bad header or too many rows. */
  accept(cells: string[]): void {
    this.row++;
    if (this.plan === null) {
      // The first non-blank record is the header.
      if (cells.some((cell) => cell.trim() !== "")) this.plan = planColumns(cells.map((cell) => cell.trim()));
      return;
    }
    const reading = readProspectRow(cells, this.row, this.plan);
    if (reading.kind === "blank") return;
    this.totalDataRows++;
    if (this.totalDataRows > this.maxRows) {
      throw new CsvFileRefusal(
        `The file has more than ${this.maxRows.toLocaleString("en-US")} prospect rows; split it into smaller files.`,
      );
    }
    if (reading.kind === "invalid") this.invalid.push(...reading.problems);
    else this.keepUnlessDuplicate(reading.prospect);
  }

  /** Throws CsvFileRefusal when the file held no header or no data rows. */
  collected(): CollectedProspects {
    if (this.plan === null) throw new CsvFileRefusal("The file is empty.");
    if (this.totalDataRows === 0) throw new CsvFileRefusal("The file has a header row but no prospect rows.");
    const { rows, invalid, duplicates, totalDataRows } = this;
    return { rows, invalid, duplicates, customFields: this.plan.customFields, totalDataRows };
  }

  // The first row with a profile wins; later ones are reported, not kept.
  private keepUnlessDuplicate(prospect: ProspectRow): void {
    const firstRow = this.firstRowByUrl.get(prospect.linkedinUrl);
    if (firstRow === undefined) {
      this.firstRowByUrl.set(prospect.linkedinUrl, prospect.row);
      this.rows.push(prospect);
    } else {
      this.duplicates.push({
        row: prospect.row,
        duplicateOfRow: firstRow,
        linkedinUrl: prospect.linkedinUrl,
      });
    }
  }
}
