// Which variant each prospect of a step gets at launch (issue 16, "Assignment").
//
// Balanced: the prospects are dealt round-robin over the letters, so counts differ by at most one.
// Not the list order: they are dealt in a seeded shuffled order (Fisher–Yates), so the first rows
// of a CSV (often the best leads) are not all variant A. The letters are shuffled as well, so the
// one-extra prospects of an uneven split do not always go to A.
// Deterministic and independent between steps: the shuffle's stream comes from
// `stepSeed(campaignSeed, step)`; the same campaign, step and list give the same split, and each
// step's split is a different stream, not the previous step's split again.
import { checkVariantLetters, VariantInputError, type VariantLetter } from "./letters.js";
import { randomFor, shuffleInPlace } from "./prng.js";

/**
 * The seed of one step's split. `campaignSeed` is whatever the campaign stores (its id is enough:
 * it never changes); `step` is the step's position (0 = connection note or first message).
 */
export function stepSeed(campaignSeed: string, step: number): string {
  if (!Number.isInteger(step) || step < 0) {
    throw new VariantInputError(`Step must be a whole number from 0; got ${step}.`);
  }
  return `sam-variants/v1:${campaignSeed}:step-${step}`;
}

/**
 * One variant per prospect, in the order of `prospectIds` (ids in launch order, each once).
 * Same ids in the same order, letters, seed and earlier counts → the same result.
 *
 * `earlier` are the counts a step already has from an earlier run (a launch's continuation the
 * next day). When they differ by at most one, the letters behind are dealt first, so the totals
 * still differ by at most one: dealing N more gives each letter ⌊N/k⌋ plus one for the first
 * N mod k letters of the deal order.
 */
export function assignVariants(
  prospectIds: readonly string[],
  letters: readonly string[],
  seed: string,
  earlier: Partial<Record<VariantLetter, number>> = {},
): Map<string, VariantLetter> {
  checkVariantLetters(letters);
  const seen = new Set<string>();
  for (const id of prospectIds) {
    if (seen.has(id)) throw new VariantInputError(`Prospect ${id} is listed twice for one step.`);
    seen.add(id);
  }
  const random = randomFor(seed);
  // Array#sort is stable: among letters with equal counts the shuffled order stays.
  const dealOrder = shuffleInPlace([...letters], random).sort((a, b) => (earlier[a] ?? 0) - (earlier[b] ?? 0));
  const positions = shuffleInPlace(
    prospectIds.map((_, i) => i),
    random,
  );
  const byPosition: VariantLetter[] = new Array(prospectIds.length);
  positions.forEach((position, dealt) => {
    byPosition[position] = dealOrder[dealt % dealOrder.length]!;
  });
  return new Map(prospectIds.map((id, i) => [id, byPosition[i]!]));
}

/** How many prospects each letter got (every letter present, zero included). */
export function countByVariant(
  assignment: ReadonlyMap<string, VariantLetter>,
  letters: readonly VariantLetter[],
): Partial<Record<VariantLetter, number>> {
  const counts: Partial<Record<VariantLetter, number>> = Object.fromEntries(
    letters.map((letter) => [letter, 0]),
  );
  for (const letter of assignment.values()) counts[letter] = (counts[letter] ?? 0) + 1;
  return counts;
}
