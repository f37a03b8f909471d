// Recognises files that are not CSV from their first bytes, so that the user hears "this is an
// Excel workbook" instead of a confusing list of missing columns.
import { SAVE_AS_CSV_UTF8 } from "./file-refusal.js";

export const SNIFF_BYTES = 8 * 1024;

const SIGNATURES: Array<{ magic: number[]; problem: string }> = [
  {
    magic: [0x50, 0x4b, 0x03, 0x04],
    problem: `This is a spreadsheet or zip file (such as .xlsx), not a CSV file. ${SAVE_AS_CSV_UTF8}`,
  },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    problem: `This is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS_CSV_UTF8}`,
  },
  {
    magic: [0x25, 0x50, 0x44, 0x46],
    problem: "This is a PDF document, not a CSV file. Export the list as CSV.",
  },
  {
    magic: [0xff, 0xfe],
    problem: `This file is saved as UTF-16 (Excel's "Unicode Text"), not UTF-8. ${SAVE_AS_CSV_UTF8}`,
  },
  {
    magic: [0xfe, 0xff],
    problem: `This file is saved as UTF-16 (Excel's "Unicode Text"), not UTF-8. ${SAVE_AS_CSV_UTF8}`,
  },
];

const HTML =
  "This is a web page (HTML), not a CSV file — often a sign-in or error page saved in place of the " +
  "export. Download the CSV again while signed in.";
const BINARY = "This is not a text file (it contains binary data). Upload a CSV file.";
// Share of control characters above which the head is binary. Random bytes have about 10 %;
// text has none, whatever its encoding, so a Cyrillic Windows-1251 file full of bytes that are
// not UTF-8 still gets the encoding message rather than this one.
const BINARY_SHARE = 0.01;

/** Why the file starting with `head` cannot be a CSV file, or null when it may be one. */
export function refusalForFileStart(head: Buffer): string | null {
  const signature = SIGNATURES.find(({ magic }) => magic.every((byte, index) => head[index] === byte));
  if (signature) return signature.problem;

  const text = new TextDecoder("utf-8").decode(head.subarray(0, SNIFF_BYTES)).trimStart();
  if (/^<(!doctype\s+html|html|head|body)\b/i.test(text) || (text.startsWith("<") && /<html\b/i.test(text))) {
    return HTML;
  }
  if (text.startsWith("<?xml")) return `This is an XML file, not a CSV file. ${SAVE_AS_CSV_UTF8}`;
  if (text.startsWith("{\\rtf")) return "This is a rich-text (RTF) document, not a CSV file. Save it as CSV.";
  if (text.includes("\u0000") || controlCharacterShare(text) > BINARY_SHARE) return BINARY;
  return null;
}

function controlCharacterShare(text: string): number {
  // Tab, line feed, vertical tab (Excel for Mac's line break in a cell), form feed and carriage
  // return are at home in text; the other C0 controls and DEL are not.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we count.
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  return controls / text.length;
}
