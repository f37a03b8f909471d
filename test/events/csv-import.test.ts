// CSV import through the real path: the file sits in the fake Slack, a signed `message` event
// (subtype file_share) drops it in the campaign's thread, the import job downloads it with the bot
// token, parses it, stores the rows in one transaction and replies in the thread. Every case
// states its reply and its stored rows literally. Each case gets its own workspace, so people in
// one case are never "active in another campaign" of the next.
import { fileShareEvent } from "../support/file-share.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign, MessageTemplates } from "../../src/campaigns/campaigns.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID, DEFAULT_USER_ID } from "../support/fake-slack.js";
import { makeCampaign, settled, threadOf } from "../campaigns/fixtures.js";
import { importModal } from "../../src/views/import-prospects.js";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.stop());

const ME = `<@${DEFAULT_USER_ID}>`;
const SAVE_AS = 'In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and upload that file.';
const EXPECTED_URL = "expected a profile URL like https://www.linkedin.com/in/jane-doe/";
const H = "first_name,last_name,linkedin_url\n";

let teams = 0;
let eventSeq = 0;

/** Drops a file in the campaign's thread as Slack does: a signed message event with subtype file_share. */
async function dropInThread(
  campaign: Campaign,
  teamId: string,
  file: { id: string; name: string; filetype?: string },
  options: { eventId?: string; retryNum?: number } = {},
) {
  eventSeq++;
  const response = await t.driver.event(
    fileShareEvent({ threadTs: campaign.slack_thread_ts, file, ts: `1764240000.${String(eventSeq).padStart(6, "0")}` }),
    { teamId, ...(options.eventId ? { eventId: options.eventId } : {}), ...(options.retryNum ? { retryNum: options.retryNum } : {}) },
  );
  expect(response.status).toBe(200);
}

interface Stored {
  first_name: string;
  last_name: string;
  linkedin_url: string;
  public_identifier: string;
  company_name: string | null;
  title: string | null;
  custom_fields: Record<string, string>;
  source_row: number;
}

async function storedRows(campaignId: string): Promise<Stored[]> {
  return t.db.sql<Stored[]>`
    select first_name, last_name, linkedin_url, public_identifier, company_name, title, custom_fields, source_row
    from campaign_prospects where campaign_id = ${campaignId} order by created_at, source_row`;
}

interface Case {
  name: string;
  file: string;
  content: string | Buffer;
  filetype?: string;
  templates?: Partial<MessageTemplates>;
  /** Every reply in the thread after the drop, in order. */
  replies: string[];
  /** [first_name, last_name, linkedin_url] of every stored prospect, by row. */
  rows: Array<[string, string, string]>;
  check?: (rows: Stored[]) => void;
}

/** Bytes 1–255 from the MINSTD generator: garbage, but the same on every run. */
function garbage(length: number): Buffer {
  let state = 7;
  return Buffer.from(
    Array.from({ length }, () => {
      state = (state * 48_271) % 2_147_483_647;
      return state % 256;
    }),
  );
}

const XLSX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]),
  Buffer.from("[Content_Types].xml"),
  garbage(512),
]);

const ok = (file: string, imported: number, dataRows: number) => [
  `*Imported ${imported} prospect(s)* from ${file} (${dataRows} data rows).`,
  "• duplicates: 0",
  "• skipped: 0",
  "• invalid: 0",
];

const jane = (url: string): Case["rows"] => [["Jane", "Doe", url]];
const urlCase = (name: string, file: string, url: string, expected: string): Case => ({
  name,
  file,
  content: `${H}Jane,Doe,${url}\n`,
  replies: [ok(file, 1, 1).join("\n")],
  rows: jane(expected),
});

const cases: Case[] = [
  {
    name: "empty file",
    file: "empty.csv",
    content: "",
    replies: [`${ME} empty.csv was not imported: The file is empty.`],
    rows: [],
  },
  {
    name: "only blank lines",
    file: "blank.csv",
    content: "\r\n\r\n   \r\n",
    replies: [`${ME} blank.csv was not imported: The file is empty.`],
    rows: [],
  },
  {
    name: "header only",
    file: "header.csv",
    content: "first_name,last_name,linkedin_url\r\n",
    replies: [`${ME} header.csv was not imported: The file has a header row but no prospect rows.`],
    rows: [],
  },
  {
    name: "missing required column",
    file: "no-url.csv",
    content: "First Name,Last Name,Company\nJane,Doe,Acme\n",
    replies: [
      `${ME} no-url.csv was not imported: Missing required column: linkedin_url. Columns found: "First Name", "Last Name", "Company".`,
    ],
    rows: [],
  },
  {
    name: "an unknown delimiter (one column)",
    file: "pipes.csv",
    content: "first_name|last_name|linkedin_url\nJane|Doe|https://www.linkedin.com/in/jane-doe\n",
    replies: [
      `${ME} pipes.csv was not imported: Missing required columns: first_name, last_name, linkedin_url. ` +
        'Columns found: "first_name|last_name|linkedin_url". Only one column was found: separate columns with commas, semicolons or tabs.',
    ],
    rows: [],
  },
  {
    name: "semicolons (a comma inside a value needs no quotes)",
    file: "semicolon.csv",
    content:
      "First Name;Last Name;LinkedIn URL;Company\n" +
      "Jean;Dupont;https://fr.linkedin.com/in/jean-dupont;Société Générale, Paris\n" +
      "Marie;Curie;https://www.linkedin.com/in/marie-curie/;Institut Curie\n",
    replies: [ok("semicolon.csv", 2, 2).join("\n")],
    rows: [
      ["Jean", "Dupont", "https://www.linkedin.com/in/jean-dupont/"],
      ["Marie", "Curie", "https://www.linkedin.com/in/marie-curie/"],
    ],
    check: (rows) => expect(rows.map((row) => row.company_name)).toEqual(["Société Générale, Paris", "Institut Curie"]),
  },
  {
    name: "tabs, with aliases and an empty cell",
    file: "tabs.csv",
    content:
      "firstname\tlastname\tprofile_url\tJob Title\n" +
      "Anna\tSchmidt\thttps://de.linkedin.com/in/anna-schmidt\tCTO, Berlin\n" +
      "Li\tWei\thttps://cn.linkedin.com/in/li-wei\t\n",
    replies: [ok("tabs.csv", 2, 2).join("\n")],
    rows: [
      ["Anna", "Schmidt", "https://www.linkedin.com/in/anna-schmidt/"],
      ["Li", "Wei", "https://www.linkedin.com/in/li-wei/"],
    ],
    check: (rows) => expect(rows.map((row) => row.title)).toEqual(["CTO, Berlin", null]),
  },
  {
    name: "UTF-8 byte order mark",
    file: "bom.csv",
    content: "\uFEFFfirst_name,last_name,linkedin_url\r\nJane,Doe,https://www.linkedin.com/in/jane-doe\r\n",
    replies: [ok("bom.csv", 1, 1).join("\n")],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
  },
  {
    name: "CRLF line ends leave no carriage return in values",
    file: "crlf.csv",
    content:
      "first_name,last_name,linkedin_url,company_name\r\n" +
      "Jane,Doe,https://www.linkedin.com/in/jane-doe,Acme\r\n" +
      "John,Smith,https://www.linkedin.com/in/john-smith,Globex\r\n",
    replies: [ok("crlf.csv", 2, 2).join("\n")],
    rows: [
      ["Jane", "Doe", "https://www.linkedin.com/in/jane-doe/"],
      ["John", "Smith", "https://www.linkedin.com/in/john-smith/"],
    ],
    check: (rows) => expect(rows.map((row) => row.company_name)).toEqual(["Acme", "Globex"]),
  },
  {
    name: "a quoted value with a line break and quotes; rows counted as records",
    file: "quoted.csv",
    content:
      "first_name,last_name,linkedin_url,company_name\r\n" +
      'Jane,Doe,https://www.linkedin.com/in/jane-doe,"Acme\r\nWidgets ""Best"" Ltd"\r\n' +
      "John,,https://www.linkedin.com/in/john-smith,Globex\r\n",
    replies: [
      [
        "*Imported 1 prospect(s)* from quoted.csv (2 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 1",
        "",
        "*First 1 of 1 rows not imported:*",
        "• row 3 (invalid): last_name: Last name is missing",
      ].join("\n"),
    ],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
    check: (rows) => expect(rows[0]!.company_name).toBe('Acme\r\nWidgets "Best" Ltd'),
  },
  {
    name: "a 10,000-character field",
    file: "long.csv",
    content: `first_name,last_name,linkedin_url,notes\nJane,Doe,https://www.linkedin.com/in/jane-doe,${"x".repeat(10_000)}\n`,
    replies: [ok("long.csv", 1, 1).join("\n")],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
    check: (rows) => expect(rows[0]!.custom_fields).toEqual({ notes: "x".repeat(10_000) }),
  },
  {
    name: "Latin-1 bytes",
    file: "latin1.csv",
    content: Buffer.from(`${H}Zoë,Müller,https://www.linkedin.com/in/zoe-muller\n`, "latin1"),
    replies: [
      `${ME} latin1.csv was not imported: The file is not UTF-8 text: line 2 has the byte 0xEB, which is not valid UTF-8 ` +
        `(the file is probably saved in an older encoding such as Windows-1252, Excel's plain "CSV" format). ${SAVE_AS}`,
    ],
    rows: [],
  },
  {
    name: "UTF-16 (Excel's Unicode Text)",
    file: "utf16.csv",
    content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n`, "utf16le")]),
    replies: [`${ME} utf16.csv was not imported: This file is saved as UTF-16 (Excel's "Unicode Text"), not UTF-8. ${SAVE_AS}`],
    rows: [],
  },
  {
    name: "binary garbage",
    file: "garbage.csv",
    content: garbage(4096),
    replies: [`${ME} garbage.csv was not imported: This is not a text file (it contains binary data). Upload a CSV file.`],
    rows: [],
  },
  {
    name: "a spreadsheet renamed to .csv",
    file: "workbook.csv",
    content: XLSX,
    replies: [
      `${ME} workbook.csv was not imported: This is a spreadsheet or zip file (such as .xlsx), not a CSV file. ${SAVE_AS}`,
    ],
    rows: [],
  },
  {
    name: "a spreadsheet dropped as .xlsx",
    file: "prospects.xlsx",
    filetype: "xlsx",
    content: XLSX,
    replies: [
      `${ME} prospects.xlsx was not imported: This is a spreadsheet or zip file (such as .xlsx), not a CSV file. ${SAVE_AS}`,
    ],
    rows: [],
  },
  {
    name: "an HTML page saved as .csv",
    file: "signin.csv",
    content: "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Please sign in</body></html>\n",
    replies: [
      `${ME} signin.csv was not imported: This is a web page (HTML), not a CSV file — often a sign-in or error page ` +
        "saved in place of the export. Download the CSV again while signed in.",
    ],
    rows: [],
  },
  {
    name: "formula-like values are stored as plain text",
    file: "formulas.csv",
    content:
      "first_name,last_name,linkedin_url,company_name,title,phone\n" +
      `=cmd|' /C calc'!A0,Doe,https://www.linkedin.com/in/jane-doe,"=HYPERLINK(""http://evil.example"",""Click"")",@SUM(A1:A9),+1 555 0100\n`,
    replies: [ok("formulas.csv", 1, 1).join("\n")],
    rows: [["=cmd|' /C calc'!A0", "Doe", "https://www.linkedin.com/in/jane-doe/"]],
    check: (rows) =>
      expect(rows[0]).toMatchObject({
        company_name: '=HYPERLINK("http://evil.example","Click")',
        title: "@SUM(A1:A9)",
        custom_fields: { phone: "+1 555 0100" },
      }),
  },
  {
    name: "duplicate rows, also under another URL shape, are imported once",
    file: "duplicates.csv",
    content:
      H +
      "Jane,Doe,https://www.linkedin.com/in/jane-doe\n" +
      "Jane,Doe,https://www.linkedin.com/in/jane-doe\n" +
      "Janet,Doe,linkedin.com/in/Jane-Doe?trk=abc\n" +
      "John,Smith,https://www.linkedin.com/in/john-smith\n",
    replies: [
      [
        "*Imported 2 prospect(s)* from duplicates.csv (4 data rows).",
        "• duplicates: 2 (2 repeated in the file, 0 already in this campaign; each person is imported once)",
        "• skipped: 0",
        "• invalid: 0",
      ].join("\n"),
    ],
    rows: [
      ["Jane", "Doe", "https://www.linkedin.com/in/jane-doe/"],
      ["John", "Smith", "https://www.linkedin.com/in/john-smith/"],
    ],
    check: (rows) => expect(rows.map((row) => row.source_row)).toEqual([2, 5]),
  },
  {
    name: "Unicode names and profile names",
    file: "unicode.csv",
    content:
      H +
      "Zoë,Ólafsdóttir,https://is.linkedin.com/in/zoe-olafsdottir\n" +
      "李,明,https://www.linkedin.com/in/%E6%9D%8E%E6%98%8E-12345\n" +
      "José,Müller-Lüdenscheidt,https://www.linkedin.com/in/josé-müller\n",
    replies: [ok("unicode.csv", 3, 3).join("\n")],
    rows: [
      ["Zoë", "Ólafsdóttir", "https://www.linkedin.com/in/zoe-olafsdottir/"],
      ["李", "明", "https://www.linkedin.com/in/%E6%9D%8E%E6%98%8E-12345/"],
      ["José", "Müller-Lüdenscheidt", "https://www.linkedin.com/in/jos%C3%A9-m%C3%BCller/"],
    ],
    check: (rows) =>
      expect(rows.map((row) => row.public_identifier)).toEqual(["zoe-olafsdottir", "李明-12345", "josé-müller"]),
  },
  urlCase("URL with www and trailing slash", "url-www.csv", "https://www.linkedin.com/in/jane-doe/", "https://www.linkedin.com/in/jane-doe/"),
  urlCase("URL without www", "url-no-www.csv", "https://linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe/"),
  urlCase("URL on a country subdomain", "url-country.csv", "https://uk.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe/"),
  urlCase("URL over http", "url-http.csv", "http://www.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe/"),
  urlCase("URL with several trailing slashes", "url-slashes.csv", "https://www.linkedin.com/in/jane-doe///", "https://www.linkedin.com/in/jane-doe/"),
  urlCase(
    "URL with a query and a fragment",
    "url-query.csv",
    "https://www.linkedin.com/in/jane-doe?originalSubdomain=uk&trk=public_profile#experience",
    "https://www.linkedin.com/in/jane-doe/",
  ),
  urlCase(
    "URL with percent-encoding in lower-case hex",
    "url-percent.csv",
    "https://www.linkedin.com/in/j%c3%a9r%c3%b4me-d%c3%bcrr",
    "https://www.linkedin.com/in/j%C3%A9r%C3%B4me-d%C3%BCrr/",
  ),
  urlCase("URL in upper case", "url-upper.csv", "HTTPS://WWW.LINKEDIN.COM/IN/JANE-DOE/", "https://www.linkedin.com/in/jane-doe/"),
  urlCase("bare linkedin.com/in/slug", "url-bare.csv", "linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe/"),
  urlCase("mobile host", "url-mobile.csv", "https://m.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe/"),
  {
    name: "Sales Navigator, company, post, feed and non-LinkedIn URLs are rejected with the reason",
    file: "rejected-urls.csv",
    content:
      H +
      'Ann,Lead,"https://www.linkedin.com/sales/lead/ACwAAAB12345,NAME_SEARCH,x9z"\n' +
      'Pat,People,"https://www.linkedin.com/sales/people/ACwAAAB67890,NAME_SEARCH"\n' +
      "Acme,Corp,https://www.linkedin.com/company/acme-corp/\n" +
      "Post,Link,https://www.linkedin.com/posts/jane-doe_hiring-activity-7123456789\n" +
      "Feed,Link,https://www.linkedin.com/feed/update/urn:li:activity:7123456789/\n" +
      "Tw,Itter,https://twitter.com/janedoe\n" +
      "Look,Alike,https://linkedin.com.evil.example/in/jane-doe\n" +
      "Good,Person,https://www.linkedin.com/in/good-person\n",
    replies: [
      [
        "*Imported 1 prospect(s)* from rejected-urls.csv (8 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 7",
        "",
        "*First 7 of 7 rows not imported:*",
        "• row 2 (invalid): linkedin_url: Sales Navigator URL: use the person's linkedin.com/in/ profile URL",
        "• row 3 (invalid): linkedin_url: Sales Navigator URL: use the person's linkedin.com/in/ profile URL",
        `• row 4 (invalid): linkedin_url: Company page, not a person: ${EXPECTED_URL}`,
        `• row 5 (invalid): linkedin_url: Link to a post, not a profile: ${EXPECTED_URL}`,
        `• row 6 (invalid): linkedin_url: Link to a feed or post, not a profile: ${EXPECTED_URL}`,
        `• row 7 (invalid): linkedin_url: Not a LinkedIn address (twitter.com): ${EXPECTED_URL}`,
        `• row 8 (invalid): linkedin_url: Not a LinkedIn address (linkedin.com.evil.example): ${EXPECTED_URL}`,
      ].join("\n"),
    ],
    rows: [["Good", "Person", "https://www.linkedin.com/in/good-person/"]],
  },
  {
    name: "a row with both names missing counts as one invalid row",
    file: "no-names.csv",
    content: `${H},,https://www.linkedin.com/in/nobody\nJane,Doe,https://www.linkedin.com/in/jane-doe\n`,
    replies: [
      [
        "*Imported 1 prospect(s)* from no-names.csv (2 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 1",
        "",
        "*First 1 of 1 rows not imported:*",
        "• row 2 (invalid): first_name: First name is missing; last_name: Last name is missing",
      ].join("\n"),
    ],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
  },
  {
    name: "a row wider than the header (an unquoted comma)",
    file: "too-wide.csv",
    content: "first_name,last_name,linkedin_url,company_name\nJane,Doe,https://www.linkedin.com/in/jane-doe,Acme, Inc\n",
    replies: [
      [
        "*Imported 0 prospect(s)* from too-wide.csv (1 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 1",
        "",
        "*First 1 of 1 rows not imported:*",
        "• row 2 (invalid): Row has 5 cells but the header has 4 columns (a value that contains the delimiter must be in double quotes)",
      ].join("\n"),
    ],
    rows: [],
  },
  {
    name: "blank rows are skipped but keep the spreadsheet's row numbers",
    file: "blank-rows.csv",
    content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n\n,,\nJohn,Smith,https://www.linkedin.com/in/\n`,
    replies: [
      [
        "*Imported 1 prospect(s)* from blank-rows.csv (2 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 1",
        "",
        "*First 1 of 1 rows not imported:*",
        `• row 5 (invalid): linkedin_url: No profile name after /in/: ${EXPECTED_URL}`,
      ].join("\n"),
    ],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
  },
  {
    name: "an unclosed quote refuses the whole file: the valid row before it is not stored",
    file: "unclosed.csv",
    content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\nJohn,"Smith,https://www.linkedin.com/in/john-smith\n`,
    replies: [
      `${ME} unclosed.csv was not imported: Row 3: a double quote (") opens a value that is never closed. Fix the quotes in that row.`,
    ],
    rows: [],
  },
  {
    name: "\\N cells (MySQL's NULL in exports) are kept as the text they are",
    file: "mysql.csv",
    content: `first_name,last_name,linkedin_url,company_name\n\\N,Doe,https://www.linkedin.com/in/jane-doe,\\N\n`,
    replies: [ok("mysql.csv", 1, 1).join("\n")],
    rows: [["\\N", "Doe", "https://www.linkedin.com/in/jane-doe/"]],
    check: (rows) => expect(rows[0]!.company_name).toBe("\\N"),
  },
  {
    name: "header aliases in any case and spacing; other columns kept as custom fields",
    file: "aliases.csv",
    content:
      " FIRST NAME ,last-name,LinkedIn Profile URL,Company Name,Job Title,Favourite Color\n" +
      "Jane,Doe,https://www.linkedin.com/in/jane-doe,Acme,CEO,blue\n",
    replies: [ok("aliases.csv", 1, 1).join("\n")],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
    check: (rows) =>
      expect(rows[0]).toMatchObject({ company_name: "Acme", title: "CEO", custom_fields: { favourite_color: "blue" } }),
  },
  {
    name: "a column the campaign's messages need is missing",
    file: "needs-column.csv",
    templates: { connection_request: "Hi {first_name}, loved your {favourite_color} logo" },
    content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n`,
    replies: [
      `${ME} needs-column.csv was not imported: The campaign's messages use {favourite_color}, but the file has no such column.`,
    ],
    rows: [],
  },
  {
    name: "an empty value a message uses without a fallback",
    file: "needs-value.csv",
    templates: { connection_request: "Hi {first_name}, how are things at {company_name}?" },
    content:
      "first_name,last_name,linkedin_url,company_name\n" +
      "Jane,Doe,https://www.linkedin.com/in/jane-doe,Acme\n" +
      "John,Smith,https://www.linkedin.com/in/john-smith,\n",
    replies: [
      [
        "*Imported 1 prospect(s)* from needs-value.csv (2 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 1",
        "",
        "*First 1 of 1 rows not imported:*",
        "• row 3 (invalid): company_name: company_name is empty and a message uses {company_name} without a fallback",
      ].join("\n"),
    ],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
  },
  // Issue 10: the reason used to echo the decoded NUL; jsonb refused the report and the whole
  // file failed five times, then "upload it again", which failed the same way.
  {
    name: "a %00 in one LinkedIn URL makes that row invalid and the rest is imported",
    file: "nul.csv",
    content: `${H}Jane,Doe,https://www.linkedin.com/in/jane%00doe\nJohn,Smith,https://www.linkedin.com/in/john-smith\n`,
    replies: [
      [
        "*Imported 1 prospect(s)* from nul.csv (2 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 1",
        "",
        "*First 1 of 1 rows not imported:*",
        '• row 2 (invalid): linkedin_url: Profile name "janedoe" has characters a LinkedIn profile URL cannot have (an invisible control character such as %00)',
      ].join("\n"),
    ],
    rows: [["John", "Smith", "https://www.linkedin.com/in/john-smith/"]],
  },
  {
    name: "a 5,000-character bad profile name is quoted in at most 100 characters",
    file: "long-slug.csv",
    content: `${H}Jane,Doe,https://www.linkedin.com/in/${"x.".repeat(2_500)}\n`,
    replies: [
      [
        "*Imported 0 prospect(s)* from long-slug.csv (1 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 1",
        "",
        "*First 1 of 1 rows not imported:*",
        `• row 2 (invalid): linkedin_url: Profile name "${"x.".repeat(49)}x…" has characters a LinkedIn profile URL cannot have`,
      ].join("\n"),
    ],
    rows: [],
  },
  // Issue 10: headers named like Object.prototype's members are custom columns like any other;
  // "constructor" used to count as a standard field, so an empty value passed and a missing
  // column was never reported.
  {
    name: "columns named constructor, __proto__, toString and hasOwnProperty are custom fields a message can use",
    file: "prototype.csv",
    templates: { connection_request: "Hi {first_name}: {constructor} {__proto__} {toString} {hasOwnProperty}" },
    content:
      "first_name,last_name,linkedin_url,constructor,__proto__,toString,hasOwnProperty\n" +
      "Jane,Doe,https://www.linkedin.com/in/jane-doe,c1,p1,t1,h1\n" +
      "John,Smith,https://www.linkedin.com/in/john-smith,,p2,t2,h2\n" +
      "Ann,Lee,https://www.linkedin.com/in/ann-lee,c3,,t3,h3\n" +
      "Bob,Ray,https://www.linkedin.com/in/bob-ray,c4,p4,,h4\n" +
      "Eve,Poe,https://www.linkedin.com/in/eve-poe,c5,p5,t5,\n",
    replies: [
      [
        "*Imported 1 prospect(s)* from prototype.csv (5 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 4",
        "",
        "*First 4 of 4 rows not imported:*",
        "• row 3 (invalid): constructor: constructor is empty and a message uses {constructor} without a fallback",
        "• row 4 (invalid): proto: proto is empty and a message uses {proto} without a fallback",
        "• row 5 (invalid): tostring: tostring is empty and a message uses {tostring} without a fallback",
        "• row 6 (invalid): hasownproperty: hasownproperty is empty and a message uses {hasownproperty} without a fallback",
      ].join("\n"),
    ],
    rows: jane("https://www.linkedin.com/in/jane-doe/"),
    check: (rows) =>
      expect(rows[0]!.custom_fields).toEqual({ constructor: "c1", proto: "p1", tostring: "t1", hasownproperty: "h1" }),
  },
  {
    name: "a {constructor} placeholder with no such column refuses the file",
    file: "no-constructor.csv",
    templates: { connection_request: "Hi {first_name}, {constructor}" },
    content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n`,
    replies: [
      `${ME} no-constructor.csv was not imported: The campaign's messages use {constructor}, but the file has no such column.`,
    ],
    rows: [],
  },
];

describe("a CSV dropped in the campaign's thread", () => {
  it("has at least 25 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const teamId = `T0CSV${String(++teams).padStart(4, "0")}`;
    const campaign = await makeCampaign(t, { teamId, name: "Import target", templates: c.templates });
    const file = t.slack.addFile({ name: c.file, content: c.content });
    await dropInThread(campaign, teamId, { id: file.id, name: c.file, filetype: c.filetype });
    await eventually(() => threadOf(t, campaign).length >= c.replies.length);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual(c.replies);
    const rows = await storedRows(campaign.id);
    expect(rows.map((row) => [row.first_name, row.last_name, row.linkedin_url])).toEqual(c.rows);
    c.check?.(rows);
    // The file was fetched with the bot token from its private download URL.
    const download = t.slack.callsTo("file_download").find((call) => String(call.args.path).includes(file.id));
    expect(download?.token).toBe(t.slack.token);
  });
});

describe("files at the limits", () => {
  it("more than 10 rejected rows: the first 10 in the reply, all of them in an attached CSV", async () => {
    const teamId = "T0CSVMANY01";
    const campaign = await makeCampaign(t, { teamId, name: "Many invalid" });
    let content = H;
    for (let n = 2; n <= 13; n++) content += `P${n},Lost,\n`;
    content += "Jane,Doe,https://www.linkedin.com/in/jane-doe\n";
    const file = t.slack.addFile({ name: "many-invalid.csv", content });
    await dropInThread(campaign, teamId, file);
    await eventually(() => t.slack.uploads.find((upload) => upload.thread_ts === campaign.slack_thread_ts && upload.completed));
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      [
        "*Imported 1 prospect(s)* from many-invalid.csv (13 data rows).",
        "• duplicates: 0",
        "• skipped: 0",
        "• invalid: 12",
        "",
        "*First 10 of 12 rows not imported:*",
        "• row 2 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 3 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 4 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 5 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 6 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 7 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 8 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 9 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 10 (invalid): linkedin_url: LinkedIn URL is missing",
        "• row 11 (invalid): linkedin_url: LinkedIn URL is missing",
        "The full list of 12 rows is attached.",
      ].join("\n"),
    ]);
    const upload = t.slack.uploads.find((u) => u.thread_ts === campaign.slack_thread_ts)!;
    expect(upload).toMatchObject({
      filename: "c1-import-errors.csv",
      channel_id: DEFAULT_CHANNEL_ID,
      initial_comment: "Rows of many-invalid.csv not imported",
    });
    expect(upload.content!.toString("utf8")).toBe(
      "\uFEFFrow,outcome,reason\r\n" +
        "2,invalid,linkedin_url: LinkedIn URL is missing\r\n3,invalid,linkedin_url: LinkedIn URL is missing\r\n" +
        "4,invalid,linkedin_url: LinkedIn URL is missing\r\n5,invalid,linkedin_url: LinkedIn URL is missing\r\n" +
        "6,invalid,linkedin_url: LinkedIn URL is missing\r\n7,invalid,linkedin_url: LinkedIn URL is missing\r\n" +
        "8,invalid,linkedin_url: LinkedIn URL is missing\r\n9,invalid,linkedin_url: LinkedIn URL is missing\r\n" +
        "10,invalid,linkedin_url: LinkedIn URL is missing\r\n11,invalid,linkedin_url: LinkedIn URL is missing\r\n" +
        "12,invalid,linkedin_url: LinkedIn URL is missing\r\n13,invalid,linkedin_url: LinkedIn URL is missing\r\n",
    );
    expect((await storedRows(campaign.id)).map((row) => row.public_identifier)).toEqual(["jane-doe"]);
  });

  it("a file over 10 MB (files.info size) is refused without being downloaded", async () => {
    const teamId = "T0CSVBIG001";
    const campaign = await makeCampaign(t, { teamId, name: "Big file" });
    const row = "Jane,Doe,https://www.linkedin.com/in/jane-doe\n";
    const content = Buffer.alloc(11 * 1024 * 1024, "x");
    content.write(H + row);
    const file = t.slack.addFile({ name: "big.csv", content });
    expect(file.size).toBe(11 * 1024 * 1024);
    await dropInThread(campaign, teamId, file);
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      `${ME} big.csv is 11.0 MB; the limit is 10 MB. Split the file and upload the parts.`,
    ]);
    expect(t.slack.callsTo("file_download").filter((call) => String(call.args.path).includes(file.id))).toEqual([]);
    expect(await storedRows(campaign.id)).toEqual([]);
  });

  it("a file of 100,001 rows: progress shown, then refused, and none of its rows stored", async () => {
    const teamId = "T0CSVROWS01";
    const campaign = await makeCampaign(t, { teamId, name: "Too many rows" });
    const lines = [H];
    for (let n = 1; n <= 100_001; n++) lines.push(`Ann,Lee,https://www.linkedin.com/in/p${String(n).padStart(6, "0")}\n`);
    const content = lines.join("");
    expect(content.length).toBe(34 + 44 * 100_001);
    const file = t.slack.addFile({ name: "rows.csv", content });
    await dropInThread(campaign, teamId, file);
    await eventually(() => threadOf(t, campaign).length >= 2, 30_000);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      "Importing rows.csv (4.2 MB)…",
      `${ME} rows.csv was not imported: The file has more than 100,000 prospect rows; split it into smaller files.`,
    ]);
    expect(await storedRows(campaign.id)).toEqual([]);
  });

  it("a file of exactly 100,000 rows is imported in full by the job", async () => {
    const teamId = "T0CSVROWS02";
    const campaign = await makeCampaign(t, { teamId, name: "Just enough rows" });
    const lines = [H];
    for (let n = 1; n <= 100_000; n++) lines.push(`Ann,Lee,https://www.linkedin.com/in/p${String(n).padStart(6, "0")}\n`);
    const file = t.slack.addFile({ name: "rows.csv", content: lines.join("") });
    await dropInThread(campaign, teamId, file);
    await eventually(() => threadOf(t, campaign).length >= 2, 60_000);
    await settled(t, 60_000);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      "Importing rows.csv (4.2 MB)…",
      ok("rows.csv", 100_000, 100_000).join("\n"),
    ]);
    const [count] = await t.db.sql<{ n: number; first: number; last: number }[]>`
      select count(*)::int as n, min(source_row) as first, max(source_row) as last
      from campaign_prospects where campaign_id = ${campaign.id}`;
    expect(count).toEqual({ n: 100_000, first: 2, last: 100_001 });
  }, 60_000);
});

describe("a CSV delivered twice imports once", () => {
  const janeAndJohn = `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\nJohn,Smith,https://www.linkedin.com/in/john-smith\n`;

  it("the same file_share event redelivered by Slack (retry header), and the file shared again", async () => {
    const teamId = "T0CSVTWICE1";
    const campaign = await makeCampaign(t, { teamId, name: "Twice" });
    const file = t.slack.addFile({ name: "twice.csv", content: janeAndJohn });
    await dropInThread(campaign, teamId, file, { eventId: "Ev0TWICE0001" });
    await dropInThread(campaign, teamId, file, { eventId: "Ev0TWICE0001", retryNum: 1 });
    await dropInThread(campaign, teamId, file, { eventId: "Ev0TWICE0002" });
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([ok("twice.csv", 2, 2).join("\n")]);
    expect((await storedRows(campaign.id)).map((row) => row.public_identifier)).toEqual(["jane-doe", "john-smith"]);
  });

  it("the same file through /sam import's modal and dropped in the thread", async () => {
    const teamId = "T0CSVTWICE2";
    const campaign = await makeCampaign(t, { teamId, name: "Modal then thread" });
    const opened = t.slack.callsTo("views.open").length;
    const ack = await t.driver.command("import c1", { teamId });
    expect(ack.status).toBe(200);
    await eventually(() => t.slack.callsTo("views.open")[opened]);
    const modal = t.slack.views().filter((view) => view.type === "modal").at(-1)!;
    expect(modal.callback_id).toBe("import_prospects");
    expect(JSON.parse(modal.private_metadata)).toEqual({ campaignId: campaign.id });

    const file = t.slack.addFile({ name: "modal.csv", content: janeAndJohn });
    const state = { values: { csv: { value: { type: "file_input", files: [{ id: file.id }] } } } };
    const submitted = await t.driver.viewSubmission({ id: modal.id, callback_id: "import_prospects", state }, { teamId });
    expect(submitted.body).toBe("");
    const again = await t.driver.viewSubmission({ id: modal.id, callback_id: "import_prospects", state }, { teamId, retryNum: 1 });
    expect(again.body).toBe("");
    await dropInThread(campaign, teamId, file);
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([ok("modal.csv", 2, 2).join("\n")]);
    expect((await storedRows(campaign.id)).map((row) => row.public_identifier)).toEqual(["jane-doe", "john-smith"]);
  });

  it("the import modal without a file answers on its block", async () => {
    const teamId = "T0CSVTWICE2";
    const [campaign] = await t.db.sql<{ id: string }[]>`select id from campaigns where name = 'Modal then thread'`;
    const response = await t.driver.viewSubmission(
      {
        callback_id: "import_prospects",
        // A submitted view carries the blocks the app opened it with, as on Slack.
        blocks: importModal({ id: campaign!.id, name: "any" }).blocks,
        private_metadata: JSON.stringify({ campaignId: campaign!.id }),
        state: { values: { csv: { value: { type: "file_input", files: [] } } } },
      },
      { teamId },
    );
    expect(response.json).toEqual({ response_action: "errors", errors: { csv: "Choose a CSV file." } });
  });

  it("another file with the same people: duplicates of this campaign are reported and not stored again", async () => {
    const teamId = "T0CSVTWICE1";
    const [campaign] = await t.db.sql<Campaign[]>`select * from campaigns where name = 'Twice'`;
    const file = t.slack.addFile({
      name: "again.csv",
      content: `${H}John,Smith,https://linkedin.com/in/john-smith/\nMary,Major,https://www.linkedin.com/in/mary-major\n`,
    });
    const before = threadOf(t, campaign!).length;
    await dropInThread(campaign!, teamId, file);
    await eventually(() => threadOf(t, campaign!).length > before);
    await settled(t);
    expect(threadOf(t, campaign!).slice(before).map((message) => message.text)).toEqual([
      [
        "*Imported 1 prospect(s)* from again.csv (2 data rows).",
        "• duplicates: 1 (0 repeated in the file, 1 already in this campaign; each person is imported once)",
        "• skipped: 0",
        "• invalid: 0",
      ].join("\n"),
    ]);
    expect((await storedRows(campaign!.id)).map((row) => row.public_identifier)).toEqual(["jane-doe", "john-smith", "mary-major"]);
  });
});

describe("who a file reaches", () => {
  it("a person active in another campaign of the workspace is skipped with that campaign's name", async () => {
    const teamId = "T0CSVOTHER1";
    const first = await makeCampaign(t, { teamId, name: "First outreach" });
    const second = await makeCampaign(t, { teamId, name: "Second outreach" });
    const one = t.slack.addFile({ name: "one.csv", content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n` });
    await dropInThread(first, teamId, one);
    await eventually(() => threadOf(t, first).length >= 1);
    const two = t.slack.addFile({
      name: "two.csv",
      content: `${H}Jane,Doe,https://uk.linkedin.com/in/jane-doe\nJohn,Smith,https://www.linkedin.com/in/john-smith\n`,
    });
    await dropInThread(second, teamId, two);
    await eventually(() => threadOf(t, second).length >= 1);
    await settled(t);
    expect(threadOf(t, second).map((message) => message.text)).toEqual([
      [
        "*Imported 1 prospect(s)* from two.csv (2 data rows).",
        "• duplicates: 0",
        "• skipped: 1 (already active in another campaign of this workspace)",
        "• invalid: 0",
        "",
        "*First 1 of 1 rows not imported:*",
        "• row 2 (skipped): already active in campaign “First outreach” (c1)",
      ].join("\n"),
    ]);
    expect((await storedRows(second.id)).map((row) => row.public_identifier)).toEqual(["john-smith"]);
    expect((await storedRows(first.id)).map((row) => row.public_identifier)).toEqual(["jane-doe"]);
  });

  it("a cancelled campaign takes no prospects", async () => {
    const teamId = "T0CSVCANC01";
    const campaign = await makeCampaign(t, { teamId, name: "Cancelled one", status: "cancelled" });
    const file = t.slack.addFile({ name: "late.csv", content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n` });
    await dropInThread(campaign, teamId, file);
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      "Prospects cannot be added to a cancelled campaign.",
    ]);
    expect(await storedRows(campaign.id)).toEqual([]);
  });

  it("ignores the app's own uploads, non-CSV files and files outside a campaign thread", async () => {
    const teamId = "T0CSVIGNOR1";
    const campaign = await makeCampaign(t, { teamId, name: "Ignore these" });
    const content = `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n`;
    // The app's own export, as Slack echoes it into the thread: from the bot user.
    const own = t.slack.addFile({ name: "c1-prospects.csv", content, user: t.slack.botUserId });
    await t.driver.event(
      {
        type: "message",
        subtype: "file_share",
        channel: DEFAULT_CHANNEL_ID,
        user: t.slack.botUserId,
        bot_id: t.slack.botId,
        ts: "1764249999.000001",
        thread_ts: campaign.slack_thread_ts,
        files: [{ id: own.id, name: own.name, filetype: "csv" }],
      },
      { teamId },
    );
    const picture = t.slack.addFile({ name: "photo.png", content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) });
    await dropInThread(campaign, teamId, { id: picture.id, name: "photo.png", filetype: "png" });
    const elsewhere = t.slack.addFile({ name: "elsewhere.csv", content });
    await dropInThread({ ...campaign, slack_thread_ts: "1764230400.999999" }, teamId, elsewhere);
    // The same thread ts sent by another Slack team reaches nothing of this workspace.
    const foreign = t.slack.addFile({ name: "foreign.csv", content });
    await dropInThread(campaign, "T0CSVOTHER9", foreign);
    // A real drop last: once its reply is there, the ignored ones had their chance.
    const real = t.slack.addFile({ name: "real.csv", content });
    await dropInThread(campaign, teamId, real);
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([ok("real.csv", 1, 1).join("\n")]);
    const downloaded = t.slack.callsTo("file_download").map((call) => String(call.args.path));
    for (const ignored of [own, picture, elsewhere, foreign]) expect(downloaded.some((path) => path.includes(ignored.id))).toBe(false);
    const keys = await t.db.sql<{ key: string }[]>`select key from slack_requests where key like 'import%'`;
    for (const ignored of [own, picture, elsewhere, foreign]) expect(keys.some(({ key }) => key.endsWith(ignored.id))).toBe(false);
  });
});

describe("when the file cannot be had", () => {
  it("a file Slack no longer has is answered at once, not retried", async () => {
    const teamId = "T0CSVGONE01";
    const campaign = await makeCampaign(t, { teamId, name: "Gone file" });
    const response = await t.driver.viewSubmission(
      {
        callback_id: "import_prospects",
        private_metadata: JSON.stringify({ campaignId: campaign.id }),
        state: { values: { csv: { value: { type: "file_input", files: [{ id: "F0DELETED01" }] } } } },
      },
      { teamId },
    );
    expect(response.body).toBe("");
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      `${ME} Slack cannot find that file (it may have been deleted). Upload it again.`,
    ]);
  });

  it("a Slack failure on the last try is told in the thread; on earlier tries the job is only retried", async () => {
    const { importProspects } = await import("../../src/jobs/import-prospects.js");
    const teamId = "T0CSVDOWN01";
    const campaign = await makeCampaign(t, { teamId, name: "Slack down" });
    const file = t.slack.addFile({ name: "down.csv", content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n` });
    const payload = { campaignId: campaign.id, fileId: file.id, requestedBy: DEFAULT_USER_ID };
    const helpers = (attempts: number) => ({ job: { attempts, max_attempts: 5 } }) as never;
    t.slack.fail("files.info", { status: 500, count: 2 });
    await expect(importProspects(payload, t.app.ctx, helpers(1))).rejects.toThrow();
    await settled(t);
    expect(threadOf(t, campaign)).toEqual([]);
    await expect(importProspects(payload, t.app.ctx, helpers(5))).rejects.toThrow();
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    const texts = threadOf(t, campaign).map((message) => message.text ?? "");
    expect(texts).toHaveLength(1);
    expect(texts[0]!.startsWith(`${ME} the file ${file.id} could not be imported after 5 tries (`)).toBe(true);
    expect(texts[0]!.endsWith("). Nothing from it was stored; upload it again.")).toBe(true);
    expect(await storedRows(campaign.id)).toEqual([]);
  });
});

describe("a file attached to the New-campaign modal and then dropped in the thread", () => {
  async function createWithFile(teamId: string, name: string, fileId: string): Promise<Campaign> {
    const workspace = await t.db.sql<{ id: string }[]>`
      insert into workspaces (slack_team_id) values (${teamId}) on conflict (slack_team_id) do update set name = null returning id`;
    const [account] = await t.db.sql<{ id: string }[]>`
      insert into workspace_accounts (workspace_id, unipile_account_id, name) values (${workspace[0]!.id}, ${`acc-${teamId}`}, 'Linked')
      returning id`;
    const text = (value: string) => ({ value: { type: "plain_text_input", value } });
    const response = await t.driver.viewSubmission(
      {
        callback_id: "new_campaign",
        private_metadata: JSON.stringify({ userTimeZone: "America/New_York" }),
        state: {
          values: {
            name: text(name),
            type: { value: { type: "radio_buttons", selected_option: { value: "messenger" } } },
            account: { value: { type: "static_select", selected_option: { value: account!.id } } },
            first_message: text("Hi {first_name}"),
            delays: text("3"),
            time_zone: text("America/New_York"),
            window_start: { value: { type: "timepicker", selected_time: "09:00" } },
            window_end: { value: { type: "timepicker", selected_time: "17:00" } },
            days: { value: { type: "checkboxes", selected_options: [{ value: "1" }, { value: "2" }] } },
            holidays: { value: { type: "checkboxes", selected_options: [] } },
            holiday_country: text(""),
            csv: { value: { type: "file_input", files: [{ id: fileId }] } },
          },
        },
      },
      { teamId },
    );
    expect(response.body).toBe("");
    return eventually(async () => {
      const [row] = await t.db.sql<Campaign[]>`select * from campaigns where name = ${name}`;
      return row?.slack_thread_ts ? row : null;
    });
  }

  it("a good file is imported once and reported once", async () => {
    const teamId = "T0CSVNEW001";
    const file = t.slack.addFile({ name: "new.csv", content: `${H}Jane,Doe,https://www.linkedin.com/in/jane-doe\n` });
    const campaign = await createWithFile(teamId, "Created with a file", file.id);
    await dropInThread(campaign, teamId, file);
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([ok("new.csv", 1, 1).join("\n")]);
    expect((await storedRows(campaign.id)).map((row) => row.public_identifier)).toEqual(["jane-doe"]);
  });

  it("a refused file is refused once", async () => {
    const teamId = "T0CSVNEW002";
    const file = t.slack.addFile({ name: "headers.csv", content: H });
    const campaign = await createWithFile(teamId, "Created with a bad file", file.id);
    await dropInThread(campaign, teamId, file);
    await eventually(() => threadOf(t, campaign).length >= 1);
    await settled(t);
    expect(threadOf(t, campaign).map((message) => message.text)).toEqual([
      `${ME} headers.csv was not imported: The file has a header row but no prospect rows.`,
    ]);
  });
});
