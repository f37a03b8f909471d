// A/B/n message variants of a campaign step (issue 16): pure functions of their arguments (no
// clock, no I/O, no Math.random). The launch, the send, `/sam stats` and the form call these.
export { assignVariants, countByVariant, stepSeed } from "./assign.js";
export { formatProbability, formatRate } from "./format.js";
export {
  checkVariantLetters,
  describeLetters,
  VARIANT_LETTERS,
  VariantInputError,
  type VariantLetter,
} from "./letters.js";
export type { VariantOutcome } from "./outcomes.js";
export { allTexts, type StepTemplates, stepLetters, variantText } from "./step-texts.js";
export { probabilityBest } from "./probability-best.js";
export { type Rate, type VariantStepCounts, type VariantStepRates, variantRates } from "./rates.js";
export {
  type ArmState,
  assignmentShares,
  DEFAULT_FLOOR,
  type NextVariantDecision,
  type NextVariantInput,
  nextVariant,
} from "./thompson.js";
export { MIN_SENDS_PER_VARIANT, type StepVerdict, type VerdictInput, verdict } from "./verdict.js";
