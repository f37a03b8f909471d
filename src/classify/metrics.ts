// Accuracy, per-label precision/recall/F1 and macro-F1 of predicted labels against gold labels.
// Pure. A label that is neither predicted nor present has precision and recall 1 (nothing to get
// wrong) but is left out of the macro average, which covers the labels present in the gold set.
import { REPLY_LABELS, type ReplyLabel } from "./labels.js";

export interface LabelScores {
  support: number;
  predicted: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Scores {
  items: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<ReplyLabel, LabelScores>;
  /** confusion[gold][predicted] = count */
  confusion: Record<ReplyLabel, Record<ReplyLabel, number>>;
}

export function scoreLabels(pairs: ReadonlyArray<{ gold: ReplyLabel; predicted: ReplyLabel }>): Scores {
  const zeroRow = () => Object.fromEntries(REPLY_LABELS.map((l) => [l, 0])) as Record<ReplyLabel, number>;
  const confusion = Object.fromEntries(REPLY_LABELS.map((l) => [l, zeroRow()])) as Scores["confusion"];
  let correct = 0;
  for (const { gold, predicted } of pairs) {
    confusion[gold][predicted] += 1;
    if (gold === predicted) correct += 1;
  }
  const perLabel = {} as Record<ReplyLabel, LabelScores>;
  const present: number[] = [];
  for (const label of REPLY_LABELS) {
    const truePositive = confusion[label][label];
    const support = REPLY_LABELS.reduce((sum, p) => sum + confusion[label][p], 0);
    const predicted = REPLY_LABELS.reduce((sum, g) => sum + confusion[g][label], 0);
    const precision = predicted === 0 ? (support === 0 ? 1 : 0) : truePositive / predicted;
    const recall = support === 0 ? 1 : truePositive / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[label] = { support, predicted, precision, recall, f1 };
    if (support > 0) present.push(f1);
  }
  return {
    items: pairs.length,
    accuracy: pairs.length === 0 ? 0 : correct / pairs.length,
    macroF1: present.length === 0 ? 0 : present.reduce((a, b) => a + b, 0) / present.length,
    perLabel,
    confusion,
  };
}
