// Auto-optimise (issue 16): which variant the NEXT prospect of a step gets, when the campaign lets
// the split follow the replies. It only decides new assignments; earlier ones are the caller's
// rows and never change.
//
// 1. Until every variant has `minSends` sends (default 30), balanced: the variant with the fewest
//    assignments (ties broken by the seeded stream).
// 2. Then, the floor: every variant keeps at least `floor` (default 10 %) of assignments so that a
//    variant behind by bad luck keeps being measured and can recover. Chosen: reserved slots, not a
//    random coin. Of the assignments numbered n = 0, 1, 2, … (all of the step's, in order), slot n is
//    reserved when ⌊(n+1)·k·floor⌋ > ⌊n·k·floor⌋, i.e. a k·floor fraction of the slots evenly
//    spaced, and the reserved slots go round the variants in turn. With 3 variants and 10 %, 3 slots
//    in 10 are reserved and each variant gets one of every 10 assignments, whatever the replies
//    say: its share is ≥ 10 % in every stretch, not just on average (a coin would let a stretch
//    of 750 fall below 9 % for about one seed in five).
// 3. Other slots: Thompson sampling on the reply rate: one draw from each variant's posterior,
//    Beta(1 + replies, 1 + sends − replies), and the highest draw wins. So a variant gets about
//    P(it is best) of them, and the expected share of new assignments is
//    floor + (1 − k·floor) · P(best) (`assignmentShares`).
//
// Deterministic: the stream for slot n is `randomFor(seed + n)`, so the decision is a pure
// function of the step's seed and its counts; nothing but the counts needs storing, and the same
// seed with the same replies gives the same sequence.
import { gammaDraw } from "./gamma.js";
import { VariantInputError, type VariantLetter } from "./letters.js";
import { checkOutcomes, posteriorOf } from "./outcomes.js";
import { probabilityBest } from "./probability-best.js";
import { randomFor, randomIndex } from "./prng.js";
import { MIN_SENDS_PER_VARIANT } from "./verdict.js";

export const DEFAULT_FLOOR = 0.1;

export interface ArmState {
  letter: VariantLetter;
  /** Prospects given this variant for the step so far (sent or not). */
  assigned: number;
  /** Of those, messages sent. */
  sends: number;
  /** Replies counted for this variant's message. */
  replies: number;
}

export interface NextVariantInput {
  /** The step's seed, e.g. `stepSeed(campaignId, step)`. */
  seed: string;
  arms: readonly ArmState[];
  minSends?: number;
  floor?: number;
}

export interface NextVariantDecision {
  letter: VariantLetter;
  how: "balanced" | "floor" | "thompson";
}

function checkInput({ arms, minSends, floor }: Required<Omit<NextVariantInput, "seed">>): void {
  checkOutcomes(arms);
  for (const arm of arms) {
    if (!Number.isInteger(arm.assigned) || arm.assigned < arm.sends) {
      throw new VariantInputError(
        `Variant ${arm.letter}: assigned must be a whole number at least its ${arm.sends} sends; got ${arm.assigned}.`,
      );
    }
  }
  if (!Number.isInteger(minSends) || minSends < 0) {
    throw new VariantInputError(`minSends must be a whole number from 0; got ${minSends}.`);
  }
  if (!(floor >= 0 && floor * arms.length <= 1)) {
    throw new VariantInputError(
      `floor must be from 0 to 1/${arms.length} for ${arms.length} variants; got ${floor}.`,
    );
  }
}

const inBalancedPhase = (arms: readonly ArmState[], minSends: number) =>
  arms.some((arm) => arm.sends < minSends);

// How many of slots 0 … n−1 are reserved: ⌊n·k·floor⌋, with k·floor rounded to 9 decimals first
// so that float noise (3 × 0.1 = 0.30000000000000004) cannot move a slot.
function reservedBefore(n: number, k: number, floor: number): number {
  return Math.floor((n * Math.round(k * floor * 1e9)) / 1e9);
}

export function nextVariant({
  seed,
  arms,
  minSends = MIN_SENDS_PER_VARIANT,
  floor = DEFAULT_FLOOR,
}: NextVariantInput): NextVariantDecision {
  checkInput({ arms, minSends, floor });
  const n = arms.reduce((total, arm) => total + arm.assigned, 0);
  const random = randomFor(`${seed}:assignment-${n}`);
  if (inBalancedPhase(arms, minSends)) {
    const fewest = Math.min(...arms.map((arm) => arm.assigned));
    const candidates = arms.filter((arm) => arm.assigned === fewest);
    return { letter: candidates[randomIndex(random, candidates.length)]!.letter, how: "balanced" };
  }
  const k = arms.length;
  const reserved = reservedBefore(n, k, floor);
  if (reservedBefore(n + 1, k, floor) > reserved) {
    return { letter: arms[reserved % k]!.letter, how: "floor" };
  }
  let best = arms[0]!;
  let bestDraw = -1;
  for (const arm of arms) {
    const { a, b } = posteriorOf(arm);
    const x = gammaDraw(a, random);
    const draw = x / (x + gammaDraw(b, random));
    if (draw > bestDraw) {
      best = arm;
      bestDraw = draw;
    }
  }
  return { letter: best.letter, how: "thompson" };
}

/**
 * The expected share of the next assignments each variant gets from now on (for a report such as
 * "new prospects: A 10 %, B 21 %, C 69 %"). During the balanced phase, equal shares.
 */
export function assignmentShares({
  arms,
  minSends = MIN_SENDS_PER_VARIANT,
  floor = DEFAULT_FLOOR,
}: Omit<NextVariantInput, "seed">): Map<VariantLetter, number> {
  checkInput({ arms, minSends, floor });
  const k = arms.length;
  if (inBalancedPhase(arms, minSends)) return new Map(arms.map((arm) => [arm.letter, 1 / k]));
  const best = probabilityBest(arms);
  return new Map(arms.map((arm) => [arm.letter, floor + (1 - k * floor) * best.get(arm.letter)!]));
}
