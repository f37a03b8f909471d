// Acceptance 4 of issue 14, an engine test: a reply asking to stop puts the person on the
// workspace's do-not-contact list at once and cancels every pending row for them in every
// campaign of the workspace — here two campaigns on two LinkedIn accounts, the second knowing
// them under another profile URL — and nothing is sent to them afterwards, while everyone else's
// sequence runs to its end. The real worker, the sandbox, the fake Slack, virtual time.
import { afterEach, describe, expect, it } from "vitest";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";
import { ALWAYS, launchMessenger, posted, prospect, webhooksDone } from "./helpers.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const SECOND = "sandbox-linkedin-2";
const rowsOf = (app: TestApp, prospectId: string) =>
  app.db.sql<
    { status: string }[]
  >`select status from send_queue where prospect_id = ${prospectId} order by step`.then((rows) =>
    rows.map((r) => r.status),
  );
const statusOf = async (app: TestApp, campaignId: string) =>
  (await app.db.sql`select status from campaigns where id = ${campaignId}`)[0]!.status as string;

describe("an unsubscribe reply", () => {
  it("lists the person and cancels their rows in two campaigns on two accounts; zero sends to them afterwards", async () => {
    t = await startTestApp();
    const app = t;
    const world = app.sandbox.world;
    world.addAccount({ id: SECOND, name: "Second LinkedIn account" });
    const zoeProviderId = world.people.meet("zoe-1st-silent").providerId;

    const a = await launchMessenger(app, ["zoe-1st-silent", "ben-1st-silent"], { name: "Campaign A" });
    // Campaign B, on the second account, knows Zoe by her provider-id profile URL.
    world.connect(SECOND, "zoe-1st-silent", new Date("2026-01-01T00:00:00Z"));
    world.connect(SECOND, "cleo-1st-silent", new Date("2026-01-01T00:00:00Z"));
    const { campaign: b } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      unipileAccountId: SECOND,
      name: "Campaign B",
      window: ALWAYS,
      templates: {
        connection_request: "Hello {first_name}",
        follow_up_messages: ["B follow-up one", "B follow-up two"],
        follow_up_delays: [2, 4],
      },
      prospects: [
        { identifier: zoeProviderId, firstName: "Zoe", lastName: "B" },
        { identifier: "cleo-1st-silent", firstName: "Cleo", lastName: "B" },
      ],
      account: { min_gap_minutes: 1, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
    });
    await app.driver.command(`launch c${b.handle}`);
    await eventually(async () => (await statusOf(app, b.id)) === "active");

    await drive(app, async () => {
      const [row] = await app.db
        .sql`select count(*)::int as n from send_queue where step = 0 and status = 'sent'`;
      return row!.n === 4;
    });
    await webhooksDone(app);
    const zoeA = await prospect(app, "zoe-1st-silent", a.id);
    const zoeB = await prospect(app, zoeProviderId, b.id);
    expect(zoeB.provider_id).toBe(zoeProviderId);
    expect(await rowsOf(app, zoeB.id)).toEqual(["sent", "pending", "pending"]);

    world.replyNow(
      zoeA.chat_id!,
      "Please remove me from your mailing list. I don't want to receive any more messages about this.",
    );
    const notice = await posted(app, "*P1 zoe* replied");
    expect(notice.text).toContain(
      "they asked to stop: no more messages, and they are on the do-not-contact list.",
    );
    await webhooksDone(app);

    const [label] = await app.db.sql`select label from conversation_messages where prospect_id = ${zoeA.id}`;
    expect(label!.label).toBe("unsubscribe");
    const listed = await app.db.sql`select key, provider_id, reason, added_by, source from do_not_contact`;
    expect(listed).toEqual([
      {
        key: "zoe-1st-silent",
        provider_id: zoeProviderId,
        reason: "replied asking to stop",
        added_by: null,
        source: "reply",
      },
    ]);
    expect(await rowsOf(app, zoeA.id)).toEqual(["sent", "cancelled", "cancelled"]);
    expect(await rowsOf(app, zoeB.id)).toEqual(["sent", "cancelled", "cancelled"]);

    // Everything else runs to its end; Zoe gets nothing more from either account.
    await drive(
      app,
      async () => (await statusOf(app, a.id)) === "completed" && (await statusOf(app, b.id)) === "completed",
    );
    const deliveries = app.sandbox.stats.deliveries.filter((d) => d.kind === "message");
    const to = (providerId: string | null) => deliveries.filter((d) => d.recipientProviderId === providerId);
    expect(to(zoeProviderId)).toHaveLength(2); // the two first messages, before she asked
    expect(to((await prospect(app, "ben-1st-silent", a.id)).provider_id)).toHaveLength(3);
    expect(to((await prospect(app, "cleo-1st-silent", b.id)).provider_id)).toHaveLength(3);
  });
});
