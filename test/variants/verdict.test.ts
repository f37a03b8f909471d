// Issue 16, acceptance 4's "small samples say so", and what each report says it compared.
import { describe, expect, it } from "vitest";
import { formatProbability, formatRate } from "../../src/variants/format.js";
import { describeLetters } from "../../src/variants/letters.js";
import { variantRates } from "../../src/variants/rates.js";
import { MIN_SENDS_PER_VARIANT, verdict } from "../../src/variants/verdict.js";

describe("verdict", () => {
  it("gives the probabilities and the leader, and names the step, the variants and the counts", () => {
    const result = verdict({
      stepLabel: "follow-up 2",
      outcomes: [
        { letter: "A", sends: 300, replies: 30 },
        { letter: "B", sends: 300, replies: 45 },
      ],
    });
    expect(result.kind).toBe("estimate");
    if (result.kind !== "estimate") return;
    expect(result.compared).toBe(
      "Reply rate of follow-up 2, variants A and B: A 30/300 (10.0 %), B 45/300 (15.0 %).",
    );
    expect(result.leader).toBe("B");
    // 0.96744 by the closed form in probability-best.test.ts.
    expect(result.probabilities.get("B")).toBeCloseTo(0.96744, 5);
    expect(result.summary).toBe(
      "B is most likely the best (97 %); probability of being best: B 97 %, A 3 %.",
    );
  });

  it("says too small when a variant has fewer than 30 sends, naming it", () => {
    expect(MIN_SENDS_PER_VARIANT).toBe(30);
    const result = verdict({
      stepLabel: "the connection note",
      outcomes: [
        { letter: "A", sends: 29, replies: 9 },
        { letter: "B", sends: 300, replies: 3 },
        { letter: "C", sends: 30, replies: 1 },
      ],
    });
    expect(result).toEqual({
      kind: "too-small",
      compared:
        "Reply rate of the connection note, variants A–C: A 9/29 (31.0 %), B 3/300 (1.0 %), C 1/30 (3.3 %).",
      reason: "Too small to say: variant A has 29 sends; each needs at least 30.",
    });
    const two = verdict({
      stepLabel: "the first message",
      outcomes: [
        { letter: "A", sends: 0, replies: 0 },
        { letter: "B", sends: 31, replies: 3 },
        { letter: "D", sends: 5, replies: 0 },
      ],
    });
    expect(two.kind === "too-small" && two.reason).toBe(
      "Too small to say: variants A and D have 0 and 5 sends; each needs at least 30.",
    );
    expect(two.compared).toContain("variants A, B and D");
    expect(two.compared).toContain("A 0/0 (–)");
  });

  it("says too small while no variant has a reply, however many sends", () => {
    const result = verdict({
      stepLabel: "follow-up 1",
      outcomes: [
        { letter: "A", sends: 500, replies: 0 },
        { letter: "B", sends: 500, replies: 0 },
      ],
    });
    expect(result.kind === "too-small" && result.reason).toBe(
      "Too small to say: no variant has a reply yet.",
    );
  });

  it("names no leader between identical variants, and honours another minimum", () => {
    const level = verdict({
      stepLabel: "follow-up 1",
      outcomes: [
        { letter: "A", sends: 40, replies: 2 },
        { letter: "B", sends: 40, replies: 2 },
      ],
    });
    expect(level.kind === "estimate" && level.leader).toBeNull();
    expect(level.kind === "estimate" && level.summary).toBe(
      "No variant leads; probability of being best: A 50 %, B 50 %.",
    );
    const lower = verdict({
      stepLabel: "follow-up 1",
      minSends: 10,
      outcomes: [
        { letter: "A", sends: 10, replies: 1 },
        { letter: "B", sends: 12, replies: 5 },
      ],
    });
    expect(lower.kind === "estimate" && lower.leader).toBe("B");
    expect(() =>
      verdict({
        stepLabel: "x",
        minSends: 0,
        outcomes: [
          { letter: "A", sends: 1, replies: 0 },
          { letter: "B", sends: 1, replies: 0 },
        ],
      }),
    ).toThrow("minSends must be a whole number from 1; got 0.");
  });
});

describe("variantRates", () => {
  it("divides every count by the messages sent with that variant", () => {
    expect(
      variantRates([
        { letter: "A", sent: 200, accepted: 80, replied: 20, interested: 5 },
        { letter: "B", sent: 0, accepted: 0, replied: 0, interested: 0 },
      ]),
    ).toEqual([
      {
        letter: "A",
        sent: 200,
        accepted: { count: 80, rate: 0.4 },
        replied: { count: 20, rate: 0.1 },
        interested: { count: 5, rate: 0.025 },
      },
      {
        letter: "B",
        sent: 0,
        accepted: { count: 0, rate: null },
        replied: { count: 0, rate: null },
        interested: { count: 0, rate: null },
      },
    ]);
  });

  it("leaves out accepted and interested when the step has none (a message, no classification)", () => {
    const [a] = variantRates([
      { letter: "A", sent: 10, replied: 1 },
      { letter: "B", sent: 10, replied: 2 },
    ]);
    expect(a).toEqual({ letter: "A", sent: 10, replied: { count: 1, rate: 0.1 } });
  });

  it("refuses impossible counts, naming the variant and the field", () => {
    const ok = { letter: "B" as const, sent: 1, replied: 0 };
    expect(() => variantRates([{ letter: "A", sent: 10, replied: 11 }, ok])).toThrow(
      "Variant A: replied (11) cannot exceed sent (10).",
    );
    expect(() => variantRates([{ letter: "A", sent: 10, replied: 2, interested: 3 }, ok])).toThrow(
      "Variant A: interested (3) cannot exceed replied (2).",
    );
    expect(() => variantRates([{ letter: "A", sent: 10, accepted: 11, replied: 0 }, ok])).toThrow(
      "Variant A: accepted (11) cannot exceed sent (10).",
    );
    expect(() => variantRates([{ letter: "A", sent: -1, replied: 0 }, ok])).toThrow(
      "Variant A: sent must be a whole number from 0; got -1.",
    );
  });
});

describe("formatting", () => {
  it("never writes a probability as 0 % or 100 %", () => {
    expect(formatProbability(0)).toBe("< 1 %");
    expect(formatProbability(0.004)).toBe("< 1 %");
    expect(formatProbability(0.01)).toBe("1 %");
    expect(formatProbability(0.4949)).toBe("49 %");
    expect(formatProbability(0.99)).toBe("99 %");
    expect(formatProbability(0.995)).toBe("> 99 %");
    expect(formatProbability(1)).toBe("> 99 %");
    expect(formatRate(null)).toBe("–");
    expect(formatRate(1 / 3)).toBe("33.3 %");
  });

  it("describes the compared letters", () => {
    expect(describeLetters(["B", "A"])).toBe("A and B");
    expect(describeLetters(["A", "B", "C", "D"])).toBe("A–D");
    expect(describeLetters(["B", "C", "D"])).toBe("B–D");
    expect(describeLetters(["A", "C", "D"])).toBe("A, C and D");
  });
});
