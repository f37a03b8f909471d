// Every CSV shape we have seen or expect, each with its full expected result written out.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  type ProspectCsvOptions,
  type ProspectCsvResult,
  type ProspectRow,
  parseProspectCsv,
} from "../../src/prospects/csv.js";

interface Case {
  name: string;
  /** An array is delivered as a stream, one chunk per element. */
  input: string | Buffer | Buffer[];
  options?: ProspectCsvOptions;
  expected: ProspectCsvResult;
}

function prospect(
  fields: Omit<ProspectRow, "companyName" | "title" | "custom"> & Partial<ProspectRow>,
): ProspectRow {
  return { companyName: null, title: null, custom: {}, ...fields };
}

const SAVE_AS = 'In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and upload that file.';
const SALES_NAVIGATOR = "Sales Navigator URL: use the person's linkedin.com/in/ profile URL";
const EXPECTED_URL = "expected a profile URL like https://www.linkedin.com/in/jane-doe/";
const NOT_TEXT = "This is not a text file (it contains binary data). Upload a CSV file.";
const HEADER_ONLY = "The file has a header row but no prospect rows.";
const NOT_UTF8 = (line: number, byte: string) =>
  `The file is not UTF-8 text: line ${line} has the byte 0x${byte}, which is not valid UTF-8 (the file is ` +
  `probably saved in an older encoding such as Windows-1252, Excel's plain "CSV" format). ${SAVE_AS}`;

const john = prospect({
  row: 2,
  firstName: "John",
  lastName: "Smith",
  linkedinUrl: "https://www.linkedin.com/in/john-smith/",
  publicIdentifier: "john-smith",
});
const HEADER = "first_name,last_name,linkedin_url\n";
const LONG_NOTE = "x".repeat(10_000);

// A real .xlsx begins with a zip local file header for [Content_Types].xml.
const XLSX_START = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]),
  Buffer.from([
    0x62, 0xee, 0x9d, 0x68, 0x5e, 0x01, 0x00, 0x00, 0x90, 0x04, 0x00, 0x00, 0x13, 0x00, 0x08, 0x02,
  ]),
  Buffer.from("[Content_Types].xml"),
]);
/** Bytes 1–255 from the MINSTD generator: garbage, but the same on every run. */
function pseudoRandomBytes(length: number): number[] {
  let state = 42;
  return Array.from({ length }, () => {
    state = (state * 48_271) % 2_147_483_647;
    return 1 + (state % 255);
  });
}
const XLS_START = Buffer.from([
  0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0, 0x3e, 0x00,
]);

const cases: Case[] = [
  {
    name: "the example from the product guide",
    input:
      "first_name,last_name,linkedin_url,company_name,title\n" +
      "John,Smith,https://linkedin.com/in/johnsmith123,Acme Corp,CEO\n" +
      "Jane,Doe,https://linkedin.com/in/janedoe456,Tech Inc,CTO\n",
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "John",
          lastName: "Smith",
          linkedinUrl: "https://www.linkedin.com/in/johnsmith123/",
          publicIdentifier: "johnsmith123",
          companyName: "Acme Corp",
          title: "CEO",
        }),
        prospect({
          row: 3,
          firstName: "Jane",
          lastName: "Doe",
          linkedinUrl: "https://www.linkedin.com/in/janedoe456/",
          publicIdentifier: "janedoe456",
          companyName: "Tech Inc",
          title: "CTO",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 2,
    },
  },
  { name: "an empty file", input: "", expected: { ok: false, error: "The file is empty." } },
  { name: "only blank lines", input: "\r\n\r\n   \n", expected: { ok: false, error: "The file is empty." } },
  { name: "only a byte order mark", input: "\uFEFF", expected: { ok: false, error: "The file is empty." } },
  {
    name: "a header and nothing else",
    input: "first_name,last_name,linkedin_url\r\n",
    expected: { ok: false, error: HEADER_ONLY },
  },
  {
    name: "a header and blank rows",
    input: `${HEADER},,\n\n  \n`,
    expected: { ok: false, error: HEADER_ONLY },
  },
  {
    name: "missing required columns, naming the headers found",
    input: "First Name,Company,Email\nJohn,Acme,john@acme.test\n",
    expected: {
      ok: false,
      error:
        'Missing required columns: last_name, linkedin_url. Columns found: "First Name", "Company", "Email".',
    },
  },
  // Issue 10: a refusal quotes at most ~100 characters of each header and names at most 20.
  {
    name: "missing required columns: long headers quoted short, many headers listed in part",
    input: `${"H".repeat(5_000)},${Array.from({ length: 30 }, (_, index) => `c${index}`).join(",")}\nx\n`,
    expected: {
      ok: false,
      error:
        `Missing required columns: first_name, last_name, linkedin_url. Columns found: "${"H".repeat(99)}…", ` +
        `${Array.from({ length: 19 }, (_, index) => `"c${index}"`).join(", ")} and 11 more.`,
    },
  },
  {
    name: "two long headers meaning the same field are quoted short",
    input: `first_name,last_name,linkedin_url,${"x".repeat(300)},${"X".repeat(300)}\n`,
    expected: {
      ok: false,
      error: `Columns "${"x".repeat(99)}…" and "${"X".repeat(99)}…" both mean ${"x".repeat(99)}…; rename or remove one.`,
    },
  },
  {
    name: "one column because of an unsupported delimiter",
    input: "first_name|last_name|linkedin_url\nJohn|Smith|linkedin.com/in/john-smith\n",
    expected: {
      ok: false,
      error:
        'Missing required columns: first_name, last_name, linkedin_url. Columns found: "first_name|last_name|linkedin_url". ' +
        "Only one column was found: separate columns with commas, semicolons or tabs.",
    },
  },
  {
    name: "two columns meaning the same standard field",
    input: "first_name,last_name,linkedin_url,Company,Company Name\n",
    expected: {
      ok: false,
      error: 'Columns "Company" and "Company Name" both mean company_name; rename or remove one.',
    },
  },
  {
    name: "two custom columns normalising to the same name",
    input: "first_name,last_name,linkedin_url,Notes,notes \n",
    expected: { ok: false, error: 'Columns "Notes" and "notes" both mean notes; rename or remove one.' },
  },
  {
    name: "semicolons, with commas inside the quoted headers",
    input:
      '"First Name";"Last Name";"LinkedIn URL";"Company";"Notes, comments, remarks, misc, etc"\n' +
      'Anna;Schmidt;https://de.linkedin.com/in/anna-schmidt;"Müller; Söhne GmbH";1,5 Mio\n',
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "Anna",
          lastName: "Schmidt",
          linkedinUrl: "https://www.linkedin.com/in/anna-schmidt/",
          publicIdentifier: "anna-schmidt",
          companyName: "Müller; Söhne GmbH",
          custom: { notes_comments_remarks_misc_etc: "1,5 Mio" },
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: ["notes_comments_remarks_misc_etc"],
      delimiter: ";",
      totalDataRows: 1,
    },
  },
  {
    name: "tabs, with empty cells and spaces around values",
    input:
      "first_name\tlast_name\tcompany\tlinkedin_url\ttitle\n" +
      "Ola\tNordmann\t\tlinkedin.com/in/ola-nordmann\tCTO, Platform\n" +
      "Kari\t Nordmann \t Equinor \t linkedin.com/in/kari-nordmann \t\n",
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "Ola",
          lastName: "Nordmann",
          linkedinUrl: "https://www.linkedin.com/in/ola-nordmann/",
          publicIdentifier: "ola-nordmann",
          title: "CTO, Platform",
        }),
        prospect({
          row: 3,
          firstName: "Kari",
          lastName: "Nordmann",
          linkedinUrl: "https://www.linkedin.com/in/kari-nordmann/",
          publicIdentifier: "kari-nordmann",
          companyName: "Equinor",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: "\t",
      totalDataRows: 2,
    },
  },
  {
    name: "a byte order mark and CRLF line ends",
    input: "\uFEFFfirst_name,last_name,linkedin_url\r\nJohn,Smith,https://www.linkedin.com/in/john-smith\r\n",
    expected: {
      ok: true,
      rows: [john],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 1,
    },
  },
  {
    name: "a quoted value with a line break and doubled quotes: rows count records, not lines",
    input:
      "first_name,last_name,linkedin_url,notes\n" +
      'John,Smith,linkedin.com/in/john-smith,"Met at\nthe conference, said ""call me"""\n' +
      "Jane,,linkedin.com/in/jane-doe,\n",
    expected: {
      ok: true,
      rows: [{ ...john, custom: { notes: 'Met at\nthe conference, said "call me"' } }],
      invalid: [{ row: 3, field: "last_name", reason: "Last name is missing" }],
      duplicates: [],
      customFields: ["notes"],
      delimiter: ",",
      totalDataRows: 2,
    },
  },
  {
    name: "a 10,000-character field",
    input: `first_name,last_name,linkedin_url,notes\nJohn,Smith,linkedin.com/in/john-smith,"${LONG_NOTE}"\n`,
    expected: {
      ok: true,
      rows: [{ ...john, custom: { notes: LONG_NOTE } }],
      invalid: [],
      duplicates: [],
      customFields: ["notes"],
      delimiter: ",",
      totalDataRows: 1,
    },
  },
  {
    name: "Latin-1 bytes (Excel's plain CSV)",
    input: Buffer.from(
      `${HEADER}John,Smith,linkedin.com/in/john-smith\nZo\u00eb,M\u00fcller,linkedin.com/in/zoe\n`,
      "latin1",
    ),
    expected: { ok: false, error: NOT_UTF8(3, "EB") },
  },
  {
    name: "Windows-1252 curly quotes",
    input: Buffer.concat([
      Buffer.from("first_name,last_name,linkedin_url,notes\nJohn,Smith,linkedin.com/in/john-smith,"),
      Buffer.from([0x93, 0x68, 0x69, 0x94, 0x0a]),
    ]),
    expected: { ok: false, error: NOT_UTF8(2, "93") },
  },
  {
    name: "binary garbage with NUL bytes",
    input: Buffer.from([
      0x00, 0x13, 0x8f, 0xff, 0x00, 0x00, 0x2c, 0x7f, 0x01, 0x02, 0x0a, 0x41, 0x00, 0xfe, 0x10,
    ]),
    expected: { ok: false, error: NOT_TEXT },
  },
  {
    name: "binary garbage without NUL bytes",
    input: Buffer.from(pseudoRandomBytes(300)),
    expected: { ok: false, error: NOT_TEXT },
  },
  {
    name: "Cyrillic in Windows-1251: an encoding problem, not binary",
    input: Buffer.concat([
      Buffer.from(HEADER),
      Buffer.from([0xc8, 0xe2, 0xe0, 0xed, 0x2c, 0xcf, 0xe5, 0xf2, 0xf0, 0xee, 0xe2]),
      Buffer.from(",linkedin.com/in/ivan-petrov\n"),
    ]),
    expected: { ok: false, error: NOT_UTF8(2, "C8") },
  },
  {
    name: "an .xlsx workbook",
    input: XLSX_START,
    expected: {
      ok: false,
      error: `This is a spreadsheet or zip file (such as .xlsx), not a CSV file. ${SAVE_AS}`,
    },
  },
  {
    name: "an old .xls workbook",
    input: XLS_START,
    expected: { ok: false, error: `This is an old Excel workbook (.xls), not a CSV file. ${SAVE_AS}` },
  },
  {
    name: "a PDF",
    input: "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    expected: { ok: false, error: "This is a PDF document, not a CSV file. Export the list as CSV." },
  },
  {
    name: "UTF-16 (Excel's Unicode Text)",
    input: Buffer.from("\uFEFFfirst_name\tlast_name\tlinkedin_url\n", "utf16le"),
    expected: {
      ok: false,
      error: `This file is saved as UTF-16 (Excel's "Unicode Text"), not UTF-8. ${SAVE_AS}`,
    },
  },
  {
    name: "an HTML sign-in page saved instead of the export",
    input:
      '\uFEFF\n<!DOCTYPE html>\n<html lang="en"><head><title>Sign In | LinkedIn</title></head>' +
      '<body><form action="/login"><input name="session_key"></form></body></html>\n',
    expected: {
      ok: false,
      error:
        "This is a web page (HTML), not a CSV file — often a sign-in or error page saved in place of the export. " +
        "Download the CSV again while signed in.",
    },
  },
  {
    name: "formula-like values are kept as text, never evaluated",
    input:
      "first_name,last_name,linkedin_url,company_name,title,phone\n" +
      `=cmd|' /C calc'!A0,Smith,linkedin.com/in/john-smith,"=HYPERLINK(""http://evil.test"",""Click"")",@SUM(A1:A2),+1 555 0100\n` +
      "-Jane,Doe,linkedin.com/in/jane-doe,=1+1,-,-2\n",
    expected: {
      ok: true,
      rows: [
        {
          ...john,
          firstName: "=cmd|' /C calc'!A0",
          companyName: '=HYPERLINK("http://evil.test","Click")',
          title: "@SUM(A1:A2)",
          custom: { phone: "+1 555 0100" },
        },
        prospect({
          row: 3,
          firstName: "-Jane",
          lastName: "Doe",
          linkedinUrl: "https://www.linkedin.com/in/jane-doe/",
          publicIdentifier: "jane-doe",
          companyName: "=1+1",
          title: "-",
          custom: { phone: "-2" },
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: ["phone"],
      delimiter: ",",
      totalDataRows: 2,
    },
  },
  {
    name: "duplicates by normalised URL: the first is kept, the others reported",
    input:
      HEADER +
      "John,Smith,https://www.linkedin.com/in/john-smith\n" +
      "Johnny,Smith,http://uk.linkedin.com/in/John-Smith/?trk=abc\n" +
      "Jane,Doe,linkedin.com/in/jane-doe\n" +
      "John,Smith,linkedin.com/in/john-smith/details/experience\n",
    expected: {
      ok: true,
      rows: [
        john,
        prospect({
          row: 4,
          firstName: "Jane",
          lastName: "Doe",
          linkedinUrl: "https://www.linkedin.com/in/jane-doe/",
          publicIdentifier: "jane-doe",
        }),
      ],
      invalid: [],
      duplicates: [
        { row: 3, duplicateOfRow: 2, linkedinUrl: "https://www.linkedin.com/in/john-smith/" },
        { row: 5, duplicateOfRow: 2, linkedinUrl: "https://www.linkedin.com/in/john-smith/" },
      ],
      customFields: [],
      delimiter: ",",
      totalDataRows: 4,
    },
  },
  {
    name: "Unicode names and profile URLs",
    input:
      "first_name,last_name,linkedin_url,company_name\n" +
      "Zoë,Åberg,https://se.linkedin.com/in/zoë-åberg,Ångström AB\n" +
      "Ólafur,Þórsson,linkedin.com/in/olafur-thorsson,Íslandsbanki\n" +
      "李,明,https://cn.linkedin.com/in/%E6%9D%8E%E6%98%8E-12345,腾讯\n",
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "Zoë",
          lastName: "Åberg",
          linkedinUrl: "https://www.linkedin.com/in/zo%C3%AB-%C3%A5berg/",
          publicIdentifier: "zoë-åberg",
          companyName: "Ångström AB",
        }),
        prospect({
          row: 3,
          firstName: "Ólafur",
          lastName: "Þórsson",
          linkedinUrl: "https://www.linkedin.com/in/olafur-thorsson/",
          publicIdentifier: "olafur-thorsson",
          companyName: "Íslandsbanki",
        }),
        prospect({
          row: 4,
          firstName: "李",
          lastName: "明",
          linkedinUrl: "https://www.linkedin.com/in/%E6%9D%8E%E6%98%8E-12345/",
          publicIdentifier: "李明-12345",
          companyName: "腾讯",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 3,
    },
  },
  {
    name: "more data rows than maxRows",
    input: `${HEADER}A,One,linkedin.com/in/a-one\nB,Two,linkedin.com/in/b-two\nC,Three,linkedin.com/in/c-three\n`,
    options: { maxRows: 2 },
    expected: { ok: false, error: "The file has more than 2 prospect rows; split it into smaller files." },
  },
  {
    name: "blank rows do not count towards maxRows",
    input: `${HEADER}A,One,linkedin.com/in/a-one\n,,\n\n`,
    options: { maxRows: 1 },
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "A",
          lastName: "One",
          linkedinUrl: "https://www.linkedin.com/in/a-one/",
          publicIdentifier: "a-one",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 1,
    },
  },
  {
    name: "more bytes than maxBytes",
    input: `${HEADER}John,Smith,linkedin.com/in/john-smith\nJane,Doe,linkedin.com/in/jane-doe\n`,
    options: { maxBytes: 64 },
    expected: { ok: false, error: "The file is larger than 64 bytes; split it into smaller files." },
  },
  {
    name: "header aliases and a custom field",
    input:
      "Given name,Surname,Profile URL,Organization,Headline,Favourite Color\n" +
      "Ana,Silva,linkedin.com/in/ana-silva,Banco X,Head of Data,Blue\n",
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "Ana",
          lastName: "Silva",
          linkedinUrl: "https://www.linkedin.com/in/ana-silva/",
          publicIdentifier: "ana-silva",
          companyName: "Banco X",
          title: "Head of Data",
          custom: { favourite_color: "Blue" },
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: ["favourite_color"],
      delimiter: ",",
      totalDataRows: 1,
    },
  },
  {
    name: "an Apollo-style export",
    input:
      '"First Name","Last Name","Title","Company","Email","Person Linkedin Url"\n' +
      '"John","Smith","VP Sales","Acme","john@acme.test","http://www.linkedin.com/in/john-smith"\n',
    expected: {
      ok: true,
      rows: [{ ...john, companyName: "Acme", title: "VP Sales", custom: { email: "john@acme.test" } }],
      invalid: [],
      duplicates: [],
      customFields: ["email"],
      delimiter: ",",
      totalDataRows: 1,
    },
  },
  {
    name: "every accepted LinkedIn URL shape",
    input:
      HEADER +
      "A,One,https://www.linkedin.com/in/a-one/\n" +
      "B,Two,http://linkedin.com/in/b-two\n" +
      "C,Three,uk.linkedin.com/in/c-three\n" +
      "D,Four,https://de.linkedin.com/in/d-four/details/experience/\n" +
      "E,Five,https://m.linkedin.com/in/e-five?trk=public_profile#top\n" +
      "F,Six,<https://www.linkedin.com/in/F-SIX>\n" +
      'G,Seven,"  ""https://www.linkedin.com/in/g-seven/en""  "\n' +
      "H,Eight,https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-eight\n",
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "A",
          lastName: "One",
          linkedinUrl: "https://www.linkedin.com/in/a-one/",
          publicIdentifier: "a-one",
        }),
        prospect({
          row: 3,
          firstName: "B",
          lastName: "Two",
          linkedinUrl: "https://www.linkedin.com/in/b-two/",
          publicIdentifier: "b-two",
        }),
        prospect({
          row: 4,
          firstName: "C",
          lastName: "Three",
          linkedinUrl: "https://www.linkedin.com/in/c-three/",
          publicIdentifier: "c-three",
        }),
        prospect({
          row: 5,
          firstName: "D",
          lastName: "Four",
          linkedinUrl: "https://www.linkedin.com/in/d-four/",
          publicIdentifier: "d-four",
        }),
        prospect({
          row: 6,
          firstName: "E",
          lastName: "Five",
          linkedinUrl: "https://www.linkedin.com/in/e-five/",
          publicIdentifier: "e-five",
        }),
        prospect({
          row: 7,
          firstName: "F",
          lastName: "Six",
          linkedinUrl: "https://www.linkedin.com/in/f-six/",
          publicIdentifier: "f-six",
        }),
        prospect({
          row: 8,
          firstName: "G",
          lastName: "Seven",
          linkedinUrl: "https://www.linkedin.com/in/g-seven/",
          publicIdentifier: "g-seven",
        }),
        prospect({
          row: 9,
          firstName: "H",
          lastName: "Eight",
          linkedinUrl: "https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-eight/",
          publicIdentifier: "hélène-eight",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 8,
    },
  },
  {
    name: "every rejected LinkedIn URL shape, one reported row each",
    input:
      HEADER +
      'A,One,"https://www.linkedin.com/sales/lead/ACwAAAB1c2VyLWlk,NAME_SEARCH,abcd"\n' +
      "B,Two,https://www.linkedin.com/sales/people/ACwAAAB1c2VyLWlk\n" +
      "C,Three,https://www.linkedin.com/company/acme-corp/\n" +
      "D,Four,https://www.linkedin.com/school/stanford-university/\n" +
      "E,Five,https://www.linkedin.com/posts/jane-doe_hiring-activity-7123\n" +
      "F,Six,https://www.linkedin.com/feed/update/urn:li:activity:7123/\n" +
      "G,Seven,https://www.linkedin.com/pulse/why-csv-is-hard\n" +
      "H,Eight,https://www.linkedin.com/pub/jane-doe/1a/2b/3c\n" +
      "I,Nine,https://www.linkedin.com/search/results/people/?keywords=jane\n" +
      "J,Ten,https://linkedin.com.evil.io/in/jane-doe\n" +
      "K,Eleven,https://example.com/in/jane-doe\n" +
      "L,Twelve,\n" +
      "M,Thirteen,https://www.linkedin.com/in/valid-person\n",
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 14,
          firstName: "M",
          lastName: "Thirteen",
          linkedinUrl: "https://www.linkedin.com/in/valid-person/",
          publicIdentifier: "valid-person",
        }),
      ],
      invalid: [
        { row: 2, field: "linkedin_url", reason: SALES_NAVIGATOR },
        { row: 3, field: "linkedin_url", reason: SALES_NAVIGATOR },
        { row: 4, field: "linkedin_url", reason: `Company page, not a person: ${EXPECTED_URL}` },
        { row: 5, field: "linkedin_url", reason: `School page, not a person: ${EXPECTED_URL}` },
        { row: 6, field: "linkedin_url", reason: `Link to a post, not a profile: ${EXPECTED_URL}` },
        { row: 7, field: "linkedin_url", reason: `Link to a feed or post, not a profile: ${EXPECTED_URL}` },
        { row: 8, field: "linkedin_url", reason: `Link to an article, not a profile: ${EXPECTED_URL}` },
        {
          row: 9,
          field: "linkedin_url",
          reason: "Old-style /pub/ profile URL: open it and copy the current linkedin.com/in/ URL",
        },
        { row: 10, field: "linkedin_url", reason: `Search results URL, not a profile: ${EXPECTED_URL}` },
        {
          row: 11,
          field: "linkedin_url",
          reason: `Not a LinkedIn address (linkedin.com.evil.io): ${EXPECTED_URL}`,
        },
        { row: 12, field: "linkedin_url", reason: `Not a LinkedIn address (example.com): ${EXPECTED_URL}` },
        { row: 13, field: "linkedin_url", reason: "LinkedIn URL is missing" },
      ],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 13,
    },
  },
  {
    name: "missing names: every problem of a row is reported",
    input:
      "first_name,last_name,linkedin_url,company_name\n" +
      ",Smith,linkedin.com/in/no-first,Acme\n" +
      "John,,linkedin.com/in/no-last,Acme\n" +
      ",,,Acme\n" +
      "John,Smith,linkedin.com/in/john-smith,\n",
    expected: {
      ok: true,
      rows: [{ ...john, row: 5 }],
      invalid: [
        { row: 2, field: "first_name", reason: "First name is missing" },
        { row: 3, field: "last_name", reason: "Last name is missing" },
        { row: 4, field: "first_name", reason: "First name is missing" },
        { row: 4, field: "last_name", reason: "Last name is missing" },
        { row: 4, field: "linkedin_url", reason: "LinkedIn URL is missing" },
      ],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 4,
    },
  },
  {
    name: "too many cells; empty trailing cells are fine",
    input: `${HEADER}John,Smith,linkedin.com/in/john-smith,,,\nJane,Doe,linkedin.com/in/jane-doe,Acme, Inc\n`,
    expected: {
      ok: true,
      rows: [john],
      invalid: [
        {
          row: 3,
          reason:
            "Row has 5 cells but the header has 3 columns (a value that contains the delimiter must be in double quotes)",
        },
      ],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 2,
    },
  },
  {
    name: "blank lines and empty rows are skipped but keep their row numbers",
    input: `\n${HEADER}\nJohn,Smith,linkedin.com/in/john-smith\n,,\n   \nJane,Doe,linkedin.com/in/jane-doe\n`,
    expected: {
      ok: true,
      rows: [
        { ...john, row: 4 },
        prospect({
          row: 7,
          firstName: "Jane",
          lastName: "Doe",
          linkedinUrl: "https://www.linkedin.com/in/jane-doe/",
          publicIdentifier: "jane-doe",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 2,
    },
  },
  {
    name: "cells are trimmed, inside quotes too; stray quotes in a value are kept",
    input: `${HEADER}  John  ,  "  Smith  " , linkedin.com/in/john-smith \nJo "JJ",Doe,linkedin.com/in/jo-doe\n`,
    expected: {
      ok: true,
      rows: [
        john,
        prospect({
          row: 3,
          firstName: 'Jo "JJ"',
          lastName: "Doe",
          linkedinUrl: "https://www.linkedin.com/in/jo-doe/",
          publicIdentifier: "jo-doe",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 2,
    },
  },
  {
    name: "columns with a blank header are ignored",
    input: "first_name,last_name,linkedin_url,,constructor\nJohn,Smith,linkedin.com/in/john-smith,junk,x\n",
    expected: {
      ok: true,
      rows: [{ ...john, custom: { constructor: "x" } }],
      invalid: [],
      duplicates: [],
      customFields: ["constructor"],
      delimiter: ",",
      totalDataRows: 1,
    },
  },
  {
    name: "a quote that is never closed",
    input: `${HEADER}John,Smith,linkedin.com/in/john-smith\n"Jane,Doe,linkedin.com/in/jane-doe\nMax,Muster,linkedin.com/in/max\n`,
    expected: {
      ok: false,
      error: 'Row 3: a double quote (") opens a value that is never closed. Fix the quotes in that row.',
    },
  },
  {
    name: "text after a closing quote",
    input: `first_name,last_name,linkedin_url,company_name\nJohn,Smith,linkedin.com/in/john-smith,"Acme" Inc\n`,
    expected: {
      ok: false,
      error:
        'Row 2: a value in double quotes is followed by more text (like "Acme" Inc). ' +
        'Put the whole value in quotes and double any quote inside it ("Acme ""Best"" Inc").',
    },
  },
  {
    name: "a stream whose chunks split a UTF-8 character",
    input: [
      Buffer.from(`${HEADER}Zo`),
      Buffer.from([0xc3]),
      Buffer.from([0xab, ...Buffer.from(",Smith,linkedin.com/in/zoe-smith\n")]),
    ],
    expected: {
      ok: true,
      rows: [
        prospect({
          row: 2,
          firstName: "Zoë",
          lastName: "Smith",
          linkedinUrl: "https://www.linkedin.com/in/zoe-smith/",
          publicIdentifier: "zoe-smith",
        }),
      ],
      invalid: [],
      duplicates: [],
      customFields: [],
      delimiter: ",",
      totalDataRows: 1,
    },
  },
];

describe("parseProspectCsv", () => {
  it("has a case for each shape the spec lists", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))("%s", async (_name, testCase) => {
    const input = Array.isArray(testCase.input)
      ? Readable.from(testCase.input)
      : Buffer.isBuffer(testCase.input)
        ? testCase.input
        : Buffer.from(testCase.input, "utf8");
    expect(await parseProspectCsv(input, testCase.options)).toEqual(testCase.expected);
  });
});
