// Whether Unipile answers, as the client last saw it: every call's outcome updates it, so
// /healthz can report reachability without calling Unipile itself. Reachability is a wall-clock
// fact (is the server up now?), not a campaign decision, so it is kept in real time.
import { wallClock } from "../clock.js";

export interface Reachability {
  /** Null until the first call has ended. */
  reachable: boolean | null;
  /** When the last call ended (real time). */
  checkedAt: Date | null;
  /** When Unipile last answered at all. */
  lastAnswerAt: Date | null;
  /** What the last call that got no answer met: a transport code or `http_503`. */
  lastFailure: string | null;
}

/**
 * No answer: the connection failed or timed out, or a gateway said Unipile is not there (502,
 * 503, 504). Any other status, errors included, is Unipile answering.
 */
export function isUnreachableStatus(status: number): boolean {
  return status === 502 || status === 503 || status === 504;
}

export class ReachabilityTracker {
  private state: Reachability = { reachable: null, checkedAt: null, lastAnswerAt: null, lastFailure: null };

  answered(): void {
    const now = wallClock();
    this.state = { ...this.state, reachable: true, checkedAt: now, lastAnswerAt: now };
  }

  unanswered(failure: string): void {
    this.state = { ...this.state, reachable: false, checkedAt: wallClock(), lastFailure: failure };
  }

  snapshot(): Reachability {
    return { ...this.state };
  }
}
