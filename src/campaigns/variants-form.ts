// The Variants step of the New-campaign form (issue 16): texts B, C and D of each step, read from
// the Variants modal and checked with the main texts' rules (placeholders, the connection note's
// length). Errors are keyed by the variant's own block, so Slack shows each under its field.
import { cleanText } from "../safe-text.js";
import { characterCount, validateTemplate } from "../templates/template.js";
import { VARIANT_LETTERS, type VariantLetter } from "../variants/index.js";
import { NOTE_LIMIT } from "./campaign-form.js";

/** The extra letters a step can have; A is the step's usual text. */
export const EXTRA_LETTERS = VARIANT_LETTERS.slice(1) as readonly Exclude<VariantLetter, "A">[];

export const variantBlockId = (step: number, letter: VariantLetter) => `variant_${step}_${letter}`;

type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** B–D of each of `steps` steps, as typed ("" when left empty). */
export function readVariantsForm(values: StateValues, steps: number): string[][] {
  return Array.from({ length: steps }, (_, step) =>
    EXTRA_LETTERS.map((letter) => {
      const value = (values[variantBlockId(step, letter)]?.value as { value?: unknown } | undefined)?.value;
      return typeof value === "string" ? cleanText(value).trim() : "";
    }),
  );
}

export type VariantsCheck = { ok: true; variants: string[][] } | { ok: false; errors: Record<string, string> };

/**
 * Checks the typed variants: each with the main text's placeholder rules (`knownFields` as for the
 * main form), a connector's note (step 0) within LinkedIn's 300 characters, and letters filled in
 * order (a C without a B would be a gap in the split). The valid result lists, per step, only the
 * filled texts: [] for a step without variants.
 */
export function checkVariantsForm(
  typed: string[][],
  options: { knownFields: string[]; campaignType: "messenger" | "connector" },
): VariantsCheck {
  const errors: Record<string, string> = {};
  typed.forEach((texts, step) => {
    texts.forEach((text, i) => {
      const letter = EXTRA_LETTERS[i]!;
      const block = variantBlockId(step, letter);
      if (text === "") {
        const later = texts.slice(i + 1).findIndex((other) => other !== "");
        if (later >= 0) errors[variantBlockId(step, EXTRA_LETTERS[i + 1 + later]!)] = `Fill variant ${letter} first: letters go in order.`;
        return;
      }
      const problems = validateTemplate(text, options.knownFields);
      if (problems.length > 0) errors[block] = `Variant ${letter}: ${problems[0]}`;
      else if (step === 0 && options.campaignType === "connector" && characterCount(text) > NOTE_LIMIT) {
        errors[block] = `Variant ${letter} is a connection-request note: at most ${NOTE_LIMIT} characters (this one has ${characterCount(text)}).`;
      }
    });
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, variants: typed.map((texts) => texts.filter((text) => text !== "")) };
}

/**
 * Once launched, the letters stay those dealt at launch: a step's letter that has text keeps one,
 * and an empty letter stays empty. Errors are keyed by the variant's field; only texts may change.
 */
export function lettersChangedOnceLaunched(current: readonly (readonly string[])[] | undefined, typed: string[][]): Record<string, string> {
  const errors: Record<string, string> = {};
  typed.forEach((texts, step) => {
    texts.forEach((text, i) => {
      const letter = EXTRA_LETTERS[i]!;
      const had = (current?.[step]?.[i] ?? "") !== "";
      if (had && text === "") {
        errors[variantBlockId(step, letter)] = `Variant ${letter} cannot be removed once launched: the split was dealt at launch, and prospects hold this letter. Change its text instead.`;
      } else if (!had && text !== "") {
        errors[variantBlockId(step, letter)] = `Variant ${letter} cannot be added once launched: the split was dealt at launch.`;
      }
    });
  });
  return errors;
}
