// Caps are never exceeded whatever combination of ramp, brakes, sender pools and campaigns applies
// (issue 15, acceptance 3). The caps are recomputed here from the final plan by an oracle
// written apart from src/schedule/caps.ts (ramp value per sending day, each brake's effect), on
// luxon dates, and the gate is asked the same question at each planned instant.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AccountRules,
  checkSendGate,
  type BrakeKind,
  type CapBrake,
  type PastSend,
  planAccount,
  type ProspectSequence,
  type SendingWindow,
  type StepKind,
  type WarmUp,
} from "../../src/schedule/index.js";
import { assignByCapacity } from "../../src/launch/sender-pool.js";
import { DAY, MINUTE, seededRandom } from "./builders.js";
import { localDate, shiftDate } from "./oracle.js";

const ZONES = ["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"];
const dayNumberOf = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

const windowArb: fc.Arbitrary<SendingWindow> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    start: fc.integer({ min: 0, max: 20 }),
    length: fc.integer({ min: 1, max: 12 }),
    days: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 2 }),
  })
  .map(({ timeZone, start, length, days }) => ({
    timeZone,
    start: `${String(start).padStart(2, "0")}:00`,
    end: start + length >= 24 ? "24:00" : `${String(start + length).padStart(2, "0")}:00`,
    days,
    holidayCountry: null,
  }));

const scenarioArb = fc
  .record({
    now: fc.integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2027-12-01T00:00:00Z") }),
    timeZone: fc.constantFrom(...ZONES),
    dailyMessageCap: fc.integer({ min: 1, max: 30 }),
    dailyInvitationCap: fc.integer({ min: 1, max: 30 }),
    weeklyInvitationCap: fc.integer({ min: 1, max: 120 }),
    minGapMinutes: fc.integer({ min: 0, max: 40 }),
    followUpMinGapMinutes: fc.integer({ min: 0, max: 10 }),
    warmUp: fc.option(
      fc.record({
        startedDaysAgo: fc.integer({ min: 0, max: 40 }),
        lastsDays: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
        startInvitations: fc.integer({ min: 1, max: 8 }),
        startMessages: fc.integer({ min: 1, max: 12 }),
        stepInvitations: fc.integer({ min: 0, max: 4 }),
        stepMessages: fc.integer({ min: 0, max: 5 }),
        pastSendingDays: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 10 }),
      }),
      { nil: null },
    ),
    brakes: fc.array(
      fc.record({
        kind: fc.constantFrom<BrakeKind>("low_acceptance", "pending_invitations", "limit_signals"),
        fromDaysAgo: fc.integer({ min: 0, max: 10 }),
        lastsDays: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
      }),
      { maxLength: 3 },
    ),
    campaigns: fc.array(
      fc.record({
        window: windowArb,
        firstTouch: fc.constantFrom<StepKind>("first_message", "invitation"),
        prospects: fc.array(fc.array(fc.constantFrom(0.5, 1, 2, 3), { maxLength: 2 }), { maxLength: 25 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    history: fc.array(
      fc.record({
        minutesAgo: fc.integer({ min: 0, max: 8 * 24 * 60 }),
        kind: fc.constantFrom<PastSend["kind"]>("invitation", "message"),
      }),
      { maxLength: 12 },
    ),
    seed: fc.integer(),
  })
  .map((raw) => {
    const now = new Date(raw.now);
    const today = dayNumberOf(localDate(raw.timeZone, now));
    // An open-ended "stop invitations" brake would leave invitations nowhere to go: the app
    // always gives that brake an estimated end (src/accounts/health-brake.ts), so do we.
    const brakes: CapBrake[] = raw.brakes.map((brake) => ({
      kind: brake.kind,
      fromDay: today - brake.fromDaysAgo,
      untilDay:
        brake.lastsDays === null && brake.kind !== "pending_invitations"
          ? null
          : today - brake.fromDaysAgo + (brake.lastsDays ?? 5),
    }));
    const warmUp: WarmUp | null = raw.warmUp && {
      fromDay: today - raw.warmUp.startedDaysAgo,
      untilDay:
        raw.warmUp.lastsDays === null ? null : today - raw.warmUp.startedDaysAgo + raw.warmUp.lastsDays,
      startInvitations: raw.warmUp.startInvitations,
      startMessages: raw.warmUp.startMessages,
      stepInvitations: raw.warmUp.stepInvitations,
      stepMessages: raw.warmUp.stepMessages,
      // Days before the history (more than 8 days ago) from the database.
      sendingDays: raw.warmUp.pastSendingDays.map((ago) => today - 8 - ago),
    };
    const account: AccountRules = {
      timeZone: raw.timeZone,
      dailyMessageCap: raw.dailyMessageCap,
      dailyInvitationCap: raw.dailyInvitationCap,
      weeklyInvitationCap: raw.weeklyInvitationCap,
      minGapMinutes: raw.minGapMinutes,
      jitterFraction: 0.5,
      followUpMinGapMinutes: raw.followUpMinGapMinutes,
      warmUp,
      brakes,
    };
    const sequences: ProspectSequence[] = raw.campaigns.flatMap((campaign, c) =>
      campaign.prospects.map((delays, p) => ({
        campaignId: `c${c}`,
        prospectKey: `c${c}p${p}`,
        steps: [
          { rowId: `c${c}p${p}#0`, kind: campaign.firstTouch, delayDays: 0 },
          ...delays.map((delayDays, index) => ({
            rowId: `c${c}p${p}#${index + 1}`,
            kind: "follow_up" as const,
            delayDays,
          })),
        ],
      })),
    );
    const history: PastSend[] = raw.history.map(({ minutesAgo, kind }) => ({
      at: new Date(raw.now - minutesAgo * MINUTE),
      kind,
      isFirstTouch: kind === "invitation",
    }));
    return {
      now,
      account,
      history,
      campaigns: raw.campaigns.map((campaign, index) => ({ id: `c${index}`, window: campaign.window })),
      sequences,
      seed: raw.seed,
    };
  });

/** The oracle: caps on a local date from the account's settings and the dates it sends on. */
function oracleCaps(account: AccountRules, date: string, sendingDates: ReadonlySet<string>) {
  let messages = account.dailyMessageCap;
  let invitations = account.dailyInvitationCap;
  const day = dayNumberOf(date);
  const warmUp = account.warmUp;
  if (warmUp && day >= warmUp.fromDay && (warmUp.untilDay === null || day < warmUp.untilDay)) {
    let before = 0;
    for (let d = warmUp.fromDay; d < day; d++) if (sendingDates.has(isoOf(d))) before++;
    messages = Math.min(messages, warmUp.startMessages + before * warmUp.stepMessages);
    invitations = Math.min(invitations, warmUp.startInvitations + before * warmUp.stepInvitations);
  }
  const active = new Set(
    (account.brakes ?? [])
      .filter((brake) => day >= brake.fromDay && (brake.untilDay === null || day < brake.untilDay))
      .map((brake) => brake.kind),
  );
  const half = (cap: number) => (cap === 0 ? 0 : Math.max(1, Math.floor(cap / 2)));
  if (active.has("limit_signals")) {
    messages = half(messages);
    invitations = half(invitations);
  }
  if (active.has("low_acceptance")) invitations = half(invitations);
  if (active.has("pending_invitations")) invitations = 0;
  return { messages, invitations };
}

/** Checks a plan (and the account's history) against the oracle's caps of every local day and 7 days. */
function expectWithinCaps(
  account: AccountRules,
  history: readonly PastSend[],
  planned: ReturnType<typeof planAccount>,
) {
  const sends = [
    ...history.map((send) => ({ at: send.at, kind: send.kind, planned: false })),
    ...planned.map((send) => ({
      at: send.at,
      kind: send.kind === "invitation" ? ("invitation" as const) : ("message" as const),
      planned: true,
    })),
  ];
  const perDay = new Map<string, number>();
  const sendingDates = new Set<string>((account.warmUp?.sendingDays ?? []).map(isoOf));
  for (const send of sends) {
    const date = localDate(account.timeZone, send.at);
    sendingDates.add(date);
    perDay.set(`${send.kind}:${date}`, (perDay.get(`${send.kind}:${date}`) ?? 0) + 1);
  }
  for (const send of sends.filter((each) => each.planned)) {
    const date = localDate(account.timeZone, send.at);
    const caps = oracleCaps(account, date, sendingDates);
    const cap = send.kind === "invitation" ? caps.invitations : caps.messages;
    expect(perDay.get(`${send.kind}:${date}`), `${send.kind} on ${date}`).toBeLessThanOrEqual(cap);
    if (send.kind !== "invitation") continue;
    for (let weekEnd = 0; weekEnd < 7; weekEnd++) {
      let inWeek = 0;
      for (let back = 0; back < 7; back++)
        inWeek += perDay.get(`invitation:${shiftDate(date, weekEnd - back)}`) ?? 0;
      expect(inWeek).toBeLessThanOrEqual(account.weeklyInvitationCap);
    }
  }
}

describe("caps under random ramps, brakes and campaigns", () => {
  it("no account-local day exceeds its effective caps, no 7 days exceed the weekly invitation cap", () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const planned = planAccount({ ...scenario, random: seededRandom(scenario.seed) });
        expect(planned).toHaveLength(
          scenario.sequences.reduce((sum, sequence) => sum + sequence.steps.length, 0),
        );
        expectWithinCaps(scenario.account, scenario.history, planned);
      }),
      { numRuns: 200 },
    );
  });

  it("the claim-time gate never lets one more send break the effective caps of its day", () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.constantFrom<StepKind>("invitation", "first_message", "follow_up"),
        (scenario, minutesAhead, kind) => {
          const { account } = scenario;
          const now = new Date(scenario.now.getTime() + minutesAhead * MINUTE);
          const gate = checkSendGate({
            now,
            window: scenario.campaigns[0]!.window,
            account,
            history: scenario.history,
            kind,
          });
          if (!gate.ok) return;
          const date = localDate(account.timeZone, now);
          const sendKind = kind === "invitation" ? "invitation" : "message";
          const sendingDates = new Set<string>((account.warmUp?.sendingDays ?? []).map(isoOf));
          let sameDay = 0;
          for (const send of scenario.history) {
            const sentOn = localDate(account.timeZone, send.at);
            sendingDates.add(sentOn);
            if (sentOn === date && send.kind === sendKind) sameDay++;
          }
          const caps = oracleCaps(account, date, sendingDates);
          expect(sameDay + 1).toBeLessThanOrEqual(
            sendKind === "invitation" ? caps.invitations : caps.messages,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
  it("over a sender pool: prospects shared by capacity (assignByCapacity), every account still within its caps", () => {
    const poolArb = fc.record({
      accounts: fc.array(scenarioArb, { minLength: 2, maxLength: 3 }),
      prospects: fc.array(fc.array(fc.constantFrom(1, 2, 3), { maxLength: 2 }), {
        minLength: 1,
        maxLength: 30,
      }),
      firstTouch: fc.constantFrom<StepKind>("first_message", "invitation"),
    });
    fc.assert(
      fc.property(poolArb, ({ accounts, prospects, firstTouch }) => {
        // Each account's own campaigns, plus the pool campaign's prospects it is given at launch.
        const loads = accounts.map((scenario, index) => ({
          accountId: String(index),
          dailyCapacity: scenario.account.dailyInvitationCap,
          queued: scenario.sequences.length,
        }));
        const senders = assignByCapacity(loads, prospects.length);
        const poolWindow = accounts[0]!.campaigns[0]!.window;
        accounts.forEach((scenario, index) => {
          const mine: ProspectSequence[] = prospects.flatMap((delays, p) =>
            senders[p] === String(index)
              ? [
                  {
                    campaignId: "pool",
                    prospectKey: `pool-p${p}`,
                    steps: [
                      { rowId: `pool-p${p}#0`, kind: firstTouch, delayDays: 0 },
                      ...delays.map((delayDays, step) => ({
                        rowId: `pool-p${p}#${step + 1}`,
                        kind: "follow_up" as const,
                        delayDays,
                      })),
                    ],
                  },
                ]
              : [],
          );
          const sequences = [...scenario.sequences, ...mine];
          const campaigns = [...scenario.campaigns, { id: "pool", window: poolWindow }];
          const planned = planAccount({
            ...scenario,
            campaigns,
            sequences,
            random: seededRandom(scenario.seed),
          });
          expect(planned).toHaveLength(sequences.reduce((sum, sequence) => sum + sequence.steps.length, 0));
          expectWithinCaps(scenario.account, scenario.history, planned);
        });
        // Every pool prospect went to exactly one of the pool's accounts.
        expect(senders).toHaveLength(prospects.length);
      }),
      { numRuns: 100 },
    );
  });
});
