// The one source of "now" for the whole app. Every due time, daily cap, window and delay is
// decided in virtual time: it starts at CLOCK_START and runs CLOCK_SPEED times faster than the
// wall clock. Tests move it by hand (set/advance) and may freeze it.
// Real-time plumbing (graphile-worker run_at, HTTP timeouts) converts with toRealDate().

type Listener = (change: { from: Date; to: Date }) => void | Promise<void>;

export class Clock {
  private virtualAnchor: number;
  private realAnchor: number;
  private speedFactor: number;
  private listeners = new Set<Listener>();

  constructor(start: Date = new Date(), speed = 1) {
    this.virtualAnchor = start.getTime();
    this.realAnchor = Date.now();
    this.speedFactor = speed;
  }

  get speed(): number {
    return this.speedFactor;
  }

  nowMs(): number {
    return this.virtualAnchor + (Date.now() - this.realAnchor) * this.speedFactor;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** The wall-clock instant at which the given virtual instant arrives (far future when frozen). */
  toRealDate(virtual: Date): Date {
    const ahead = virtual.getTime() - this.nowMs();
    if (ahead <= 0) return new Date();
    if (this.speedFactor === 0) return new Date(Date.now() + 365 * 86_400_000);
    return new Date(Date.now() + ahead / this.speedFactor);
  }

  /** Real milliseconds until a virtual duration has passed. */
  realMs(virtualMs: number): number {
    if (this.speedFactor === 0) return Number.POSITIVE_INFINITY;
    return virtualMs / this.speedFactor;
  }

  /** Re-anchor the clock; listeners (the job scheduler) re-time work that was due by virtual time. */
  async set(options: { now?: Date; speed?: number }): Promise<void> {
    const from = this.now();
    this.virtualAnchor = (options.now ?? from).getTime();
    this.realAnchor = Date.now();
    if (options.speed !== undefined) this.speedFactor = options.speed;
    const to = this.now();
    for (const listener of this.listeners) await listener({ from, to });
  }

  advance(virtualMs: number): Promise<void> {
    return this.set({ now: new Date(this.nowMs() + virtualMs) });
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The wall clock, for the few things that live in real time whatever the app clock says:
 * Slack's rate limits and retry-after, HTTP timeouts, and graphile-worker's run_at.
 */
export function wallClock(): Date {
  return new Date();
}

function fromEnvironment(): Clock {
  const start = process.env.CLOCK_START ? new Date(process.env.CLOCK_START) : new Date();
  const speed = process.env.CLOCK_SPEED ? Number(process.env.CLOCK_SPEED) : 1;
  // Bad values are reported by config.ts; fall back here so importing never throws.
  return new Clock(Number.isNaN(start.getTime()) ? new Date() : start, Number.isFinite(speed) ? speed : 1);
}

export const clock: Clock = fromEnvironment();
