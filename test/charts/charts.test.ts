// Golden-image tests: each chart rendered from known figures must match its stored PNG under
// test/fixtures/charts within a small pixel tolerance, decode as an 800×400 PNG, and not be blank.
// To regenerate the goldens after an intended change of look: UPDATE_CHART_GOLDENS=1 npx vitest
// run test/charts/charts.test.ts — then look at the new images before committing them.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  type Chart,
  funnelChart,
  repliesByHourChart,
  replyRateChart,
  sendsPerDayChart,
} from "../../src/charts/index.js";
import {
  funnelFigures,
  repliesByHourFigures,
  replyRateFigures,
  sendsPerDayFigures,
  variantFigures,
} from "./sample-figures.js";
import { differingShare, inkOf, MAX_DIFFERING_SHARE } from "../support/png-compare.js";

const UPDATE = process.env.UPDATE_CHART_GOLDENS === "1";
const goldenPath = (name: string) =>
  fileURLToPath(new URL(`../fixtures/charts/${name}.png`, import.meta.url));

const charts: [string, () => Chart][] = [
  ["funnel", () => funnelChart(funnelFigures)],
  ["reply-rate-by-step", () => replyRateChart(replyRateFigures)],
  ["reply-rate-by-variant", () => replyRateChart(variantFigures)],
  ["sends-per-day", () => sendsPerDayChart(sendsPerDayFigures)],
  ["replies-by-hour", () => repliesByHourChart(repliesByHourFigures)],
];

describe("charts match their golden images", () => {
  for (const [name, render] of charts) {
    it(`${name} decodes as an 800×400 PNG with ink and matches test/fixtures/charts/${name}.png`, () => {
      const chart = render();
      const png = PNG.sync.read(chart.png);
      expect([png.width, png.height]).toEqual([800, 400]);
      expect([chart.width, chart.height]).toEqual([800, 400]);
      const { colours, inkShare } = inkOf(png);
      expect(colours).toBeGreaterThan(8);
      expect(inkShare).toBeGreaterThan(0.02);
      expect(inkShare).toBeLessThan(0.6);
      if (UPDATE) writeFileSync(goldenPath(name), chart.png);
      expect(existsSync(goldenPath(name)), `no golden for ${name}: run with UPDATE_CHART_GOLDENS=1`).toBe(
        true,
      );
      const golden = PNG.sync.read(readFileSync(goldenPath(name)));
      expect(differingShare(png, golden)).toBeLessThanOrEqual(MAX_DIFFERING_SHARE);
    });
  }

  it("the comparison catches a small change: one step's replies 61 → 70 differs from the golden", () => {
    const changed = replyRateChart({
      steps: replyRateFigures.steps.map((row) => (row.step === 1 ? { ...row, replied: 70 } : row)),
    });
    const golden = PNG.sync.read(readFileSync(goldenPath("reply-rate-by-step")));
    expect(differingShare(PNG.sync.read(changed.png), golden)).toBeGreaterThan(MAX_DIFFERING_SHARE);
  });

  it("renders the same bytes twice (nothing depends on time or the machine's fonts)", () => {
    expect(funnelChart(funnelFigures).png.equals(funnelChart(funnelFigures).png)).toBe(true);
  });
});

describe("text alternatives", () => {
  it("funnel: every stage with its count and its share of imported", () => {
    expect(funnelChart(funnelFigures).alt).toBe(
      "Funnel: Imported 1,200, Queued 1,150 (96%), Sent (first touch) 980 (82%), Accepted 412 (34%), " +
        "Replied 143 (12%), Interested 37 (3.1%), Meeting booked 12 (1.0%).",
    );
  });

  it("funnel: stages the campaign does not have are left out", () => {
    expect(
      funnelChart({
        imported: 10,
        queued: 10,
        sent: 4,
        accepted: null,
        replied: 1,
        interested: null,
        meetingBooked: null,
      }).alt,
    ).toBe("Funnel: Imported 10, Queued 10 (100%), Sent (first touch) 4 (40%), Replied 1 (10%).");
  });

  it("reply rate by step: rates with their sample sizes; a step with nothing sent says so", () => {
    expect(replyRateChart(replyRateFigures).alt).toBe(
      "Reply rate by step: Step 1: 6.2% (61 of 980); Step 2: 6.8% (52 of 760); Step 3: 5.6% (30 of 540); " +
        "Step 4: nothing sent.",
    );
  });

  it("reply rate by variant: each variant of each step", () => {
    expect(replyRateChart(variantFigures).alt).toBe(
      "Reply rate by step: Step 1: 6.2% (61 of 980); Step 2: 6.8% (52 of 760); Step 3: 5.6% (30 of 540); " +
        "Step 1 variant A: 5.1% (25 of 490); Step 1 variant B <short>: 7.3% (36 of 490); " +
        "Step 2 variant A: 7.9% (30 of 380); Step 2 variant B <short>: 5.8% (22 of 380); " +
        "Step 3 variant A: 5.6% (30 of 540).",
    );
  });

  it("sends per day: total, days at the cap, each day against its cap", () => {
    const alt = sendsPerDayChart({
      account: "Jane",
      days: [
        { date: "2026-11-24", sent: 20, cap: 20 },
        { date: "2026-11-23", sent: 12, cap: 20 },
      ],
    }).alt;
    expect(alt).toBe(
      "Sends per day for Jane, 2026-11-23 to 2026-11-24: 32 sent (1 of 2 days at the cap). " +
        "2026-11-23 12 of 20, 2026-11-24 20 of 20.",
    );
  });

  it("replies by hour: total, peak hours, every hour with replies", () => {
    const hours = Array.from({ length: 24 }, () => 0);
    hours[9] = 4;
    hours[14] = 4;
    hours[20] = 1;
    expect(repliesByHourChart({ hours, timeZone: "America/New_York" }).alt).toBe(
      "Replies by hour of day (America/New_York): 9 replies, most at 9:00 and 14:00 (4). 9:00 4, 14:00 4, 20:00 1.",
    );
    expect(repliesByHourChart({ hours: hours.map(() => 0), timeZone: "UTC" }).alt).toBe(
      "Replies by hour of day (UTC): no replies yet.",
    );
  });

  it("replies by hour refuses anything but 24 whole counts, naming what it got", () => {
    expect(() => repliesByHourChart({ hours: [1, 2, 3], timeZone: "UTC" })).toThrow(
      "replies by hour needs 24 whole counts, got 3",
    );
  });
});
