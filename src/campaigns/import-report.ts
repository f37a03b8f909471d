// What the campaign thread says after an import: counts, the first invalid rows with their row
// numbers and reasons, and (when there are more) a CSV with every rejected row.
import { toCsv } from "../prospects/csv.js";
import type { ImportSummary } from "./import.js";
import { DNC_REASON } from "../do-not-contact/list.js";
import { escapeMrkdwn } from "../slack/text.js";

const SHOWN_ROWS = 10;

/** One entry per rejected row: a row with several problems (no first and no last name) is one row. */
function invalidRows(summary: ImportSummary): Array<{ row: number; reason: string }> {
  const byRow = new Map<number, string[]>();
  for (const problem of summary.invalid) {
    const reasons = byRow.get(problem.row) ?? [];
    reasons.push(problem.field ? `${problem.field}: ${problem.reason}` : problem.reason);
    byRow.set(problem.row, reasons);
  }
  return [...byRow].map(([row, reasons]) => ({ row, reason: reasons.join("; ") }));
}

function skippedWhy(summary: ImportSummary): string {
  if (summary.skipped.length === 0) return "";
  const listed = summary.skipped.filter((row) => row.reason === DNC_REASON).length;
  const elsewhere = summary.skipped.length - listed;
  if (listed === 0) return " (already active in another campaign of this workspace)";
  if (elsewhere === 0) return ` (${DNC_REASON})`;
  const parts = [
    ...(listed > 0 ? [`${listed} ${DNC_REASON}`] : []),
    ...(elsewhere > 0 ? [`${elsewhere} already active in another campaign of this workspace`] : []),
  ];
  return ` (${parts.join(", ")})`;
}

export function importReport(fileName: string, summary: ImportSummary): { text: string; errorCsv: string | null } {
  const invalid = invalidRows(summary);
  const duplicates = summary.duplicatesInFile + summary.alreadyInCampaign;
  const lines = [
    `*Imported ${summary.imported} prospect(s)* from ${escapeMrkdwn(fileName)} (${summary.totalDataRows} data rows).`,
    `• duplicates: ${duplicates}${duplicates > 0 ? ` (${summary.duplicatesInFile} repeated in the file, ${summary.alreadyInCampaign} already in this campaign; each person is imported once)` : ""}`,
    `• skipped: ${summary.skipped.length}${skippedWhy(summary)}`,
    `• invalid: ${invalid.length}`,
  ];
  const problems = [
    ...invalid.map((row) => ({ row: row.row, kind: "invalid", reason: row.reason })),
    ...summary.skipped.map((row) => ({ row: row.row, kind: "skipped", reason: row.reason })),
  ].sort((a, b) => a.row - b.row);
  if (problems.length > 0) {
    lines.push("", `*First ${Math.min(SHOWN_ROWS, problems.length)} of ${problems.length} rows not imported:*`);
    for (const problem of problems.slice(0, SHOWN_ROWS)) lines.push(`• row ${problem.row} (${problem.kind}): ${escapeMrkdwn(problem.reason)}`);
  }
  const errorCsv =
    problems.length > SHOWN_ROWS
      ? // With a byte order mark, as Excel needs to read UTF-8 (the reasons quote names with “…”).
        `\uFEFF${toCsv([["row", "outcome", "reason"], ...problems.map((problem) => [String(problem.row), problem.kind, problem.reason])])}`
      : null;
  if (errorCsv) lines.push(`The full list of ${problems.length} rows is attached.`);
  return { text: lines.join("\n"), errorCsv };
}
