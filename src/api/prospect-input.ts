// Prospects sent as JSON go through the CSV import's own reader (src/prospects): the objects
// become the rows of a CSV with the standard columns and one column per custom field, so the
// rules (required fields, URL normalisation, duplicates, column names) and the report are the
// import's, not a second copy. A row's number is its index in the request + 2 (the header is
// row 1), and is reported back as that index.
import type { z } from "zod";
import type { ImportSummary, ParsedProspects } from "../campaigns/import.js";
import { CsvFileRefusal } from "../prospects/file-refusal.js";
import { ProspectCollector } from "../prospects/prospect-collector.js";
import { cleanText } from "../safe-text.js";
import { ApiProblem } from "./problem.js";
import { MAX_PROSPECTS_PER_REQUEST, type ImportReport, type ProspectInput } from "./schemas.js";

const STANDARD = ["first_name", "last_name", "linkedin_url", "company_name", "title"] as const;

export const indexOfRow = (row: number) => row - 2;

export function readProspects(list: Array<z.output<typeof ProspectInput>>): ParsedProspects {
  const custom: string[] = [];
  const seen = new Set<string>();
  for (const prospect of list) {
    for (const name of Object.keys(prospect.custom ?? {})) {
      if (!seen.has(name)) {
        seen.add(name);
        custom.push(name);
      }
    }
  }
  const collector = new ProspectCollector(MAX_PROSPECTS_PER_REQUEST);
  try {
    collector.accept([...STANDARD, ...custom]);
    for (const prospect of list) {
      const values = prospect.custom ?? {};
      collector.accept(
        [
          prospect.first_name,
          prospect.last_name,
          prospect.linkedin_url,
          prospect.company_name ?? "",
          prospect.title ?? "",
          ...custom.map((name) => (Object.hasOwn(values, name) ? values[name]! : "")),
        ].map(cleanText),
      );
    }
    return collector.collected();
  } catch (error) {
    if (error instanceof CsvFileRefusal) throw new ApiProblem("validation", error.message, { field: "prospects" });
    throw error;
  }
}

export function reportOf(summary: ImportSummary, parsed: ParsedProspects): z.output<typeof ImportReport> {
  return {
    imported: summary.imported,
    total: summary.totalDataRows,
    duplicates: parsed.duplicates.map((row) => ({ index: indexOfRow(row.row), duplicate_of_index: indexOfRow(row.duplicateOfRow) })),
    already_in_campaign: summary.alreadyInCampaign,
    skipped: summary.skipped.map((row) => ({ index: indexOfRow(row.row), reason: row.reason })),
    invalid: summary.invalid.map((row) => ({
      index: indexOfRow(row.row),
      ...(row.field ? { field: row.field } : {}),
      reason: row.reason,
    })),
  };
}
