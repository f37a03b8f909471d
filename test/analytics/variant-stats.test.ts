// Issue 16's per-variant metrics: the counts per step and variant from SQL on the seeded campaign
// (seed-c1.ts with variants), and the table and verdict from counts written by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { campaignStats } from "../../src/analytics/campaign-stats.js";
import { stepLabel, variantTables, variantTablesText } from "../../src/analytics/variant-stats.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { seedStatsCampaign } from "./seed-c1.js";

let db: TestDatabase;
let workspaceId: string;
let campaignId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const sql = db.sql;
  const [workspace] = await sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name) values ('T_VARIANTS', 'Variants') returning id`;
  workspaceId = workspace!.id;
  const [account] = await sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
    values (${workspaceId}, 'acc-variants', 'Jane', 'Europe/Paris') returning id`;
  const [campaign] = await sql<{ id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, account_id, message_templates, time_zone)
    values (${workspaceId}, 1, 'c1', 'connector', 'active', ${account!.id},
            ${sql.json({ connection_request: "Hi", follow_up_messages: ["FU1", "FU2"], follow_up_delays: [3, 5] })},
            'Europe/Paris') returning id`;
  campaignId = campaign!.id;
  await seedStatsCampaign(sql, { workspaceId, campaignId, accountId: account!.id }, { variants: true });
});

afterAll(async () => {
  await db?.drop();
});

describe("per-variant counts from SQL", () => {
  it("a reply counts for the variant of the last message sent before it; step 3 (no variants) is left out", async () => {
    const stats = (await campaignStats(db.sql, workspaceId, campaignId))!;
    // Invitations: A = p1, p3, p5, p11 (p1 and p3 accepted; p5 replied to it), B = p2, p4, p6, p12
    // (p2 and p4 accepted; p6 replied to it). Follow-up 1: A = p1, p3 (p3 replied, interested),
    // B = p2, p4 (p2 replied, no label). p1's reply came after follow-up 2, which has no variant.
    expect(stats.variantSteps).toEqual([
      { step: 1, variant: "A", sent: 4, accepted: 2, replied: 1, interested: 0 },
      { step: 1, variant: "B", sent: 4, accepted: 2, replied: 1, interested: 0 },
      { step: 2, variant: "A", sent: 2, accepted: null, replied: 1, interested: 1 },
      { step: 2, variant: "B", sent: 2, accepted: null, replied: 1, interested: 0 },
    ]);
    expect(stats.repliesLabelled).toBe(true);
  });

  it("the table says the sample is too small, and what was compared", async () => {
    const stats = (await campaignStats(db.sql, workspaceId, campaignId))!;
    const text = variantTablesText(variantTables(stats, "connector"));
    expect(text).toBe(
      [
        "*Variants of step 1* (the connection note)",
        "```Variant  Sent  Accepted    Replied     Interested",
        "A        4     2 (50.0 %)  1 (25.0 %)  0 (0.0 %)",
        "B        4     2 (50.0 %)  1 (25.0 %)  0 (0.0 %)```",
        "Too small to say: variants A and B have 4 and 4 sends; each needs at least 30. " +
          "Reply rate of the connection note, variants A and B: A 1/4 (25.0 %), B 1/4 (25.0 %).",
        "*Variants of step 2* (follow-up 1)",
        "```Variant  Sent  Replied     Interested",
        "A        2     1 (50.0 %)  1 (50.0 %)",
        "B        2     1 (50.0 %)  0 (0.0 %)```",
        "Too small to say: variants A and B have 2 and 2 sends; each needs at least 30. " +
          "Reply rate of follow-up 1, variants A and B: A 1/2 (50.0 %), B 1/2 (50.0 %).",
      ].join("\n"),
    );
  });
});

describe("the table from hand-written counts", () => {
  const figures = (rows: { step: number; variant: string; sent: number; replied: number; interested?: number }[]) => ({
    repliesLabelled: rows.some((row) => row.interested !== undefined),
    variantSteps: rows.map((row) => ({ accepted: null, interested: 0, ...row })),
  });

  it("10/100 against 20/100: B is best with probability 97.5 % (numerical integration: 0.97518), rates over sends", () => {
    const [table] = variantTables(
      figures([
        { step: 3, variant: "A", sent: 100, replied: 10, interested: 4 },
        { step: 3, variant: "B", sent: 100, replied: 20, interested: 5 },
      ]),
      "messenger",
    );
    expect(table!.label).toBe("follow-up 2");
    expect(table!.rows).toEqual([
      { letter: "A", sent: 100, replied: { count: 10, rate: 0.1 }, interested: { count: 4, rate: 0.04 } },
      { letter: "B", sent: 100, replied: { count: 20, rate: 0.2 }, interested: { count: 5, rate: 0.05 } },
    ]);
    const verdict = table!.verdict!;
    expect(verdict.kind).toBe("estimate");
    if (verdict.kind !== "estimate") return;
    expect(verdict.leader).toBe("B");
    expect(verdict.probabilities.get("B")).toBeCloseTo(0.97518, 3);
    expect(variantTablesText([table!])).toContain(
      "B is most likely the best (98 %); probability of being best: B 98 %, A 2 %. " +
        "Reply rate of follow-up 2, variants A and B: A 10/100 (10.0 %), B 20/100 (20.0 %).",
    );
  });

  it("a step where only A has gone out yet has nothing to compare", () => {
    const [table] = variantTables(figures([{ step: 1, variant: "A", sent: 12, replied: 1 }]), "messenger");
    expect(table!.verdict).toBeNull();
    expect(variantTablesText([table!])).toContain("Only variant A has been sent so far: nothing to compare yet.");
  });

  it("no variants: no table", () => {
    expect(variantTables(figures([]), "connector")).toEqual([]);
    expect(stepLabel(1, "messenger")).toBe("the first message");
    expect(stepLabel(1, "connector")).toBe("the connection note");
  });
});
