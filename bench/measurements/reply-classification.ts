// reply_classification: the offline classifier against the labelled replies in
// test/fixtures/replies/ (one JSON file per language, rules in LABELLING.md). Every third reply
// of each file (index 2, 5, 8, …) is held out: the lexicons were tuned on the others only. Reports
// accuracy, macro-F1, per-label precision/recall and unsubscribe recall on the held-out part, the
// development part and all, with the targets (macro-F1 ≥ 0.80, unsubscribe recall ≥ 0.98) judged
// on the held-out part. Needs no database and no network.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REPLY_LABELS, type ReplyLabel } from "../../src/classify/labels.js";
import { scoreLabels } from "../../src/classify/metrics.js";
import { classifyOffline } from "../../src/classify/offline.js";

export const LANGUAGES = ["en", "fr", "de", "es"] as const;
export const TARGET_MACRO_F1 = 0.8;
export const TARGET_UNSUBSCRIBE_RECALL = 0.98;

export interface LabelledReply {
  language: (typeof LANGUAGES)[number];
  index: number;
  text: string;
  label: ReplyLabel;
  heldOut: boolean;
}

/** Every third reply of each language file is held out. */
export const isHeldOut = (index: number) => index % 3 === 2;

export function loadLabelledReplies(): LabelledReply[] {
  const out: LabelledReply[] = [];
  for (const language of LANGUAGES) {
    const file = fileURLToPath(new URL(`../../test/fixtures/replies/${language}.json`, import.meta.url));
    const items = JSON.parse(readFileSync(file, "utf8")) as Array<{ text: unknown; label: unknown }>;
    items.forEach((item, index) => {
      if (typeof item.text !== "string" || !(REPLY_LABELS as readonly unknown[]).includes(item.label)) {
        throw new Error(`${language}.json item ${index}: needs a text and one of ${REPLY_LABELS.join(", ")}`);
      }
      out.push({ language, index, text: item.text, label: item.label as ReplyLabel, heldOut: isHeldOut(index) });
    });
  }
  return out;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function report(replies: LabelledReply[]) {
  const scores = scoreLabels(replies.map((r) => ({ gold: r.label, predicted: classifyOffline(r.text).label })));
  return {
    items: scores.items,
    accuracy: round(scores.accuracy),
    macro_f1: round(scores.macroF1),
    unsubscribe_recall: round(scores.perLabel.unsubscribe.recall),
    per_label: Object.fromEntries(
      REPLY_LABELS.map((label) => {
        const s = scores.perLabel[label];
        return [label, { support: s.support, precision: round(s.precision), recall: round(s.recall), f1: round(s.f1) }];
      }),
    ),
  };
}

export async function replyClassification(): Promise<Record<string, unknown>> {
  const replies = loadLabelledReplies();
  const started = performance.now();
  const heldOut = report(replies.filter((r) => r.heldOut));
  const development = report(replies.filter((r) => !r.heldOut));
  const all = report(replies);
  const perLanguage = Object.fromEntries(
    LANGUAGES.map((language) => {
      const part = report(replies.filter((r) => r.language === language && r.heldOut));
      return [language, { held_out_items: part.items, accuracy: part.accuracy, macro_f1: part.macro_f1 }];
    }),
  );
  const elapsedMs = performance.now() - started;
  const macroMet = heldOut.macro_f1 >= TARGET_MACRO_F1;
  const unsubscribeMet = heldOut.unsubscribe_recall >= TARGET_UNSUBSCRIBE_RECALL;
  return {
    classifier: "offline",
    labelled_replies: replies.length,
    held_out: heldOut,
    development,
    all,
    held_out_per_language: perLanguage,
    targets: {
      macro_f1: { target: `>= ${TARGET_MACRO_F1}`, held_out: heldOut.macro_f1, all: all.macro_f1, met: macroMet },
      unsubscribe_recall: {
        target: `>= ${TARGET_UNSUBSCRIBE_RECALL}`,
        held_out: heldOut.unsubscribe_recall,
        all: all.unsubscribe_recall,
        met: unsubscribeMet,
      },
    },
    ms_per_reply: round(elapsedMs / (3 * replies.length)),
    met: macroMet && unsubscribeMet,
  };
}
