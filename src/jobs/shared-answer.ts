// One computation for everyone who asks the same slow question at about the same time: a
// preview of a 100,000-prospect campaign costs seconds of CPU, and ten people (or one impatient
// one) asking for it must not cost ten times that. A question is answered by a computation that
// started after it was asked, never by an older one, so no answer predates its question.

interface Computation {
  /** Real time (ms) the computation started. */
  startedAt: number;
  result: Promise<string>;
}

/** How long a finished answer stays available to questions asked before it started. */
const KEEP_MS = 60_000;

const latest = new Map<string, Computation>();

export function sharedAnswer(key: string, askedAt: number, compute: () => Promise<string>): Promise<string> {
  const current = latest.get(key);
  if (current && current.startedAt >= askedAt) return current.result;
  const computation: Computation = { startedAt: Date.now(), result: compute() };
  latest.set(key, computation);
  const forget = () => {
    if (latest.get(key) === computation) latest.delete(key);
  };
  computation.result.then(
    () => setTimeout(forget, KEEP_MS).unref(),
    // A failure is not shared with later questions: they compute again.
    forget,
  );
  return computation.result;
}
