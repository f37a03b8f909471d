// Moved to src/db/job-queue.ts (lower layers enqueue jobs too); this re-export is kept only until
// the branches in flight are merged.
export * from "../db/job-queue.js";
