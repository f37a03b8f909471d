// What a prospect's reply means for the campaign: the labels every classifier gives, and a
// person's "Mark as…" overrides.
export const REPLY_LABELS = [
  "interested",
  "not_interested",
  "out_of_office",
  "unsubscribe",
  "referral",
  "question",
  "other",
] as const;

export type ReplyLabel = (typeof REPLY_LABELS)[number];

export interface ReplyClassification {
  label: ReplyLabel;
  /** 0..1 */
  confidence: number;
  /** Which classifier decided: the offline one, an LLM, or a person (Mark as…). */
  source: "offline" | "llm" | "person";
}
