// csv_import: a generated 100,000-row CSV through the real import job: the file is fetched from a
// local fake Slack (files.info + download with the bot token, as from slack.com), parsed as a
// stream, and imported into a campaign in one transaction with the thread report written to the
// outbox. Wall time of the job, and the process's resident memory at its peak while the job runs
// (sampled every 5 ms; it includes Node itself and the fake Slack holding the file). Its limit,
// measured in the same run: csv-parse alone on the same bytes plus COPY of the same rows.
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { WebClient } from "@slack/web-api";
import { parse } from "csv-parse";
import type { Sql } from "postgres";
import type { JobHelpers } from "graphile-worker";
import { Clock } from "../../src/clock.js";
import { createCampaign } from "../../src/campaigns/campaigns.js";
import { loadConfig } from "../../src/config.js";
import type { AppContext } from "../../src/context.js";
import { importProspects } from "../../src/jobs/import-prospects.js";
import { csvParseOptions, type ProspectRow, parseProspectCsv } from "../../src/prospects/csv.js";
import { detectDelimiter } from "../../src/prospects/delimiter.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { startFakeSlack } from "../../test/support/fake-slack.js";
import { generateProspectCsv } from "../csv.js";
import { againstLimit, benchLog, createDatabase, mb, withinBound } from "../support.js";

const ROWS = 100_000;
/** The import may take at most this many times csv-parse alone plus COPY of the parsed rows. */
const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 300;

/** csv-parse alone, with the import's options, streaming the same bytes. */
async function timeCsvParseAlone(csv: Buffer): Promise<number> {
  const started = performance.now();
  const parser = Readable.from(chunks(csv)).pipe(parse(csvParseOptions(detectDelimiter(csv.subarray(0, 65_536).toString("utf8")))));
  let records = 0;
  for await (const _record of parser as AsyncIterable<string[]>) records++;
  if (records !== ROWS + 1) throw new Error(`csv-parse read ${records} records`);
  return performance.now() - started;
}

function* chunks(csv: Buffer): Generator<Buffer> {
  for (let at = 0; at < csv.length; at += 65_536) yield csv.subarray(at, at + 65_536);
}

/**
 * COPY of the parsed rows (serialised as they stream) into a table shaped like campaign_prospects:
 * its columns, defaults, checks and indexes, and, with `foreignKeys`, its foreign keys too (each
 * row is checked against its campaign, as every stored prospect must be; `plan`'s limit counts
 * them the same way).
 */
async function timeCopy(
  sql: Sql,
  rows: ProspectRow[],
  campaignId: string,
  workspaceId: string,
  foreignKeys: boolean,
): Promise<number> {
  await sql`create table bench_copy_limit (like campaign_prospects including all)`;
  if (foreignKeys) {
    await sql`
      alter table bench_copy_limit
        add foreign key (campaign_id, workspace_id) references campaigns (id, workspace_id) on delete cascade,
        add foreign key (account_id) references workspace_accounts (id) on delete set null`;
  }
  const started = performance.now();
  await sql.begin(async (tx) => {
    const copy = await tx`copy bench_copy_limit (campaign_id, workspace_id, first_name, last_name, linkedin_url,
      public_identifier, company_name, title, custom_fields, source_row) from stdin with (format csv, null '\\N')`.writable();
    const cell = (value: string) => `"${value.replace(/"/g, '""')}"`;
    const lines = (function* () {
      for (let at = 0; at < rows.length; at += 1000) {
        yield rows
          .slice(at, at + 1000)
          .map((row) =>
            [campaignId, workspaceId, cell(row.firstName), cell(row.lastName), cell(row.linkedinUrl), cell(row.publicIdentifier),
              row.companyName === null ? "\\N" : cell(row.companyName), row.title === null ? "\\N" : cell(row.title),
              cell(JSON.stringify(row.custom)), row.row].join(","),
          )
          .join("\n")
          .concat("\n");
      }
    })();
    await pipeline(lines, copy as unknown as Writable);
  });
  const copyMs = performance.now() - started;
  const [{ n }] = (await sql`select count(*)::int as n from bench_copy_limit`) as unknown as [{ n: number }];
  if (n !== rows.length) throw new Error(`COPY stored ${n} of ${rows.length} rows`);
  await sql`drop table bench_copy_limit`;
  return copyMs;
}

export async function csvImport(): Promise<Record<string, unknown>> {
  const log = benchLog("csv_import");
  const db = await createDatabase(log);
  const slack = await startFakeSlack();
  try {
    const workspaceId = await ensureWorkspace(db.sql, slack.teamId);
    const campaign = await db.sql.begin((tx) =>
      createCampaign(tx, {
        workspaceId,
        name: "Bench import",
        campaignType: "messenger",
        accountId: null,
        templates: {
          connection_request: "Hi {first_name}, how is {company_name|your team}?",
          follow_up_messages: ["Following up, {first_name|there}"],
          follow_up_delays: [3],
        },
        timeZone: "America/New_York",
        windowStart: "09:00",
        windowEnd: "17:00",
        sendingDays: [1, 2, 3, 4, 5],
        holidayCountry: "US",
        createdBy: "U0BENCH",
      }),
    );
    const csv = generateProspectCsv(ROWS);
    const file = slack.addFile({ name: "prospects-100k.csv", content: csv });
    const ctx: AppContext = {
      config: loadConfig({
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.apiUrl,
        LOG_LEVEL: "warn",
      }),
      sql: db.sql,
      databaseUrl: db.url,
      clock: new Clock(new Date("2026-11-30T13:00:00Z"), 0),
      log,
      unipile: undefined as never,
      slack: new WebClient(slack.token, { slackApiUrl: slack.apiUrl }),
    };
    global.gc?.(); // the runner starts this process with --expose-gc
    const rssBefore = process.memoryUsage().rss;
    // Resident memory sampled while the job runs (the process's lifetime maximum is reported too).
    let peakRss = rssBefore;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 5);
    const started = performance.now();
    await importProspects(
      { campaignId: campaign.id, fileId: file.id, requestedBy: "U0BENCH" },
      ctx,
      {} as JobHelpers,
    );
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const lifetimeMaxRss = process.resourceUsage().maxRSS * 1024;
    const [{ n }] =
      (await db.sql`select count(*)::int as n from campaign_prospects where campaign_id = ${campaign.id}`) as unknown as [
        { n: number },
      ];
    if (n !== ROWS) throw new Error(`imported ${n} of ${ROWS} rows`);
    // The limit, on the same bytes and the same database right after: csv-parse alone, and COPY
    // of the same rows, already parsed, into a table shaped like campaign_prospects.
    const parseMs = await timeCsvParseAlone(csv);
    const parsed = await parseProspectCsv(csv);
    if (!parsed.ok) throw new Error(parsed.error);
    const copyMs = await timeCopy(db.sql, parsed.rows, campaign.id, workspaceId, true);
    const copyWithoutKeysMs = await timeCopy(db.sql, parsed.rows, campaign.id, workspaceId, false);
    const wall = againstLimit(Math.round(wallMs), Math.round(parseMs + copyMs), { atMost: TARGET_RATIO });
    const rss = withinBound(mb(peakRss), TARGET_RSS_MB, "MB");
    return {
      rows: ROWS,
      file_mb: mb(csv.length),
      imported: n,
      wall_ms: Math.round(wallMs),
      rows_per_s: Math.round(ROWS / (wallMs / 1000)),
      csv_parse_alone_ms: Math.round(parseMs),
      copy_alone_ms: Math.round(copyMs),
      copy_without_foreign_keys_ms: Math.round(copyWithoutKeysMs),
      ratio_to_limit_without_foreign_keys: Math.round((wallMs / (parseMs + copyWithoutKeysMs)) * 100) / 100,
      wall_vs_parse_plus_copy: wall,
      peak_rss_mb: mb(peakRss),
      rss_before_import_mb: mb(rssBefore),
      process_max_rss_mb: mb(lifetimeMaxRss),
      path: "import-prospects job: files.info + download from a local fake Slack, streaming parse, one transaction (COPY into a temp table, insert), report to the outbox",
      limit: "csv-parse alone on the same bytes + COPY of the same parsed rows into a table like campaign_prospects (its indexes and foreign keys included), same database, same run",
      target: { wall: wall.target, peak_rss_mb: rss.target },
      met: wall.met && rss.met,
      met_detail: { wall: wall.met, peak_rss_mb: rss.met },
    };
  } finally {
    await slack.close();
    await db.drop();
  }
}
