// scoreLabels: accuracy, per-label precision/recall/F1 and macro-F1, checked against counts worked
// out by hand and against properties any scoring must have.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REPLY_LABELS, type ReplyLabel } from "../../src/classify/labels.js";
import { scoreLabels } from "../../src/classify/metrics.js";

describe("scoreLabels", () => {
  it("matches a small example worked out by hand", () => {
    // gold:      u u u i i o
    // predicted: u u o i u o
    const pairs: Array<{ gold: ReplyLabel; predicted: ReplyLabel }> = [
      { gold: "unsubscribe", predicted: "unsubscribe" },
      { gold: "unsubscribe", predicted: "unsubscribe" },
      { gold: "unsubscribe", predicted: "other" },
      { gold: "interested", predicted: "interested" },
      { gold: "interested", predicted: "unsubscribe" },
      { gold: "other", predicted: "other" },
    ];
    const s = scoreLabels(pairs);
    expect(s.accuracy).toBeCloseTo(4 / 6);
    expect(s.perLabel.unsubscribe.precision).toBeCloseTo(2 / 3);
    expect(s.perLabel.unsubscribe.recall).toBeCloseTo(2 / 3);
    expect(s.perLabel.interested.precision).toBe(1);
    expect(s.perLabel.interested.recall).toBe(0.5);
    expect(s.perLabel.other.precision).toBe(0.5);
    expect(s.perLabel.other.recall).toBe(1);
    // macro over the three labels present: (2/3 + 2/3 + 2/3) / 3
    expect(s.macroF1).toBeCloseTo(2 / 3);
    expect(s.confusion.unsubscribe.other).toBe(1);
  });

  it("gives 1 everywhere for perfect predictions and accuracy = share of agreements in general", () => {
    const label = fc.constantFrom(...REPLY_LABELS);
    fc.assert(
      fc.property(fc.array(fc.record({ gold: label, predicted: label }), { minLength: 1, maxLength: 60 }), (pairs) => {
        const s = scoreLabels(pairs);
        expect(s.accuracy).toBeCloseTo(pairs.filter((p) => p.gold === p.predicted).length / pairs.length);
        expect(s.macroF1).toBeGreaterThanOrEqual(0);
        expect(s.macroF1).toBeLessThanOrEqual(1);
        const perfect = scoreLabels(pairs.map((p) => ({ gold: p.gold, predicted: p.gold })));
        expect(perfect.accuracy).toBe(1);
        expect(perfect.macroF1).toBe(1);
      }),
    );
  });
});
