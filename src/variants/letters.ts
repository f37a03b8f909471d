// The letters a step's variants are called by, and the one check every variants module applies
// to its input, so a bad call fails with a sentence naming what is wrong instead of a wrong split.

export const VARIANT_LETTERS = ["A", "B", "C", "D"] as const;
export type VariantLetter = (typeof VARIANT_LETTERS)[number];

/** Thrown for input no caller should pass; the message names the field and the value. */
export class VariantInputError extends Error {
  override readonly name = "VariantInputError";
}

/** A step has 2–4 variants, distinct letters from A–D (issue 16). */
export function checkVariantLetters(letters: readonly string[]): asserts letters is readonly VariantLetter[] {
  if (letters.length < 2 || letters.length > VARIANT_LETTERS.length) {
    throw new VariantInputError(`A step has 2 to 4 variants; got ${letters.length}.`);
  }
  const seen = new Set<string>();
  for (const letter of letters) {
    if (!(VARIANT_LETTERS as readonly string[]).includes(letter)) {
      throw new VariantInputError(`Variant letter "${letter}" is not one of A, B, C, D.`);
    }
    if (seen.has(letter)) throw new VariantInputError(`Variant ${letter} is listed twice.`);
    seen.add(letter);
  }
}

/** "A and B", "A–C", or "A, B and D": how a report says which variants it compared. */
export function describeLetters(letters: readonly VariantLetter[]): string {
  const sorted = [...letters].sort();
  if (sorted.length === 2) return `${sorted[0]} and ${sorted[1]}`;
  const first = VARIANT_LETTERS.indexOf(sorted[0]!);
  const contiguous = sorted.every((letter, i) => VARIANT_LETTERS[first + i] === letter);
  if (contiguous) return `${sorted[0]}–${sorted[sorted.length - 1]}`;
  return `${sorted.slice(0, -1).join(", ")} and ${sorted[sorted.length - 1]}`;
}
