// csv_import: a generated 100,000-row CSV through the real import job: the file is fetched from a
// local fake Slack (files.info + download with the bot token, as from slack.com), parsed as a
// stream, and imported into a campaign in one transaction with the thread report written to the
// outbox. Wall time of the job, and the process's resident memory at its peak while the job runs
// (sampled every 5 ms; it includes Node itself and the fake Slack holding the file).
import { WebClient } from "@slack/web-api";
import type { JobHelpers } from "graphile-worker";
import { Clock } from "../../src/clock.js";
import { createCampaign } from "../../src/campaigns/campaigns.js";
import { loadConfig } from "../../src/config.js";
import type { AppContext } from "../../src/context.js";
import { importProspects } from "../../src/jobs/import-prospects.js";
import { parseProspectCsv } from "../../src/prospects/csv.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { startFakeSlack } from "../../test/support/fake-slack.js";
import { generateProspectCsv } from "../csv.js";
import { benchLog, createDatabase, mb } from "../support.js";

const ROWS = 100_000;
const TARGET_MS = 3_000;
const TARGET_RSS_MB = 300;

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
    // For the record: the parse alone, from memory (the job's wall time includes it).
    const parseStarted = performance.now();
    await parseProspectCsv(csv);
    const parseMs = performance.now() - parseStarted;
    const wallOk = wallMs <= TARGET_MS;
    const rssOk = peakRss / 1048576 <= TARGET_RSS_MB;
    return {
      rows: ROWS,
      file_mb: mb(csv.length),
      imported: n,
      wall_ms: Math.round(wallMs),
      rows_per_s: Math.round(ROWS / (wallMs / 1000)),
      parse_alone_ms: Math.round(parseMs),
      peak_rss_mb: mb(peakRss),
      rss_before_import_mb: mb(rssBefore),
      process_max_rss_mb: mb(lifetimeMaxRss),
      path: "import-prospects job: files.info + download from a local fake Slack, streaming parse, one transaction (COPY into a temp table, insert), report to the outbox",
      target: { wall_ms: `<= ${TARGET_MS}`, peak_rss_mb: `<= ${TARGET_RSS_MB}` },
      met: wallOk && rssOk,
      met_detail: { wall_ms: wallOk, peak_rss_mb: rssOk },
    };
  } finally {
    await slack.close();
    await db.drop();
  }
}
