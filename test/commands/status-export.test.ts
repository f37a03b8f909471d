// `/sam status`, the Status button, `/sam export` and `/sam list` on a seeded campaign: prospects
// in several statuses, queue rows of two message types in several statuses, sends today and
// yesterday (on either side of the account's local midnight), and another campaign on the same
// account. Every expected number and line is written out from the seed, by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID } from "../support/fake-slack.js";
import { ackText, answerText, makeCampaign, settled } from "../campaigns/fixtures.js";

const TEAM = "T0STATUS001";
let t: TestApp;
let seed: Campaign;
let other: Campaign;
let empty: Campaign;

// The clock stands at Mon 30 Nov 2026 14:00 UTC = 09:00 in New York (the account's zone):
// "today" there runs from 05:00 UTC on the 30th to 05:00 UTC on 1 Dec.
interface SeedProspect {
  first: string;
  last: string;
  slug: string;
  status: string;
  company?: string;
  title?: string;
  reason?: string;
  degree?: string;
  acceptedAt?: string;
  repliedAt?: string;
  queue: Array<{ type: string; status: string; at: string; sentAt?: string; error?: string }>;
}

const PROSPECTS: SeedProspect[] = [
  {
    first: "Ann", last: "Able", slug: "ann-able", status: "messaging", company: "Acme", title: "CEO", degree: "FIRST_DEGREE",
    queue: [
      { type: "direct_message_1", status: "sent", at: "2026-11-30T13:30:00Z", sentAt: "2026-11-30T13:30:00Z" },
      { type: "direct_message_2", status: "pending", at: "2026-12-03T15:00:00Z" },
    ],
  },
  {
    // Sent at 23:30 on the 29th in New York: yesterday there, although the 30th in UTC.
    first: "Bob", last: "Baker", slug: "bob-baker", status: "messaging", degree: "FIRST_DEGREE",
    queue: [
      { type: "direct_message_1", status: "sent", at: "2026-11-30T04:30:00Z", sentAt: "2026-11-30T04:30:00Z" },
      { type: "direct_message_2", status: "pending", at: "2026-12-02T14:30:00Z" },
    ],
  },
  {
    first: "Cat", last: "Cole", slug: "cat-cole", status: "replied", company: "Cole, Cole & Co", degree: "FIRST_DEGREE",
    repliedAt: "2026-11-28T16:00:00Z",
    queue: [
      { type: "direct_message_1", status: "sent", at: "2026-11-27T15:00:00Z", sentAt: "2026-11-27T15:00:00Z" },
      { type: "direct_message_2", status: "cancelled", at: "2026-12-01T15:00:00Z" },
    ],
  },
  {
    first: "Dan", last: "Dee", slug: "dan-dee", status: "failed", reason: "The recipient cannot receive messages", degree: "FIRST_DEGREE",
    queue: [{ type: "direct_message_1", status: "failed", at: "2026-11-29T15:00:00Z", error: "The recipient cannot receive messages" }],
  },
  {
    first: "Eve", last: "Ein", slug: "eve-ein", status: "pending",
    queue: [{ type: "direct_message_1", status: "pending", at: "2026-12-04T15:00:00Z" }],
  },
  {
    first: "Fay", last: "Fox", slug: "fay-fox", status: "skipped", degree: "SECOND_DEGREE",
    reason: "Not connected (SECOND_DEGREE) - messenger campaigns require existing connection",
    queue: [],
  },
  {
    first: "Gus", last: "Gee", slug: "gus-gee", status: "messaging", degree: "FIRST_DEGREE",
    queue: [
      { type: "direct_message_1", status: "sent", at: "2026-11-30T13:45:00Z", sentAt: "2026-11-30T13:45:00Z" },
      { type: "direct_message_2", status: "sending", at: "2026-11-30T14:00:00Z" },
    ],
  },
  {
    first: "=1+2", last: "+Plus", slug: "formula-person", status: "connected", company: "@Acme", title: "-Chief, Ops",
    degree: "FIRST_DEGREE", acceptedAt: "2026-11-25T12:00:00Z",
    queue: [{ type: "direct_message_1", status: "pending", at: "2026-12-05T15:00:00Z" }],
  },
];

async function insertProspects(campaign: Campaign, accountId: string, prospects: SeedProspect[]) {
  let row = 1;
  for (const p of prospects) {
    const [inserted] = await t.db.sql<{ id: string }[]>`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                      company_name, title, status, status_reason, connection_degree,
                                      connection_accepted_at, replied_at, source_row)
      values (${campaign.id}, ${campaign.workspace_id}, ${p.first}, ${p.last}, ${`https://www.linkedin.com/in/${p.slug}/`},
              ${p.slug}, ${p.company ?? null}, ${p.title ?? null}, ${p.status}, ${p.reason ?? null}, ${p.degree ?? null},
              ${p.acceptedAt ?? null}, ${p.repliedAt ?? null}, ${++row})
      returning id`;
    for (const q of p.queue) {
      const step = q.type === "connection_request" ? 0 : Number(q.type.slice(-1)) - (q.type.startsWith("direct") ? 1 : 0);
      await t.db.sql`
        insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at,
                                error_message)
        values (${campaign.id}, ${inserted!.id}, ${accountId}, ${q.type}, ${step}, ${q.at}, ${q.status},
                ${q.sentAt ?? null}, ${q.error ?? null})`;
    }
  }
}

beforeAll(async () => {
  t = await startTestApp();
  const workspaceId = await ensureWorkspace(t.db.sql, TEAM);
  const [account] = await t.db.sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, daily_message_cap, daily_invitation_cap)
    values (${workspaceId}, 'acc-status', 'Status LinkedIn', 'America/New_York', 25, 15) returning id`;
  seed = await makeCampaign(t, { teamId: TEAM, name: "Status Seed", status: "active", accountId: account!.id });
  other = await makeCampaign(t, { teamId: TEAM, name: "Other on account", type: "connector", status: "active", accountId: account!.id });
  empty = await makeCampaign(t, { teamId: TEAM, name: "Empty draft", type: "connector" });
  await insertProspects(seed, account!.id, PROSPECTS);
  // The other campaign on the account sent an invitation and a follow-up today: they count against
  // the account's caps, not in this campaign's numbers.
  await insertProspects(other, account!.id, [
    {
      first: "Hal", last: "Hue", slug: "hal-hue", status: "messaging",
      queue: [
        { type: "connection_request", status: "sent", at: "2026-11-30T06:00:00Z", sentAt: "2026-11-30T06:00:00Z" },
        { type: "follow_up_1", status: "sent", at: "2026-11-30T13:00:00Z", sentAt: "2026-11-30T13:00:00Z" },
      ],
    },
  ]);
  await settled(t);
});
afterAll(() => t?.stop());

const SEED_STATUS = [
  "*Status Seed* (c1) · messenger · *active*",
  "Schedule: Mon Tue Wed Thu Fri 09:00–17:00 America/New_York, US public holidays skipped",
  "▰▰▰▰▱▱▱▱▱▱ 40% queued 5 · sent 4 · replied 1 · failed 1",
  "",
  "*Prospects* (8)",
  "• connected: 1",
  "• failed: 1",
  "• messaging: 3",
  "• pending: 1",
  "• replied: 1",
  "• skipped: 1",
  "",
  "*Messages* (type × status)",
  "• direct_message_1: failed 1, pending 2, sent 4",
  "• direct_message_2: cancelled 1, pending 2, sending 1",
  "",
  "Next send: Wed 2 Dec 09:30 EST",
  "Sent today by Status LinkedIn: 3/25 messages, 1/15 invitations (this campaign: 2)",
].join("\n");

describe("/sam status", () => {
  it("shows prospects by status, messages by type × status, the next send and sent today against the caps", async () => {
    expect(await answerText(t, "status Status Seed", { teamId: TEAM })).toBe(SEED_STATUS);
    expect(await answerText(t, "status c1", { teamId: TEAM })).toBe(SEED_STATUS);
  });

  it("a campaign with nothing yet and no account", async () => {
    expect(await answerText(t, "status empty draft", { teamId: TEAM })).toBe(
      [
        "*Empty draft* (c3) · connector · *draft*",
        "Schedule: Mon Tue Wed Thu Fri 09:00–17:00 America/New_York, US public holidays skipped",
        "▱▱▱▱▱▱▱▱▱▱ 0% queued 0 · sent 0 · replied 0 · failed 0",
        "",
        "*Prospects* (0)",
        "",
        "Next send: nothing scheduled",
        "No LinkedIn account linked.",
      ].join("\n"),
    );
    expect(empty.handle).toBe(3);
  });

  it("the root message's Status button answers the clicking user with the same numbers", async () => {
    const before = t.slack.callsTo("chat.postEphemeral").length;
    await t.driver.blockAction(
      { action_id: "campaign_status", value: seed.id },
      { teamId: TEAM, channelId: DEFAULT_CHANNEL_ID, message: { ts: seed.slack_thread_ts! } },
    );
    const call = await eventually(() => t.slack.callsTo("chat.postEphemeral")[before]);
    expect(call.args).toMatchObject({ channel: DEFAULT_CHANNEL_ID, user: "U0ALICE0001", text: SEED_STATUS });
  });
});

describe("/sam export", () => {
  it("uploads the prospects with statuses, sent times and errors into the thread, formulas neutralised", async () => {
    const response = await t.driver.command("export c1", { teamId: TEAM });
    expect(ackText(response)).toBe("Preparing the export of *Status Seed*; it will appear in the campaign's thread.");
    const upload = await eventually(() => t.slack.uploads.find((u) => u.completed && u.thread_ts === seed.slack_thread_ts));
    expect(upload).toMatchObject({
      filename: "c1-prospects.csv",
      title: "Status Seed prospects",
      channel_id: DEFAULT_CHANNEL_ID,
      initial_comment: "Export of Status Seed requested by <@U0ALICE0001>: 8 prospects.",
    });
    // A UTF-8 byte order mark first, so that Excel reads the names right.
    expect([...upload.content!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(upload.content!.subarray(3).toString("utf8").split("\r\n")).toEqual([
      "first_name,last_name,linkedin_url,company_name,title,status,status_reason,connection_degree,messages_sent,last_sent_at,connection_accepted_at,replied_at,variants,errors",
      "Ann,Able,https://www.linkedin.com/in/ann-able/,Acme,CEO,messaging,,FIRST_DEGREE,1,2026-11-30T13:30:00.000Z,,,,",
      "Bob,Baker,https://www.linkedin.com/in/bob-baker/,,,messaging,,FIRST_DEGREE,1,2026-11-30T04:30:00.000Z,,,,",
      'Cat,Cole,https://www.linkedin.com/in/cat-cole/,"Cole, Cole & Co",,replied,,FIRST_DEGREE,1,2026-11-27T15:00:00.000Z,,2026-11-28T16:00:00.000Z,,',
      "Dan,Dee,https://www.linkedin.com/in/dan-dee/,,,failed,The recipient cannot receive messages,FIRST_DEGREE,0,,,,,direct_message_1: The recipient cannot receive messages",
      "Eve,Ein,https://www.linkedin.com/in/eve-ein/,,,pending,,,0,,,,,",
      "Fay,Fox,https://www.linkedin.com/in/fay-fox/,,,skipped,Not connected (SECOND_DEGREE) - messenger campaigns require existing connection,SECOND_DEGREE,0,,,,,",
      "Gus,Gee,https://www.linkedin.com/in/gus-gee/,,,messaging,,FIRST_DEGREE,1,2026-11-30T13:45:00.000Z,,,,",
      `'=1+2,'+Plus,https://www.linkedin.com/in/formula-person/,'@Acme,"'-Chief, Ops",connected,,FIRST_DEGREE,0,,2026-11-25T12:00:00.000Z,,,`,
      "",
    ]);
    // Nothing else was said in the thread, and the other campaign's thread got nothing.
    await settled(t);
    expect(t.slack.uploads.filter((u) => u.thread_ts === other.slack_thread_ts)).toEqual([]);
  });

  it("a campaign without prospects exports the header alone", async () => {
    await t.driver.command("export Empty Draft", { teamId: TEAM });
    const upload = await eventually(() => t.slack.uploads.find((u) => u.completed && u.thread_ts === empty.slack_thread_ts));
    expect(upload.initial_comment).toBe("Export of Empty draft requested by <@U0ALICE0001>: 0 prospects.");
    expect(upload.content!.toString("utf8")).toBe(
      "\uFEFFfirst_name,last_name,linkedin_url,company_name,title,status,status_reason,connection_degree,messages_sent,last_sent_at,connection_accepted_at,replied_at,variants,errors\r\n",
    );
  });
});

describe("/sam list", () => {
  it("lists the workspace's campaigns, newest first, with their handles and progress", async () => {
    expect(await answerText(t, "list", { teamId: TEAM })).toBe(
      [
        "*Campaigns*",
        "`c3` *Empty draft* · connector · draft · 0 prospects · sent 0 · replied 0 · failed 0",
        "`c2` *Other on account* · connector · active · 1 prospects · sent 2 · replied 0 · failed 0",
        "`c1` *Status Seed* · messenger · active · 8 prospects · sent 4 · replied 1 · failed 1",
      ].join("\n"),
    );
  });

  it("a workspace without campaigns is told how to make one", async () => {
    expect(await answerText(t, "list", { teamId: "T0STATUSNEW" })).toBe(
      "No campaigns yet. Create one with `/sam new`.",
    );
  });
});
