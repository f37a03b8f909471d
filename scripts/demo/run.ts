// The demo's story, usable headless by the bench: two campaigns created through `/sam new` and
// the modal (with the example CSVs), previewed and launched with `/sam`, then four weeks of
// campaign time driven step by step while every message of their Slack threads is printed.
import { readFile } from "node:fs/promises";
import { DateTime } from "luxon";
import { createLogger, type Logger } from "../../src/log.js";
import { DEFAULT_ACCOUNT, type RouteKey, type Scenario } from "../../src/unipile/sandbox/index.js";
import { ActivityFeed } from "./activity.js";
import { ThreadPrinter, type Style, styles } from "./printer.js";
import { type CampaignForm, command, commandAnswer, connectLinkedInAccount, createCampaign, waitFor } from "./slack-flow.js";
import type { ThrowawayPostgres } from "./postgres.js";
import { Stepper } from "../../test/support/stepper.js";
import { type DemoWorld, startDemoWorld } from "./world.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const DEMO_ZONE = "America/New_York";
/** Monday 30 November 2026, 08:00 in New York: an hour before the sending window opens. */
export const DEMO_START = DateTime.fromISO("2026-11-30T08:00", { zone: DEMO_ZONE }).toJSDate();
export const DEMO_DAYS = 28;
/** When the demo makes the sandbox answer 429 to messages: Thursday, while follow-ups go out. */
const LIMIT_AT = DateTime.fromISO("2026-12-03T11:00", { zone: DEMO_ZONE }).toJSDate();
const EXAMPLES = new URL("../../examples/", import.meta.url);

const schedule: Pick<
  CampaignForm,
  "timeZone" | "windowStart" | "windowEnd" | "days" | "skipHolidays" | "holidayCountry"
> = {
  timeZone: DEMO_ZONE,
  windowStart: "09:00",
  windowEnd: "17:00",
  days: [1, 2, 3, 4, 5],
  skipHolidays: true,
  holidayCountry: "US",
};

export const MESSENGER: Omit<CampaignForm, "csv"> = {
  name: "Q4 Product Update – Existing Connections",
  type: "messenger",
  firstMessage:
    "Hi {first_name}, hope all is well at {company_name|your company}! We just shipped our Q4 update: sales reports in minutes instead of days. Worth a quick look?",
  followUps: [
    "Following up, {first_name}: happy to send a 2-minute video walkthrough if that is easier.",
    "Last note from me: here is how a team like {company_name|yours} halved its reporting time. Shall I send it?",
  ],
  delays: "3, 5",
  ...schedule,
};

export const CONNECTOR: Omit<CampaignForm, "csv"> = {
  name: "Founders & CTOs – New Connections",
  type: "connector",
  firstMessage:
    "Hi {first_name}, I work with teams like {company_name|yours} on sales reporting. Would be glad to connect!",
  followUps: [
    "Thanks for connecting, {first_name}! Would a 15-minute call next week be useful?",
    "One last thought: happy to share the checklist we use with {company_name|teams like yours}.",
  ],
  delays: "2, 4",
  ...schedule,
};

export interface DemoOptions {
  /** Where the story is printed; null runs it silently (the bench). */
  write: ((text: string) => void) | null;
  color?: boolean;
  tty?: boolean;
  /** The injected 503 burst and 429 limit (default on). */
  faults?: boolean;
  /** Only the messenger campaign (the bench's Unipile-calls count). */
  messengerOnly?: boolean;
  log?: Logger;
  /** Largest virtual step between two looks at the app (default: 1 hour in business hours, else 4). */
  maxStepMs?: number;
  /** A PostgreSQL server to use instead of a throwaway one (the bench's). */
  pg?: ThrowawayPostgres;
  /** Called once everything runs, with a way to stop it all at once (Ctrl-C). */
  onStarted?: (stop: () => Promise<void>) => void;
}

export interface DemoResult {
  realMs: number;
  virtualMs: number;
  /** Clock steps taken, and the real time they took. */
  steps: number;
  stepsRealMs: number;
  /** What the run showed, each with a short description (empty when missing). */
  shown: Record<"replies" | "skippedNotConnected" | "accepted" | "withdrawn" | "fault", string>;
  /** Sandbox calls per route: after both launches, and at the end. */
  callsAfterLaunch: Record<RouteKey, number>;
  callsAtEnd: Record<RouteKey, number>;
  /** Messages (not invitations) the sandbox received. */
  messagesDelivered: number;
  statuses: Record<string, string>;
}

export async function loadDemoScenario(faults: boolean): Promise<Scenario> {
  const scenario = JSON.parse(await readFile(new URL("demo-scenario.json", EXAMPLES), "utf8")) as Scenario;
  if (!faults) delete scenario.faults;
  return scenario;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const faults = options.faults ?? true;
  const style: Style = styles(options.color ?? false);
  const write = options.write ?? (() => {});
  const log = options.log ?? createLogger({ demo: true });
  const scenario = await loadDemoScenario(faults);
  const world = await startDemoWorld({
    scenario,
    start: DEMO_START,
    log,
    pg: options.pg,
  });
  options.onStarted?.(world.stop);
  try {
    const bursts = scenario.faults?.failNext ?? [];
    return await story(world, { ...options, faults, style, write, started, bursts });
  } finally {
    await world.stop();
  }
}

interface StoryOptions extends DemoOptions {
  faults: boolean;
  bursts: Array<{ route: string; count: number; status?: number }>;
  style: Style;
  write: (text: string) => void;
  started: number;
}

async function story(world: DemoWorld, options: StoryOptions): Promise<DemoResult> {
  const { style, write } = options;
  const sql = world.app.ctx.sql;
  const printer = new ThreadPrinter(world.slack, sql, write, style, {
    timeZone: DEMO_ZONE,
    tty: options.tty ?? false,
    users: { [world.userId]: "alice" },
  });
  const stepper = new Stepper(sql, world.clock, world.sandbox);
  const feed = new ActivityFeed(sql);
  let showActivity = false;
  const settleAndPrint = async () => {
    await stepper.settle();
    if (showActivity) printer.activity(await feed.fresh(world.clock.now()));
    await printer.flush(world.clock.now());
  };
  const user = (text: string, note = "") =>
    printer.say(`\n${style.bold(`▶ alice: ${text}`)}${note ? style.dim(`   (${note})`) : ""}`);
  const reply = (text: string) =>
    printer.say(
      text
        .split("\n")
        .map((line) => `   ${style.dim("│")} ${line}`)
        .join("\n"),
    );

  // ── Connect the LinkedIn account through Unipile's hosted sign-in ───────────────────────
  user(
    "/sam accounts → Connect a LinkedIn account",
    "opens the sign-in link and logs in; the sandbox's page stands in for Unipile's hosted wizard",
  );
  reply(mdToText(await connectLinkedInAccount(world, DEFAULT_ACCOUNT.publicIdentifier), style));
  await settleAndPrint();

  // ── Create the campaigns through /sam new and the modal ────────────────────────────────
  const campaigns: Array<{ form: CampaignForm; file: string }> = [
    { form: { ...MESSENGER, csv: await csvFile("prospects.csv") }, file: "examples/prospects.csv" },
    ...(options.messengerOnly
      ? []
      : [
          {
            form: { ...CONNECTOR, csv: await csvFile("connector-prospects.csv") },
            file: "examples/connector-prospects.csv",
          },
        ]),
  ];
  for (const [i, { form, file }] of campaigns.entries()) {
    user(
      "/sam new",
      `fills in the New-campaign form: ${form.type}, ${form.followUps.length} follow-ups, ${file} attached`,
    );
    const account = await createCampaign(world, form);
    reply(`campaign created on the LinkedIn account “${account}”`);
    await waitFor(async () => {
      await settleAndPrint();
      const [row] = await sql<{ n: number }[]>`
        select count(*)::int as n from campaign_prospects p join campaigns c on c.id = p.campaign_id where c.handle = ${i + 1}`;
      return row!.n > 0;
    }, "the CSV import");
  }

  // ── Preview and launch ──────────────────────────────────────────────────────────────────
  user("/sam preview c1");
  reply(mdToText(await commandAnswer(world, "preview c1"), style));
  for (const [i] of campaigns.entries()) {
    user(`/sam launch c${i + 1}`);
    reply(mdToText(await command(world, `launch c${i + 1}`), style));
    await waitFor(
      async () => {
        await settleAndPrint();
        const [row] = await sql<
          { done: boolean }[]
        >`select launch_result is not null as done from campaigns where handle = ${i + 1}`;
        return row?.done === true;
      },
      `the launch of c${i + 1}`,
    );
  }
  const callsAfterLaunch = { ...world.sandbox.stats.calls };

  // ── Four weeks of campaign time ─────────────────────────────────────────────────────────
  const end = new Date(DEMO_START.getTime() + DEMO_DAYS * DAY);
  printer.say(
    `\n${style.bold("Campaign time runs")} ${style.dim(`(virtual clock, ${DEMO_DAYS} days at most; times are New York time)`)}`,
  );
  if (options.faults) {
    for (const burst of options.bursts) {
      printer.say(
        style.yellow(
          `⚡ demo: the sandbox will answer the first ${burst.count} calls to ${burst.route} with ${burst.status ?? 503} (examples/demo-scenario.json)`,
        ),
      );
    }
  }
  printer.say(style.dim("   │ the campaign's Slack thread   ┆ what the engine did (from the database)"));
  showActivity = true;
  let limitState: "off" | "on" | "lifted" = options.faults ? "off" : "lifted";
  let steps = 0;
  const loopStarted = Date.now();
  for (;;) {
    await settleAndPrint();
    const now = world.clock.now();
    if (limitState === "off" && now >= LIMIT_AT) {
      const accountId = world.sandbox.world.defaultAccountId;
      world.sandbox.faults.dailyLimit({
        messagesPerDay: world.sandbox.world.sentToday(accountId, "message"),
      });
      limitState = "on";
      printer.say(
        style.yellow(
          "⚡ demo: from now on the sandbox answers 429 too_many_requests to the account's messages (a LinkedIn limit)",
        ),
      );
    } else if (limitState === "on") {
      const [cooling] = await sql`select 1 from workspace_accounts where cooldown_until > ${now}`;
      if (cooling) {
        world.sandbox.faults.dailyLimit({ messagesPerDay: 1_000_000 });
        limitState = "lifted";
        printer.say(
          style.yellow(
            "⚡ demo: the sandbox accepts messages again; the app still waits out its 24-hour cooldown",
          ),
        );
      }
    }
    const day =
      Math.round(
        DateTime.fromJSDate(now)
          .setZone(DEMO_ZONE)
          .startOf("day")
          .diff(DateTime.fromJSDate(DEMO_START).setZone(DEMO_ZONE).startOf("day"), "days").days,
      ) + 1;
    await printer.progress(now, Math.min(day, DEMO_DAYS), DEMO_DAYS);
    const [open] = await sql<
      { n: number }[]
    >`select count(*)::int as n from campaigns where status not in ('completed', 'cancelled')`;
    if (open!.n === 0 || now >= end) break;
    const limit = limitState === "off" && LIMIT_AT > now ? LIMIT_AT : end;
    await stepper.step(options.maxStepMs ?? maxStepAt(now), limit);
    steps += 1;
  }
  printer.endProgress();
  const virtualMs = world.clock.nowMs() - DEMO_START.getTime();
  await world.sandbox.webhooksIdle();
  await settleAndPrint();

  // ── Summaries ───────────────────────────────────────────────────────────────────────────
  const statuses: Record<string, string> = {};
  for (const [i] of campaigns.entries()) {
    user(`/sam status c${i + 1}`);
    const text = await commandAnswer(world, `status c${i + 1}`);
    statuses[`c${i + 1}`] = text;
    reply(mdToText(text, style));
  }
  const shown = await whatWasShown(world);
  const messages = world.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message").length;
  return {
    realMs: Date.now() - options.started,
    virtualMs,
    steps,
    stepsRealMs: Date.now() - loopStarted,
    shown,
    callsAfterLaunch,
    callsAtEnd: { ...world.sandbox.stats.calls },
    messagesDelivered: messages,
    statuses,
  };
}

/**
 * How far the clock may jump without looking: an hour in New York business hours, when replies
 * and acceptances are worth showing on time; four hours at night and at weekends.
 */
function maxStepAt(now: Date): number {
  const local = DateTime.fromJSDate(now).setZone(DEMO_ZONE);
  return local.weekday <= 5 && local.hour >= 8 && local.hour < 18 ? HOUR : 4 * HOUR;
}

function mdToText(text: string, style: Style): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)>/g, "@alice")
    .replace(
      /:([a-z_]+):/g,
      (all, name: string) => ({ warning: "⚠️", hourglass: "⏳", white_check_mark: "✅" })[name] ?? all,
    )
    .replace(
      /(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gm,
      (_, before: string, inner: string) => `${before}${style.bold(inner)}`,
    );
}

async function csvFile(name: string): Promise<{ name: string; content: Buffer }> {
  return { name, content: await readFile(new URL(name, EXAMPLES)) };
}

async function whatWasShown(world: DemoWorld): Promise<DemoResult["shown"]> {
  const sql = world.app.ctx.sql;
  const names = async (where: string) => {
    const rows = await sql.unsafe<{ name: string }[]>(
      `select first_name || ' ' || last_name as name from campaign_prospects where ${where} order by first_name`,
    );
    return rows.map((row) => row.name).join(", ");
  };
  const retried = await sql<
    { n: number }[]
  >`select count(*)::int as n from send_queue where status = 'sent' and attempts > 1`;
  const cooled = await sql<
    { n: number }[]
  >`select count(*)::int as n from workspace_accounts where cooldown_until is not null`;
  // Both injected faults must have been handled: a send retried after the 503s, and the 429's cooldown.
  const fault =
    retried[0]!.n > 0 && cooled[0]!.n > 0
      ? `${retried[0]!.n} send(s) delivered after 503s and retries; a 429 limit waited out with a 24-hour cooldown`
      : "";
  return {
    replies: await names("status = 'replied'"),
    skippedNotConnected: await names("status = 'skipped' and status_reason like 'Not connected%'"),
    accepted: await names("connection_accepted_at is not null"),
    withdrawn: await names("status = 'not_accepted'"),
    fault,
  };
}
