// The engine's calls into replies, acceptances, account health and notice batching, which live
// in their own files; this is the one place the dispatch core reaches them.
export { markAccountUnavailable } from "./account-health.js";
export { completeIfDone, noteFailure } from "./digest.js";
export { checkChatBeforeFollowUp } from "./replies.js";
