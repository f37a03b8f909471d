import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccountRules,
  checkSendGate,
  type PastSend,
  type PlanInput,
  type PlannedSend,
  planAccount,
  type ProspectSequence,
  type SendingWindow,
  type StepKind,
} from "../../src/schedule/index.js";
import { DAY, MINUTE, seededRandom } from "./builders.js";
import { localDate, shiftDate, windowViolation } from "./oracle.js";

const ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"];
// The daylight-saving changes of 2026 and 2027 in those zones (Kolkata has none).
const DST_CHANGES = [
  "2026-03-08T07:00:00Z",
  "2026-11-01T06:00:00Z",
  "2027-03-14T07:00:00Z",
  "2027-11-07T06:00:00Z",
  "2026-03-29T01:00:00Z",
  "2026-10-25T01:00:00Z",
  "2027-03-28T01:00:00Z",
  "2027-10-31T01:00:00Z",
  "2026-04-04T16:00:00Z",
  "2026-10-03T16:00:00Z",
  "2027-04-03T16:00:00Z",
  "2027-10-02T16:00:00Z",
].map((iso) => new Date(iso).getTime());

const halfHour = (index: number) =>
  `${String(Math.floor(index / 2)).padStart(2, "0")}:${index % 2 === 0 ? "00" : "30"}`;

const windowArb: fc.Arbitrary<SendingWindow> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    startIndex: fc.integer({ min: 0, max: 46 }),
    length: fc.integer({ min: 1, max: 48 }),
    days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
    holidayCountry: fc.option(fc.constantFrom("US", "DE", "IN", "AU"), { nil: null }),
  })
  .map(({ timeZone, startIndex, length, days, holidayCountry }) => ({
    timeZone,
    start: halfHour(startIndex),
    end: halfHour(Math.min(48, startIndex + length)),
    days,
    holidayCountry,
  }));

const nowArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }))
    .map(([change, minutes]) => new Date(change + minutes * MINUTE)),
  fc
    .integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2027-12-31T00:00:00Z") })
    .map((ms) => new Date(ms)),
);

const rulesArb: fc.Arbitrary<AccountRules> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  dailyMessageCap: fc.integer({ min: 1, max: 25 }),
  dailyInvitationCap: fc.integer({ min: 1, max: 25 }),
  weeklyInvitationCap: fc.integer({ min: 1, max: 100 }),
  minGapMinutes: fc.integer({ min: 0, max: 90 }),
  jitterFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  followUpMinGapMinutes: fc.integer({ min: 0, max: 30 }),
});

const delayArb = fc.constantFrom(0.04, 0.5, 1, 2, 3, 5, 7, 10);

/** A prospect's full sequence, of which the first `alreadySent` steps went out before now. */
const prospectArb = fc.record({
  followUpDelays: fc.array(delayArb, { maxLength: 3 }),
  alreadySent: fc.integer({ min: 0, max: 3 }),
  sentDaysAgo: fc.double({ min: 0, max: 12, noNaN: true }),
  notBeforeDays: fc.option(fc.double({ min: 0, max: 6, noNaN: true }), { nil: undefined }),
});

const campaignArb = fc.record({
  window: windowArb,
  firstTouch: fc.constantFrom<StepKind>("first_message", "invitation"),
  prospects: fc.array(prospectArb, { maxLength: 12 }),
});

const historyArb = fc.array(
  fc.record({
    minutesAgo: fc.integer({ min: 0, max: 8 * 24 * 60 }),
    kind: fc.constantFrom<PastSend["kind"]>("invitation", "message"),
    isFirstTouch: fc.boolean(),
  }),
  { maxLength: 15 },
);

const scenarioArb = fc
  .record({
    now: nowArb,
    account: rulesArb,
    campaigns: fc.array(campaignArb, { minLength: 1, maxLength: 3 }),
    history: historyArb,
    seed: fc.integer(),
  })
  .map(({ now, account, campaigns, history, seed }) => {
    const sequences: ProspectSequence[] = [];
    campaigns.forEach((campaign, campaignIndex) => {
      campaign.prospects.forEach((prospect, prospectIndex) => {
        const key = `c${campaignIndex}p${prospectIndex}`;
        const steps = [
          { rowId: `${key}#1`, kind: campaign.firstTouch, delayDays: 0 },
          ...prospect.followUpDelays.map((delayDays, index) => ({
            rowId: `${key}#${index + 2}`,
            kind: "follow_up" as const,
            delayDays,
            ...(prospect.notBeforeDays !== undefined && index === 0
              ? { notBefore: new Date(now.getTime() + prospect.notBeforeDays * DAY) }
              : {}),
          })),
        ];
        const sent = Math.min(prospect.alreadySent, steps.length - 1);
        sequences.push({
          campaignId: `c${campaignIndex}`,
          prospectKey: key,
          steps: steps.slice(sent),
          ...(sent > 0 ? { previousSentAt: new Date(now.getTime() - prospect.sentDaysAgo * DAY) } : {}),
        });
      });
    });
    const input: Omit<PlanInput, "random"> & { seed: number } = {
      now,
      account,
      campaigns: campaigns.map((campaign, index) => ({ id: `c${index}`, window: campaign.window })),
      sequences,
      history: history.map(({ minutesAgo, kind, isFirstTouch }) => ({
        at: new Date(now.getTime() - minutesAgo * MINUTE),
        kind,
        isFirstTouch: kind === "invitation" ? true : isFirstTouch,
      })),
      seed,
    };
    return input;
  });

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const planOf = (scenario: Scenario) => planAccount({ ...scenario, random: seededRandom(scenario.seed) });
const RUNS = { numRuns: 150 };

/** Smallest distance between a planned instant and any other (planned or past) in the list. */
function closestPairInvolvingPlan(entries: Array<{ at: number; planned: boolean }>): number {
  const sorted = [...entries].sort((a, b) => a.at - b.at);
  let closest = Number.POSITIVE_INFINITY;
  for (let index = 1; index < sorted.length; index++) {
    const [before, after] = [sorted[index - 1]!, sorted[index]!];
    if (before.planned || after.planned) closest = Math.min(closest, after.at - before.at);
  }
  return closest;
}

describe("planAccount properties (random campaigns, zones, caps and DST dates)", () => {
  it("plans every remaining step exactly once, never before now", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const planned = planOf(scenario);
        const expected = scenario.sequences.flatMap((sequence) => sequence.steps.map((step) => step.rowId));
        expect(planned.map((send) => send.rowId).sort()).toEqual(expected.sort());
        for (const send of planned) expect(send.at.getTime()).toBeGreaterThanOrEqual(scenario.now.getTime());
      }),
      RUNS,
    );
  });

  it("puts every send inside its campaign's window: hours, days, holidays, no repeated hour", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const windows = new Map(scenario.campaigns.map((campaign) => [campaign.id, campaign.window]));
        for (const send of planOf(scenario)) {
          expect(windowViolation(windows.get(send.campaignId)!, send.at), send.at.toISOString()).toBeNull();
        }
      }),
      RUNS,
    );
  });

  it("keeps each account-local day under the caps, and every 7 days under the weekly invitation cap", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const { account } = scenario;
        const planned = planOf(scenario);
        const all = [
          ...scenario.history.map((send) => ({ ...send, planned: false })),
          ...planned.map((send) => ({
            at: send.at,
            kind: send.kind === "invitation" ? "invitation" : "message",
            planned: true,
          })),
        ];
        const perDay = new Map<string, number>();
        for (const send of all) {
          const key = `${send.kind}:${localDate(account.timeZone, send.at)}`;
          perDay.set(key, (perDay.get(key) ?? 0) + 1);
        }
        for (const send of all.filter((entry) => entry.planned)) {
          const date = localDate(account.timeZone, send.at);
          const cap = send.kind === "invitation" ? account.dailyInvitationCap : account.dailyMessageCap;
          expect(perDay.get(`${send.kind}:${date}`)).toBeLessThanOrEqual(cap);
          if (send.kind !== "invitation") continue;
          for (let weekEnd = 0; weekEnd < 7; weekEnd++) {
            let inWeek = 0;
            for (let back = 0; back < 7; back++) {
              inWeek += perDay.get(`invitation:${shiftDate(date, weekEnd - back)}`) ?? 0;
            }
            expect(inWeek).toBeLessThanOrEqual(account.weeklyInvitationCap);
          }
        }
      }),
      RUNS,
    );
  });

  it("spaces first touches by the minimum gap and any two sends by the account gap", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const planned = planOf(scenario);
        const past = scenario.history.map((send) => ({
          at: send.at.getTime(),
          planned: false,
          firstTouch: send.isFirstTouch,
        }));
        const ahead = planned.map((send) => ({
          at: send.at.getTime(),
          planned: true,
          firstTouch: send.kind !== "follow_up",
        }));
        const everything = [...past, ...ahead];
        expect(closestPairInvolvingPlan(everything)).toBeGreaterThanOrEqual(
          scenario.account.followUpMinGapMinutes * MINUTE,
        );
        expect(closestPairInvolvingPlan(everything.filter((send) => send.firstTouch))).toBeGreaterThanOrEqual(
          scenario.account.minGapMinutes * MINUTE,
        );
      }),
      RUNS,
    );
  });

  it("never sends a follow-up earlier than its delay after the previous message, or before notBefore", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const planned = new Map(planOf(scenario).map((send) => [send.rowId, send.at.getTime()]));
        for (const sequence of scenario.sequences) {
          let previous = sequence.previousSentAt?.getTime();
          for (const step of sequence.steps) {
            const at = planned.get(step.rowId)!;
            if (step.kind === "follow_up" && previous !== undefined) {
              expect(at).toBeGreaterThanOrEqual(previous + step.delayDays * DAY);
            }
            if (step.notBefore) expect(at).toBeGreaterThanOrEqual(step.notBefore.getTime());
            previous = at;
          }
        }
      }),
      RUNS,
    );
  });

  it("is deterministic for a given random seed", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        expect(planOf(scenario)).toEqual(planOf(scenario));
      }),
      { numRuns: 50 },
    );
  });

  it("agrees with the claim-time gate: each planned send is allowed when its time comes", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const windows = new Map(scenario.campaigns.map((campaign) => [campaign.id, campaign.window]));
        const sent: PastSend[] = [...scenario.history];
        for (const send of planOf(scenario) as PlannedSend[]) {
          const verdict = checkSendGate({
            now: send.at,
            window: windows.get(send.campaignId)!,
            account: scenario.account,
            history: sent,
            kind: send.kind,
          });
          expect(verdict, `${send.rowId} at ${send.at.toISOString()}`).toEqual({ ok: true });
          sent.push({
            at: send.at,
            kind: send.kind === "invitation" ? "invitation" : "message",
            isFirstTouch: send.kind !== "follow_up",
          });
        }
      }),
      { numRuns: 50 },
    );
  });
});
