// What a report may say about one step's variants (issue 16, "Statistics that are honest about
// noise"). Either "too small to say", with why, or each variant's probability of having the best
// reply rate and the leader; both always say what was compared (which step, which variants, which
// counts), so a reader can tell the one comparison made from a fishing expedition.
import { describeLetters, VariantInputError, type VariantLetter } from "./letters.js";
import { checkOutcomes, type VariantOutcome } from "./outcomes.js";
import { formatProbability, formatRate } from "./format.js";
import { probabilityBest } from "./probability-best.js";

/** Below this many sends for any variant, nothing is concluded (issue 16). Thompson uses it too. */
export const MIN_SENDS_PER_VARIANT = 30;

export type StepVerdict =
  | { kind: "too-small"; compared: string; reason: string }
  | {
      kind: "estimate";
      compared: string;
      /** P(variant has the highest reply rate), in the input's order. */
      probabilities: Map<VariantLetter, number>;
      /** The most probable best; null when the top two are level (identical counts). */
      leader: VariantLetter | null;
      summary: string;
    };

export interface VerdictInput {
  /** Our own words for the step, e.g. "the connection note" or "follow-up 2". */
  stepLabel: string;
  outcomes: readonly VariantOutcome[];
  minSends?: number;
}

const LEVEL = 1e-9;

function listWords(words: readonly string[]): string {
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

export function verdict({
  stepLabel,
  outcomes,
  minSends = MIN_SENDS_PER_VARIANT,
}: VerdictInput): StepVerdict {
  checkOutcomes(outcomes);
  if (!Number.isInteger(minSends) || minSends < 1) {
    throw new VariantInputError(`minSends must be a whole number from 1; got ${minSends}.`);
  }
  const counts = outcomes.map(
    (o) => `${o.letter} ${o.replies}/${o.sends} (${formatRate(o.sends === 0 ? null : o.replies / o.sends)})`,
  );
  const compared = `Reply rate of ${stepLabel}, variants ${describeLetters(outcomes.map((o) => o.letter))}: ${counts.join(", ")}.`;

  const short = outcomes.filter((o) => o.sends < minSends);
  if (short.length > 0) {
    const who =
      short.length === 1
        ? `variant ${short[0]!.letter} has ${short[0]!.sends} sends`
        : `variants ${listWords(short.map((o) => o.letter))} have ${listWords(short.map((o) => String(o.sends)))} sends`;
    return {
      kind: "too-small",
      compared,
      reason: `Too small to say: ${who}; each needs at least ${minSends}.`,
    };
  }
  if (outcomes.every((o) => o.replies === 0)) {
    return { kind: "too-small", compared, reason: "Too small to say: no variant has a reply yet." };
  }

  const probabilities = probabilityBest(outcomes);
  const ranked = [...probabilities].sort((x, y) => y[1] - x[1]);
  const [first, second] = ranked as [[VariantLetter, number], [VariantLetter, number]];
  const leader = first[1] - second[1] > LEVEL ? first[0] : null;
  const each = ranked.map(([letter, p]) => `${letter} ${formatProbability(p)}`).join(", ");
  const summary =
    leader === null
      ? `No variant leads; probability of being best: ${each}.`
      : `${leader} is most likely the best (${formatProbability(first[1])}); probability of being best: ${each}.`;
  return { kind: "estimate", compared, probabilities, leader, summary };
}
