// The engine's calls into replies, acceptances, account health and notice batching, which live
// in their own files (replies.ts, account-health.ts, digest.ts); re-exported here so that the
// core's imports stay as they are.
export { markAccountUnavailable } from "./account-health.js";
export { completeIfDone, noteFailure } from "./digest.js";
export { checkChatBeforeFollowUp } from "./replies.js";
