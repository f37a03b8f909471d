// Failures on demand, for tests and demos: slow answers, bursts of 5xx, answers lost after the
// effect happened, answers reshaped on their way out (shapes Unipile may send that the sandbox
// does not), per-day 429 limits, disconnected accounts, unreachable people, and requests held
// open until the test lets them go.
import { ApiError } from "./api-error.js";
import type { RouteKey } from "./routes.js";
import type { World } from "./world.js";

export type FailStatus = 500 | 503 | 504;
export type LostAnswerMode = "hang" | "reset";
export type SendKind = "invitation" | "message";
/** Takes the JSON answer the sandbox built (a copy) and returns the one to send. */
export type Reshape = (body: unknown) => unknown;

export interface HeldRequest {
  route: RouteKey;
  method: string;
  path: string;
  /** The :id path parameter, when the route has one. */
  id?: string;
  fields?: Record<string, string[]>;
  json?: unknown;
}

export interface HoldHandle {
  /** Resolves when a matching request arrives and is being held. */
  readonly arrived: Promise<HeldRequest>;
  /** Lets the request proceed (its effect happens even if the caller has gone); resolves once handled. */
  release(): Promise<void>;
  /** Closes the connection without doing anything; resolves once done. */
  drop(): Promise<void>;
}

interface Hold {
  route: RouteKey;
  match?: (request: HeldRequest) => boolean;
  taken: boolean;
  arrive: (request: HeldRequest) => void;
  decision: Promise<"release" | "drop">;
  decide: (decision: "release" | "drop") => void;
  finish: () => void;
}

export interface HoldTicket {
  decision: Promise<"release" | "drop">;
  finish: () => void;
}

const DEFAULT_TYPE: Record<FailStatus, string> = {
  500: "provider_error",
  503: "service_unavailable",
  504: "request_timeout",
};

export class Faults {
  private readonly latencies = new Map<RouteKey | "*", number>();
  private readonly failures = new Map<RouteKey | "*", Array<{ status: number; slug: string }>>();
  private readonly lostAnswers = new Map<RouteKey | "*", LostAnswerMode[]>();
  private readonly reshapes = new Map<RouteKey | "*", Reshape[]>();
  private readonly limits = new Map<string, { invitationsPerDay?: number; messagesPerDay?: number }>();
  private holds: Hold[] = [];

  constructor(private readonly world: () => World) {}

  /** Real milliseconds added before answering (every route when none is named). */
  latency(ms: number, route: RouteKey | "*" = "*"): void {
    if (ms <= 0) this.latencies.delete(route);
    else this.latencies.set(route, ms);
  }

  /** The next `count` calls to the route answer a 5xx and do nothing. */
  failNext(
    route: RouteKey | "*",
    count: number,
    status: FailStatus = 503,
    slug = DEFAULT_TYPE[status],
  ): void {
    const queue = this.failures.get(route) ?? [];
    for (let i = 0; i < count; i++) queue.push({ status, slug });
    this.failures.set(route, queue);
  }

  /** The next `count` calls take effect, then the answer is lost: the socket hangs or is reset. */
  timeoutAfterReceive(route: RouteKey | "*", options: { count?: number; mode?: LostAnswerMode } = {}): void {
    const queue = this.lostAnswers.get(route) ?? [];
    for (let i = 0; i < (options.count ?? 1); i++) queue.push(options.mode ?? "reset");
    this.lostAnswers.set(route, queue);
  }

  /** The next `count` successful answers of the route go out as `reshape` returns them (the effect still happens). */
  reshapeNext(route: RouteKey | "*", reshape: Reshape, count = 1): void {
    const queue = this.reshapes.get(route) ?? [];
    for (let i = 0; i < count; i++) queue.push(reshape);
    this.reshapes.set(route, queue);
  }

  /** 429 too_many_requests once an account has sent this many per virtual UTC day (all accounts when none is named). */
  dailyLimit(limit: { accountId?: string; invitationsPerDay?: number; messagesPerDay?: number }): void {
    const key = limit.accountId ?? "*";
    this.limits.set(key, { ...this.limits.get(key), ...limit });
  }

  disconnect(accountId: string = this.world().defaultAccountId): void {
    this.world().disconnect(accountId);
  }

  reconnect(accountId: string = this.world().defaultAccountId): void {
    this.world().reconnect(accountId);
  }

  /** Sends to this person fail with 422 invalid_recipient. */
  unreachable(identifier: string, value = true): void {
    this.world().defineProfile(identifier, { unreachable: value });
  }

  /** Holds the next matching request open until the handle releases or drops it. */
  hold(route: RouteKey, options: { match?: (request: HeldRequest) => boolean } = {}): HoldHandle {
    let arrive!: (request: HeldRequest) => void;
    let decide!: (decision: "release" | "drop") => void;
    let finish!: () => void;
    const arrived = new Promise<HeldRequest>((resolve) => {
      arrive = resolve;
    });
    const decision = new Promise<"release" | "drop">((resolve) => {
      decide = resolve;
    });
    const done = new Promise<void>((resolve) => {
      finish = resolve;
    });
    this.holds.push({ route, match: options.match, taken: false, arrive, decision, decide, finish });
    return {
      arrived,
      release: () => {
        decide("release");
        return done;
      },
      drop: () => {
        decide("drop");
        return done;
      },
    };
  }

  clear(): void {
    this.latencies.clear();
    this.failures.clear();
    this.lostAnswers.clear();
    this.reshapes.clear();
    this.limits.clear();
    this.dropAllHolds();
  }

  dropAllHolds(): void {
    for (const hold of this.holds) {
      hold.decide("drop");
      if (!hold.taken) hold.finish();
    }
    this.holds = [];
  }

  // ── Consulted by the server for each request ──────────────────────────────────────────────

  latencyFor(route: RouteKey | undefined): number {
    return (route && this.latencies.get(route)) || this.latencies.get("*") || 0;
  }

  takeFailure(route: RouteKey): ApiError | undefined {
    const failure = this.take(this.failures, route);
    if (!failure) return undefined;
    return new ApiError(
      failure.status,
      failure.slug,
      "Sandbox fault",
      "Injected by the sandbox's failNext fault.",
    );
  }

  takeLostAnswer(route: RouteKey): LostAnswerMode | undefined {
    return this.take(this.lostAnswers, route);
  }

  takeReshape(route: RouteKey): Reshape | undefined {
    return this.take(this.reshapes, route);
  }

  takeHold(request: HeldRequest): HoldTicket | undefined {
    const hold = this.holds.find(
      (h) => !h.taken && h.route === request.route && (!h.match || h.match(request)),
    );
    if (!hold) return undefined;
    hold.taken = true;
    this.holds = this.holds.filter((h) => h !== hold);
    hold.arrive(request);
    return { decision: hold.decision, finish: hold.finish };
  }

  checkDailyLimit(accountId: string, kind: SendKind, sentToday: number): void {
    const limit = this.limitFor(accountId, kind);
    if (limit !== undefined && sentToday >= limit) {
      throw new ApiError(
        429,
        "too_many_requests",
        "Too many requests",
        "The provider cannot accept any more requests at the moment.",
      );
    }
  }

  limitFor(accountId: string, kind: SendKind): number | undefined {
    const field = kind === "invitation" ? "invitationsPerDay" : "messagesPerDay";
    return this.limits.get(accountId)?.[field] ?? this.limits.get("*")?.[field];
  }

  private take<T>(queues: Map<RouteKey | "*", T[]>, route: RouteKey): T | undefined {
    for (const key of [route, "*"] as const) {
      const queue = queues.get(key);
      if (queue?.length) return queue.shift();
    }
    return undefined;
  }
}
