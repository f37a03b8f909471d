// Which texts a campaign step has (issue 16, migration 021): the step's usual text is variant A
// (`connection_request` for step 0, `follow_up_messages[n-1]` for step n) and
// `variants[step]`, when present, holds B, C and D in order. One reading of that layout, for the
// launch, the claim, the form and the import's placeholder check.
import { VARIANT_LETTERS, type VariantLetter } from "./letters.js";

export interface StepTemplates {
  connection_request: string;
  follow_up_messages: string[];
  variants?: string[][];
}

/** The letters of a step that has variants (A first), or [] for a step with one text. */
export function stepLetters(templates: StepTemplates, step: number): VariantLetter[] {
  const extra = (templates.variants?.[step] ?? []).filter((text) => text !== "");
  if (extra.length === 0) return [];
  return VARIANT_LETTERS.slice(0, 1 + Math.min(extra.length, VARIANT_LETTERS.length - 1));
}

/** The text of one variant of a step; A (or null) is the step's usual text. */
export function variantText(templates: StepTemplates, step: number, letter: VariantLetter | null): string {
  if (letter === null || letter === "A") {
    return step === 0 ? templates.connection_request : (templates.follow_up_messages[step - 1] ?? "");
  }
  return templates.variants?.[step]?.[VARIANT_LETTERS.indexOf(letter) - 1] ?? "";
}

/** Every text of every step, usual texts first: what placeholder checks must read. */
export function allTexts(templates: StepTemplates): string[] {
  return [templates.connection_request, ...templates.follow_up_messages, ...(templates.variants ?? []).flat()].filter(
    (text) => text !== "",
  );
}
