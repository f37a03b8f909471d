import { describe, expect, it } from "vitest";
import { planAccount } from "../../src/schedule/index.js";
import { newProspect, officeHours, rules, seededRandom } from "./builders.js";

describe("planAccount performance", () => {
  it("plans 10,000 prospects × 4 messages well within 3 s", () => {
    // Two campaigns on one account: a messenger campaign in New York and a connector campaign
    // in Berlin, 5,000 prospects each, first touch plus follow-ups after 3, 5 and 7 days. At
    // 20 messages a day the plan runs for years, so the follow-up backlog is the hard part.
    const sequences = Array.from({ length: 10_000 }, (_, index) =>
      index % 2 === 0
        ? newProspect("messenger", `m${index}`, [3, 5, 7], "first_message")
        : newProspect("connector", `c${index}`, [3, 5, 7], "invitation"),
    );
    // CPU time, not wall time: other work on a busy machine must not fail (or pass) this test.
    const started = process.cpuUsage();
    const planned = planAccount({
      now: new Date("2026-11-25T20:00:00Z"),
      account: rules(),
      history: [],
      campaigns: [
        { id: "messenger", window: officeHours({ holidayCountry: "US" }) },
        { id: "connector", window: officeHours({ timeZone: "Europe/Berlin", holidayCountry: "DE" }) },
      ],
      sequences,
      random: seededRandom(42),
    });
    const used = process.cpuUsage(started);
    const cpuMs = (used.user + used.system) / 1000;
    expect(planned).toHaveLength(40_000);
    expect(cpuMs).toBeLessThan(3_000);
  });
});
