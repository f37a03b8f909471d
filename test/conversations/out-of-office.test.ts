// Acceptance 5 of issue 14, an engine test: an out-of-office reply does not stop the sequence;
// with a return date ("back on …" in English, French, German, Spanish) the next follow-up goes
// at the first sending slot at least one business day after it, without one 7 days later; the
// thread says so. Realistic auto-replies through the real classifier and return-date reader.
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.js";
import { draftCampaign } from "../support/campaigns.js";
import { drive } from "../support/drive.js";
import { eventually } from "../support/app.js";
import { firstMessagesSent, posted, prospect, webhooksDone } from "./helpers.js";

let t: TestApp | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const ZONE = "Europe/Paris";
const OFFICE = { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5], holidayCountry: null };
const paris = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toJSDate();

// The clock starts Monday 30 November 2026, 15:00 in Paris.
const CASES = [
  {
    who: "ana-1st-silent",
    text: "Thank you for your message. I am out of the office and back on 12 January with limited access to email until then.",
    // Tuesday 12 January → Wednesday 13 January, 09:00.
    back: "Tue 12 Jan 2027",
    earliest: paris("2027-01-13T09:00"),
  },
  {
    who: "ben-1st-silent",
    text: "Bonjour, je suis absent du bureau jusqu'au 14 janvier inclus. Je serai de retour le 14 janvier et vous répondrai dès que possible.",
    back: "Thu 14 Jan 2027",
    earliest: paris("2027-01-15T09:00"),
  },
  {
    who: "cara-1st-silent",
    text: "Vielen Dank für Ihre Nachricht. Ich bin im Urlaub und ab dem 18.01. wieder erreichbar. In dringenden Fällen wenden Sie sich bitte an meine Kollegin.",
    back: "Mon 18 Jan 2027",
    earliest: paris("2027-01-19T09:00"),
  },
  {
    who: "dani-1st-silent",
    text: "Hola, estoy fuera de la oficina de vacaciones. Estaré de vuelta el 15 de enero. Gracias.",
    // Friday 15 January → the next business day is Monday 18 January.
    back: "Fri 15 Jan 2027",
    earliest: paris("2027-01-18T09:00"),
  },
] as const;

async function followUp(app: TestApp, prospectId: string) {
  const [row] = await app.db.sql<
    { status: string; not_before: Date | null; scheduled_for: Date; sent_at: Date | null }[]
  >`
    select status, not_before, scheduled_for, sent_at from send_queue where prospect_id = ${prospectId} and step = 1`;
  return row!;
}

describe("an out-of-office reply", () => {
  it("with a return date in each language: the sequence goes on, the next follow-up after that date at the first slot a business day later", async () => {
    t = await startTestApp();
    const app = t;
    for (const c of CASES)
      app.sandbox.world.connect("sandbox-linkedin-1", c.who, new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: OFFICE,
      timeZone: ZONE,
      templates: {
        connection_request: "Hi {first_name}!",
        follow_up_messages: ["Follow-up one", "Follow-up two"],
        follow_up_delays: [3, 5],
      },
      prospects: CASES.map((c, i) => ({
        identifier: c.who,
        firstName: `P${i + 1}`,
        lastName: c.who.split("-")[0],
      })),
      account: { min_gap_minutes: 1, follow_up_min_gap_minutes: 0, jitter_fraction: 0, time_zone: ZONE },
    });
    await app.driver.command(`launch c${campaign.handle}`);
    await eventually(
      async () =>
        (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active",
    );
    await firstMessagesSent(app, campaign.id, CASES.length);

    for (const [i, c] of CASES.entries()) {
      const p = await prospect(app, c.who);
      app.sandbox.world.replyNow(p.chat_id!, c.text);
      const notice = await posted(app, `*P${i + 1} ${c.who.split("-")[0]}* replied`);
      const when = DateTime.fromJSDate(c.earliest).setZone(ZONE).toFormat("ccc d LLL yyyy HH:mm ZZZZ");
      expect(notice.text).toContain(
        `is out of office until ${c.back}; the next follow-up waits until ${when} at the earliest.`,
      );
    }
    await webhooksDone(app);
    for (const c of CASES) {
      const p = await prospect(app, c.who);
      expect(p.status).toBe("messaging");
      const [stored] = await app.db.sql`select label from conversation_messages where prospect_id = ${p.id}`;
      expect(stored!.label).toBe("out_of_office");
      const row = await followUp(app, p.id);
      expect(row.status).toBe("pending");
      expect(row.scheduled_for.getTime()).toBeGreaterThanOrEqual(c.earliest.getTime());
    }

    // The follow-ups go out, each at or after its earliest slot (and the chat check before each
    // sees the out-of-office reply and lets it go).
    await drive(app, async () => {
      const [row] = await app.db
        .sql`select count(*)::int as n from send_queue where campaign_id = ${campaign.id} and step = 1 and status = 'sent'`;
      return row!.n === CASES.length;
    });
    for (const c of CASES) {
      const row = await followUp(app, (await prospect(app, c.who)).id);
      expect(row.sent_at!.getTime()).toBeGreaterThanOrEqual(c.earliest.getTime());
      // The first slot: the same morning, not days later.
      expect(row.sent_at!.getTime()).toBeLessThan(c.earliest.getTime() + 8 * 3_600_000);
    }
  });

  it("without a return date: the next follow-up waits 7 days", async () => {
    t = await startTestApp();
    const app = t;
    app.sandbox.world.connect("sandbox-linkedin-1", "eve-1st-silent", new Date("2026-01-01T00:00:00Z"));
    const { campaign } = await draftCampaign(app.db.sql, {
      teamId: app.slack.teamId,
      window: OFFICE,
      timeZone: ZONE,
      templates: {
        connection_request: "Hi {first_name}!",
        follow_up_messages: ["Follow-up one"],
        follow_up_delays: [3],
      },
      prospects: [{ identifier: "eve-1st-silent", firstName: "Eve", lastName: "Martin" }],
      account: { min_gap_minutes: 1, follow_up_min_gap_minutes: 0, jitter_fraction: 0, time_zone: ZONE },
    });
    await app.driver.command(`launch c${campaign.handle}`);
    await eventually(
      async () =>
        (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active",
    );
    await firstMessagesSent(app, campaign.id, 1);
    const eve = await prospect(app, "eve-1st-silent");
    const repliedAt = app.clock.now();
    app.sandbox.world.replyNow(
      eve.chat_id!,
      "I'm currently out of the office with limited access to email. I will respond to your message as soon as possible.",
    );
    const notice = await posted(app, "*Eve Martin* replied");
    expect(notice.text).toContain("is out of office (no return date given); the next follow-up waits until");
    await webhooksDone(app);
    const held = await followUp(app, eve.id);
    expect(held.not_before!.getTime()).toBe(repliedAt.getTime() + 7 * 86_400_000);
    await drive(app, async () => (await followUp(app, eve.id)).status === "sent");
    const sent = await followUp(app, eve.id);
    expect(sent.sent_at!.getTime()).toBeGreaterThanOrEqual(repliedAt.getTime() + 7 * 86_400_000);
    // Not the 3 days the sequence alone would wait.
    expect((await prospect(app, "eve-1st-silent")).status).not.toBe("replied");
  });
});
