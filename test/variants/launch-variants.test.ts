// Issue 16, acceptance 3: 1,000 prospects with a 3-variant first message (and a 2-variant second
// follow-up) launched through `/sam launch`, the real launch job and the Unipile sandbox on real
// PostgreSQL: each step's split is balanced within one, the same seed (the campaign) gives the
// same split when launched again, and each message the sandbox received is the text of the
// variant stored on its row. The campaign starts on a Saturday outside its weekday window, so
// nothing is sent until the test opens the window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { exportRows } from "../../src/commands/export.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";

const PROSPECTS = 1_000;
const SLOW_MS = 120_000;
const TEXTS = {
  A: "Hi {first_name}, variant A",
  B: "Hello {first_name}, this is B",
  C: "Hey {first_name}: C here",
};

let t: TestApp;
let campaign: Campaign;
beforeAll(async () => {
  t = await startTestApp({ clock: new Clock(new Date("2026-11-28T15:00:00Z"), 0) });
  const people = Array.from({ length: PROSPECTS }, (_, i) => `variant-person-${i}`);
  for (const identifier of people) t.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
  ({ campaign } = await draftCampaign(t.db.sql, {
    teamId: t.slack.teamId,
    templates: {
      connection_request: TEXTS.A,
      follow_up_messages: ["Following up", "Second follow-up, A"],
      follow_up_delays: [3, 5],
      variants: [[TEXTS.B, TEXTS.C], [], ["Second follow-up, B"]],
    },
    prospects: people.map((identifier, i) => ({ identifier, firstName: `P${i}` })),
    account: { daily_message_cap: 45, min_gap_minutes: 0, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
  }));
}, SLOW_MS);
afterAll(() => t?.stop());

interface Split {
  prospect_id: string;
  step: number;
  variant: string | null;
}

async function launchAndRead(): Promise<Split[]> {
  await t.driver.command(`launch c${campaign.handle}`);
  await eventually(async () => {
    const [row] = await t.db.sql<{ status: string }[]>`select status from campaigns where id = ${campaign.id}`;
    return row!.status === "active";
  }, SLOW_MS);
  return t.db.sql<Split[]>`
    select prospect_id, step, variant from send_queue where campaign_id = ${campaign.id} order by prospect_id, step`;
}

const countsOf = (split: Split[], step: number) => {
  const counts: Record<string, number> = {};
  for (const row of split.filter((candidate) => candidate.step === step)) counts[row.variant ?? "none"] = (counts[row.variant ?? "none"] ?? 0) + 1;
  return counts;
};

describe("variants at launch (acceptance 3)", () => {
  let first: Split[];
  it("balances each step with variants within one, and leaves steps without variants unassigned", async () => {
    first = await launchAndRead();
    expect(first).toHaveLength(PROSPECTS * 3);
    const step0 = countsOf(first, 0);
    expect(Object.keys(step0).sort()).toEqual(["A", "B", "C"]);
    expect(Object.values(step0).reduce((a, b) => a + b, 0)).toBe(PROSPECTS);
    expect(Math.max(...Object.values(step0)) - Math.min(...Object.values(step0))).toBeLessThanOrEqual(1);
    expect(countsOf(first, 1)).toEqual({ none: PROSPECTS });
    expect(countsOf(first, 2)).toEqual({ A: 500, B: 500 });
    // Not the list order: the first third of the CSV is not all one letter.
    const bySource = await t.db.sql<{ variant: string }[]>`
      select q.variant from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.campaign_id = ${campaign.id} and q.step = 0 order by p.source_row limit 333`;
    expect(new Set(bySource.map((row) => row.variant)).size).toBe(3);
    // `/sam export` shows each prospect's letters, one cell per prospect.
    const exported = await exportRows(t.db.sql, campaign.id);
    const column = exported[0]!.indexOf("variants");
    expect(column).toBeGreaterThan(0);
    expect(exported.slice(1).every((row) => /^direct_message_1: [ABC]; direct_message_3: [AB]$/.test(row[column]!))).toBe(true);
  }, SLOW_MS);

  it("gives the same split when the same campaign (the seed) is launched again", async () => {
    await t.db.sql`delete from send_queue where campaign_id = ${campaign.id}`;
    await t.db.sql`update campaign_prospects set status = 'pending', updated_at = now() where campaign_id = ${campaign.id}`;
    await t.db.sql`update campaigns set status = 'draft', launch_result = null, launched_at = null where id = ${campaign.id}`;
    const again = await launchAndRead();
    expect(again).toEqual(first);
  }, SLOW_MS);

  it("sends each prospect the text of the variant on its row", async () => {
    // Open the window (every day, all day) and let the worker send the first day's 45 messages (its cap).
    await t.db.sql`update campaigns set sending_days = '{1,2,3,4,5,6,7}', window_start = '00:00', window_end = '24:00'
                   where id = ${campaign.id}`;
    const sent = async () => {
      const [row] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from send_queue where campaign_id = ${campaign.id} and status = 'sent'`;
      return row!.n;
    };
    await drive(t, async () => (await sent()) >= 45, { maxStepMs: 3_600_000 });
    const rows = await t.db.sql<{ variant: string; first_name: string; provider_id: string; sent_text: string }[]>`
      select q.variant, p.first_name, p.provider_id, q.sent_text from send_queue q join campaign_prospects p on p.id = q.prospect_id
      where q.campaign_id = ${campaign.id} and q.status = 'sent' and q.step = 0`;
    expect(rows.length).toBeGreaterThanOrEqual(45);
    const delivered = new Map(
      t.sandbox.stats.deliveries.filter((delivery) => delivery.kind === "message").map((delivery) => [delivery.recipientProviderId, delivery.text]),
    );
    const expected = (variant: string, firstName: string) =>
      TEXTS[variant as keyof typeof TEXTS].replace("{first_name}", firstName);
    for (const row of rows) {
      expect(delivered.get(row.provider_id)).toBe(expected(row.variant, row.first_name));
      expect(row.sent_text).toBe(expected(row.variant, row.first_name));
    }
    // Every variant was really sent, not just one.
    expect(new Set(rows.map((row) => row.variant))).toEqual(new Set(["A", "B", "C"]));
  }, SLOW_MS);
});
