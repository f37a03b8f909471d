// CSV for people to open in a spreadsheet: exports and rejected-row reports. Values come from
// uploads and LinkedIn profiles, i.e. from strangers, so formula injection is neutralised here.

// OWASP "CSV Injection": a cell starting with one of these may be run as a formula by Excel,
// LibreOffice or Google Sheets. A leading apostrophe makes the spreadsheet show it as text.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * RFC 4180: comma-separated, CRLF after every record, quotes around values containing a quote,
 * comma or line break, quotes inside doubled. "-5" and "+1 555…" also gain the apostrophe: the
 * price of never running a formula. No byte order mark is added; a caller writing a file for
 * Excel should prefix "\uFEFF" so Excel reads it as UTF-8.
 */
export function toCsv(rows: string[][]): string {
  return rows.map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
