// Per-variant metrics of one step (issue 16, "Metrics per variant and step"): counts and rates.
// The caller counts; this checks the counts are possible and divides. Every rate is over the
// messages SENT with that variant, so the columns of one table compare like with like (lemlist
// and La Growth Machine report theirs over contacted people too); "accepted" exists only for a
// connection note and "interested" only when replies were classified.
import { checkVariantLetters, VariantInputError, type VariantLetter } from "./letters.js";

export interface VariantStepCounts {
  letter: VariantLetter;
  sent: number;
  /** Connection notes only: invitations accepted. */
  accepted?: number;
  /** Replies within the campaign counted for this step (the last message sent before each reply). */
  replied: number;
  /** Replies classified as interested, when classification ran. */
  interested?: number;
}

export interface Rate {
  count: number;
  /** count ÷ sent; null when nothing was sent. */
  rate: number | null;
}

export interface VariantStepRates {
  letter: VariantLetter;
  sent: number;
  accepted?: Rate;
  replied: Rate;
  interested?: Rate;
}

function checkCount(
  letter: VariantLetter,
  field: string,
  value: number,
  atMost: number,
  bound: string,
): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new VariantInputError(`Variant ${letter}: ${field} must be a whole number from 0; got ${value}.`);
  }
  if (value > atMost) {
    throw new VariantInputError(`Variant ${letter}: ${field} (${value}) cannot exceed ${bound} (${atMost}).`);
  }
}

export function variantRates(rows: readonly VariantStepCounts[]): VariantStepRates[] {
  checkVariantLetters(rows.map((row) => row.letter));
  return rows.map(({ letter, sent, accepted, replied, interested }) => {
    checkCount(letter, "sent", sent, Number.MAX_SAFE_INTEGER, "the largest count");
    checkCount(letter, "replied", replied, sent, "sent");
    if (accepted !== undefined) checkCount(letter, "accepted", accepted, sent, "sent");
    if (interested !== undefined) checkCount(letter, "interested", interested, replied, "replied");
    const rateOf = (count: number): Rate => ({ count, rate: sent === 0 ? null : count / sent });
    return {
      letter,
      sent,
      ...(accepted === undefined ? {} : { accepted: rateOf(accepted) }),
      replied: rateOf(replied),
      ...(interested === undefined ? {} : { interested: rateOf(interested) }),
    };
  });
}
