// One computation for everyone who asks the same slow question at about the same time: a
// preview of a 100,000-prospect campaign costs seconds of CPU, and ten people (or one impatient
// one) asking for it must not cost ten times that. A question is answered by a computation that
// started after it was asked, never by an older one, so no answer predates its question.

interface Computation {
  /** Real time (ms) the computation started. */
  startedAt: number;
  result: Promise<string>;
  running: boolean;
}

/** How long a finished answer stays available to questions asked before it started. */
const KEEP_MS = 60_000;

const latest = new Map<string, Computation>();
/** Per key, the computation that starts when the running one ends, shared by all who ask meanwhile. */
const next = new Map<string, Promise<string>>();

export function sharedAnswer(key: string, askedAt: number, compute: () => Promise<string>): Promise<string> {
  const current = latest.get(key);
  if (current && current.startedAt >= askedAt) return current.result;
  if (current?.running) {
    // Asked after the running computation started: wait for it to end, then share the one
    // computation started for everyone who asked meanwhile (at most one running, one waiting).
    let waiting = next.get(key);
    if (!waiting) {
      waiting = current.result
        .catch(() => undefined)
        .then(() => {
          next.delete(key);
          return sharedAnswer(key, askedAt, compute);
        });
      next.set(key, waiting);
    }
    return waiting;
  }
  const computation: Computation = { startedAt: Date.now(), result: compute(), running: true };
  latest.set(key, computation);
  const forget = () => {
    if (latest.get(key) === computation) latest.delete(key);
  };
  computation.result.then(
    () => {
      computation.running = false;
      setTimeout(forget, KEEP_MS).unref();
    },
    // A failure is not shared with later questions: they compute again.
    () => {
      computation.running = false;
      forget();
    },
  );
  return computation.result;
}
