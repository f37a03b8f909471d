// Every status and type value the database accepts. The migrations' CHECK constraints list the
// same values; test/db/enums.test.ts writes each one and compares the lists, so that code can
// never write a value the database rejects (lessons-from-sam 20).
export const CAMPAIGN_TYPES = ["messenger", "connector"] as const;
export const CAMPAIGN_STATUSES = ["draft", "launching", "active", "paused", "completed", "cancelled"] as const;
export const ACCOUNT_STATUSES = ["active", "unavailable"] as const;
export const PROSPECT_STATUSES = [
  "pending",
  "approved",
  "connected",
  "messaging",
  "connection_request_sent",
  "replied",
  "completed",
  "not_accepted",
  "skipped",
  "failed",
  "opted_out",
  "cancelled",
] as const;
/** A prospect in one of these is no longer worked on by its campaign. */
export const FINISHED_PROSPECT_STATUSES = [
  "replied",
  "completed",
  "not_accepted",
  "skipped",
  "failed",
  "opted_out",
  "cancelled",
] as const;
export const CONNECTION_DEGREES = ["FIRST_DEGREE", "SECOND_DEGREE", "THIRD_DEGREE", "OUT_OF_NETWORK"] as const;
export const QUEUE_STATUSES = ["pending", "waiting", "sending", "sent", "failed", "skipped", "cancelled"] as const;
export const MAX_FOLLOW_UPS = 5;
export const MESSAGE_TYPES = [
  "connection_request",
  ...Array.from({ length: MAX_FOLLOW_UPS + 1 }, (_, i) => `direct_message_${i + 1}` as const),
  ...Array.from({ length: MAX_FOLLOW_UPS }, (_, i) => `follow_up_${i + 1}` as const),
] as const;
export const OUTBOX_METHODS = [
  "chat.postMessage",
  "chat.update",
  "chat.postEphemeral",
  "views.publish",
  "files.uploadV2",
] as const;

/** Do-not-contact entries: what an entry names, and where it came from (issue 14). */
export const DNC_KINDS = ["profile", "company", "company_page"] as const;
export const DNC_SOURCES = ["command", "csv", "reply", "action", "api"] as const;

export type CampaignType = (typeof CAMPAIGN_TYPES)[number];
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type ProspectStatus = (typeof PROSPECT_STATUSES)[number];
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** The queue's message type for a step: 0 is the first touch, n the n-th follow-up. */
export function messageTypeFor(campaignType: CampaignType, step: number): MessageType {
  if (campaignType === "connector") return step === 0 ? "connection_request" : (`follow_up_${step}` as MessageType);
  return `direct_message_${step + 1}` as MessageType;
}
/** conversation_messages (issue 14). */
export const CONVERSATION_DIRECTIONS = ["inbound", "outbound"] as const;
export const CONVERSATION_ORIGINS = ["prospect", "by_hand", "slack"] as const;
export const REPLY_LABEL_VALUES = ["interested", "not_interested", "out_of_office", "unsubscribe", "referral", "question", "other"] as const;
export const LABEL_SOURCES = ["offline", "llm", "person"] as const;
/** Mark as… choices (conversation_messages.marked_as, reply_marks.mark). */
export const REPLY_MARKS = ["interested", "not_interested", "meeting_booked", "wrong_person", "do_not_contact"] as const;
export const SLACK_REPLY_STATUSES = ["pending", "sending", "sent", "refused", "failed"] as const;
