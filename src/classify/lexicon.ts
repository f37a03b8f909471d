// The shape of a language's lexicon: cues (regular expressions over normalised text: lower case,
// no accents, see normalise.ts) that speak for one label, each with a weight.
// 3: decisive on its own ("unsubscribe", "out of office"); 2: a clear signal ("not interested",
// "let's talk"); 1: a hint that only counts with others or when nothing else is said ("?", "thanks but").
import type { ReplyLabel } from "./labels.js";

export type CueLabel = Exclude<ReplyLabel, "other">;

export interface Cue {
  label: CueLabel;
  pattern: RegExp;
  weight: 1 | 2 | 3;
}

/** Shorthand for the lexicon files: `cues("interested", 2, /a/, /b/)`. */
export function cues(label: CueLabel, weight: Cue["weight"], ...patterns: RegExp[]): Cue[] {
  return patterns.map((pattern) => ({ label, weight, pattern }));
}
