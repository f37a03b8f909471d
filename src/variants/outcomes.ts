// A variant's result on one step, as the statistics read it: sends and replies (counts the caller
// computed; a reply counts for the last message sent before it). Checked once here so that every
// statistic refuses an impossible count with a sentence naming the variant.
import { checkVariantLetters, VariantInputError, type VariantLetter } from "./letters.js";

export interface VariantOutcome {
  letter: VariantLetter;
  sends: number;
  replies: number;
}

export function checkOutcomes(outcomes: readonly VariantOutcome[]): void {
  checkVariantLetters(outcomes.map((outcome) => outcome.letter));
  for (const { letter, sends, replies } of outcomes) {
    if (!Number.isInteger(sends) || sends < 0) {
      throw new VariantInputError(`Variant ${letter}: sends must be a whole number from 0; got ${sends}.`);
    }
    if (!Number.isInteger(replies) || replies < 0) {
      throw new VariantInputError(
        `Variant ${letter}: replies must be a whole number from 0; got ${replies}.`,
      );
    }
    if (replies > sends) {
      throw new VariantInputError(`Variant ${letter}: ${replies} replies cannot exceed ${sends} sends.`);
    }
  }
}

/** The uniform prior's posterior on the reply rate: Beta(1 + replies, 1 + sends − replies). */
export function posteriorOf(outcome: VariantOutcome): { a: number; b: number } {
  return { a: 1 + outcome.replies, b: 1 + outcome.sends - outcome.replies };
}
