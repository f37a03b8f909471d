// The offline classifier: the lexicons of the four languages over the normalised reply, no
// network, no key. Cues are tried label by label in the tie-break order of LABELLING.md
// (unsubscribe, out_of_office, referral, not_interested, interested, question); the text a cue
// matched is blanked before the next label looks, so "not interested" never also counts as
// "interested" and "please don't contact me" never as a referral's "contact". Any unsubscribe cue
// decides (it is safety-critical: a missed "stop" is worse than a misread reply); otherwise the
// label with the highest total weight wins, ties going to the earlier label. Never throws.
import { ENGLISH } from "./lexicon-en.js";
import { FRENCH } from "./lexicon-fr.js";
import { GERMAN } from "./lexicon-de.js";
import { SPANISH } from "./lexicon-es.js";
import { NOT_A_STOP } from "./lexicon-not-stop.js";
import { STOP_BACKSTOP } from "./lexicon-stop.js";
import type { Cue, CueLabel } from "./lexicon.js";
import type { ReplyClassification } from "./labels.js";
import { normalise, normaliseKeepingLines } from "./normalise.js";

/** The order labels are looked at, which is also the tie-break order. */
export const CUE_ORDER: readonly CueLabel[] = [
  "unsubscribe",
  "out_of_office",
  "referral",
  "not_interested",
  "interested",
  "question",
];

const ALL_CUES: Cue[] = [...ENGLISH, ...FRENCH, ...GERMAN, ...SPANISH, ...STOP_BACKSTOP];

const BY_LABEL: Map<CueLabel, Array<{ weight: number; pattern: RegExp }>> = new Map(
  CUE_ORDER.map((label) => [
    label,
    ALL_CUES.filter((cue) => cue.label === label).map((cue) => ({
      weight: cue.weight,
      pattern: new RegExp(cue.pattern.source, `${cue.pattern.flags.replace("g", "")}g`),
    })),
  ]),
);

export type Scores = Record<CueLabel, number>;

/** A matched phrase replaced by as many spaces: the text keeps its length, so later matches keep their places. */
const blank = (match: string) => " ".repeat(match.length);

/** Total cue weight per label for a reply (exported for tests and the bench's error analysis). */
export function scoreReply(text: string): Scores {
  return scoreNormalised(normalise(text));
}

function scoreNormalised(normalised: string): Scores {
  let rest = normalised;
  for (const phrase of NOT_A_STOP) rest = rest.replace(phrase, blank);
  // What follows the last "but" is what the reply means: "not the agency part, but the
  // analytics sound interesting" is interested; "sounds interesting, but not now" is not.
  const turn = lastContrast(rest);
  const scores = Object.fromEntries(CUE_ORDER.map((label) => [label, 0])) as Scores;
  for (const label of CUE_ORDER) {
    let blanked = rest;
    for (const { weight, pattern } of BY_LABEL.get(label)!) {
      pattern.lastIndex = 0;
      let best = 0;
      blanked = blanked.replace(pattern, (match, ...args) => {
        const at = args.at(-2) as number;
        best = Math.max(best, turn >= 0 && at >= turn && weight > 1 ? weight + 1 : weight);
        // The loose unsubscribe backstop (weight 1) leaves its text for the other labels to read:
        // it yields to a decisive interest ("please not send the deck as PDF, our filter blocks it").
        return label === "unsubscribe" && weight === 1 ? match : blank(match);
      });
      scores[label] += best;
    }
    rest = blanked;
  }
  return scores;
}

const CONTRAST = /\b(but|however|though|aber|jedoch|allerdings|mais|cependant|pourtant|pero|sin embargo|aunque)\b/g;

/** Where the last contrast word of the reply starts (after its first few characters), or -1. */
function lastContrast(text: string): number {
  let at = -1;
  for (const match of text.matchAll(CONTRAST)) if (match.index > 3) at = match.index;
  return at;
}

// A mailing footer ("To unsubscribe from these emails, click here", "Pour vous désabonner, cliquez
// ici", "Zum Abmelden hier klicken", "Para darse de baja, haga clic aquí"): a sentence with an
// unsubscribe word and a click/link word, in either order.
const UNSUBSCRIBE_WORD =
  "unsubscrib\\w*|opt[- ]?out|no longer (wish to )?receive|ne plus recevoir|nicht mehr (erhalten|empfangen)|dejar de recibir|no recibir|no (desea|deseas|quiere|quieres) recibir|ne (souhaitez|voulez) plus recevoir|(don't|do not) (wish|want) to receive|keine \\w+ mehr erhalten|manage (your )?(email )?preferences|desinscri\\w*|desabonn\\w*|abmeld\\w*|abbestell\\w*|austrag\\w*|(dar|darse|darte) de baja|baja";
const CLICK_WORD = "click\\w*|klick\\w*|cliqu\\w*|haga clic|haz clic|pulse|pulsa|link|lien|enlace|hier|here|ici|aqui|https?:";
const FOOTER = new RegExp(
  `[^.!?\\n]*\\b((${UNSUBSCRIBE_WORD})\\b[^.!?\\n]*\\b(${CLICK_WORD})|(${CLICK_WORD})[^.!?\\n]*\\b(${UNSUBSCRIBE_WORD})\\b)[^.!?\\n]*`,
  "g",
);

/**
 * Scores for the reply; when it is an auto-reply whose only unsubscribe cue is a mailing footer
 * ("I am out of the office … To unsubscribe from these emails click here"), the footer is not
 * read: the footer was written by a mailing tool, not by the prospect asking to stop. Only an
 * auto-reply (a decisive out_of_office cue) loses its footer; a person's "unsubscribe me, the link
 * does not work" stays a request to stop.
 */
function scoresWithoutAutoReplyFooter(text: string): Scores {
  const normalised = normalise(text);
  const scores = scoreNormalised(normalised);
  if (scores.unsubscribe === 0 || scores.out_of_office === 0) return scores;
  const withoutFooter = normalised.replace(FOOTER, " ");
  if (withoutFooter === normalised) return scores;
  const rescored = scoreNormalised(withoutFooter);
  return rescored.unsubscribe === 0 && rescored.out_of_office >= 3 ? rescored : scores;
}

// A sentence that reports the unsubscribe link as broken ("your unsubscribe links are broken
// btw", "votre lien de désinscription ne marche pas", "Ihr Abmeldelink funktioniert nicht", "el
// enlace para darse de baja no funciona").
const BROKEN_LINK = new RegExp(
  `[^.!?\\n]*\\b(${UNSUBSCRIBE_WORD}|abmeldelink\\w*)\\b[^.!?\\n]*\\b(broken|doesn't work|does not work|don't work|not working|dead|ne (marche|fonctionne) pas|marche pas|casse|funktioniert (\\w+ )?nicht|kaputt|no funciona|roto)\\b[^.!?\\n]*`,
  "g",
);

/**
 * A broken-link report decides only when the reply says nothing else: "Your unsubscribe link
 * doesn't work." is a person trying to leave (unsubscribe), while "your unsubscribe links are
 * broken btw — what's the pricing?" is a question with a bug report beside it.
 */
function withoutBrokenLinkReport(text: string, scores: Scores): Scores {
  if (scores.unsubscribe === 0) return scores;
  const normalised = normalise(text);
  const without = normalised.replace(BROKEN_LINK, " ");
  if (without === normalised) return scores;
  const rescored = scoreNormalised(without);
  const saysMore = rescored.question >= 2 || rescored.interested >= 2 || rescored.referral >= 2;
  return rescored.unsubscribe === 0 && saysMore ? rescored : scores;
}

/** A reply's scores as classifyOffline reads them. */
function replyScores(text: string): Scores {
  return withoutBrokenLinkReport(text, scoresWithoutAutoReplyFooter(text));
}

// The decisive cues for a request to stop (weight ≥ 3), read line by line: ^ and $ match at each
// line's start and end. A cue that a line's end completes ("… stop" at the end, "please remove" at
// the end) is read on short lines only: a line's end is not always its sentence's ("We had to
// stop\nusing our old tool" is one sentence on two lines), while a short line ending so ("Stop",
// "Honestly, stop.") is the request.
const DECISIVE_STOP = ALL_CUES.filter((cue) => cue.label === "unsubscribe" && cue.weight >= 3).map(
  (cue) => new RegExp(cue.pattern.source, `${cue.pattern.flags.replace("g", "")}m`),
);
const endsItsLine = (pattern: RegExp) => pattern.source.endsWith("$") && !pattern.source.startsWith("^");
const DECISIVE_STOP_ON_ANY_LINE = DECISIVE_STOP.filter((pattern) => !endsItsLine(pattern));
const DECISIVE_STOP_ON_SHORT_LINES = DECISIVE_STOP.filter(endsItsLine);
const SHORT_LINE_WORDS = 3;

/**
 * Whether a line of a reply of several lines is, on its own, a decisive request to stop. Normalised,
 * the lines of a reply run together, and a phrase that is not a request to stop could take the stop
 * word of one line and the start of the next ("Please stop" then a line starting "by the way…" read
 * as "stop by", as in "stop by our booth"); a short line's end is also where "stop" ends its
 * request ("Hi\nStop\nin fact…"). A mailing footer or a broken-link report is judged on the whole
 * reply (an auto-reply's footer is not the prospect's request), so it is blanked here. One pass
 * over the reply whatever its number of lines: a hostile reply of thousands of lines costs what
 * one does.
 */
function decisiveStopOnALine(text: string): boolean {
  let lines = normaliseKeepingLines(text);
  if (!lines.includes("\n")) return false;
  for (const phrase of NOT_A_STOP) lines = lines.replace(phrase, blank);
  lines = lines.replace(FOOTER, blank).replace(BROKEN_LINK, blank);
  if (DECISIVE_STOP_ON_ANY_LINE.some((pattern) => pattern.test(lines))) return true;
  const shortLines = lines
    .split("\n")
    .map((line) => (line.split(" ").filter(Boolean).length <= SHORT_LINE_WORDS ? line : ""))
    .join("\n");
  return DECISIVE_STOP_ON_SHORT_LINES.some((pattern) => pattern.test(shortLines));
}

export function classifyOffline(text: string): ReplyClassification {
  const scores = replyScores(text);
  // A request to stop, decisive on a line of its own, wins whatever comes before or after it.
  if (scores.unsubscribe < 3 && decisiveStopOnALine(text)) {
    return { label: "unsubscribe", confidence: confidenceOf(3, 0), source: "offline" };
  }
  // Any unsubscribe cue decides, except the loose same-sentence backstop (weight 1) next to a
  // decisive interest cue: "no more cold calls, I prefer email. Send me the deck."
  if (scores.unsubscribe >= 3 || (scores.unsubscribe > 0 && scores.interested < 3)) {
    return { label: "unsubscribe", confidence: confidenceOf(scores.unsubscribe, 0), source: "offline" };
  }
  let best: CueLabel | undefined;
  let runnerUp = 0;
  for (const label of CUE_ORDER) {
    const score = scores[label];
    if (score <= 0) continue;
    if (best === undefined || score > scores[best]) {
      if (best !== undefined) runnerUp = Math.max(runnerUp, scores[best]);
      best = label;
    } else runnerUp = Math.max(runnerUp, score);
  }
  if (best === undefined) return { label: "other", confidence: 0.5, source: "offline" };
  // A lone "?" or a lone polite "thanks but" says little: keep its confidence low.
  return { label: best, confidence: confidenceOf(scores[best], runnerUp), source: "offline" };
}

/** 0.35 for a single weak hint, up to 0.97 for several decisive cues and no rival. */
function confidenceOf(top: number, runnerUp: number): number {
  const margin = Math.max(0, top - runnerUp);
  const value = 0.3 + 0.07 * Math.min(top, 6) + 0.06 * Math.min(margin, 4);
  return Math.round(Math.min(0.97, Math.max(0.05, value)) * 100) / 100;
}
