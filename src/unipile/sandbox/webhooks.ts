// Webhook registrations and deliveries, the way Unipile v1 does them: a flat JSON body per
// source, POSTed to the registered URL with the registered custom headers (and no content type
// unless one was registered), retried up to five times with growing real-time delays until the
// receiver answers 200.
import { Agent, request } from "undici";
import type { Logger } from "../../log.js";
import type { IdFactory } from "./hash.js";
import type { Stats, WebhookDeliveryRecord } from "./stats.js";

/**
 * The sources and events a webhook may be created with (n_createWebhook in Unipile's reference;
 * `calendar_event` is not among them there).
 */
export const WEBHOOK_EVENTS = {
  messaging: [
    "message_received",
    "message_read",
    "message_reaction",
    "message_edited",
    "message_deleted",
    "message_delivered",
  ],
  users: ["new_relation"],
  account_status: [
    "creation_success",
    "creation_fail",
    "deleted",
    "reconnected",
    "sync_success",
    "stopped",
    "ok",
    "connecting",
    "error",
    "credentials",
    "permissions",
  ],
  email: ["mail_sent", "mail_received", "mail_moved"],
  email_tracking: ["mail_opened", "mail_link_clicked"],
} as const;
export type WebhookSourceName = keyof typeof WEBHOOK_EVENTS;

export interface WebhookRegistration {
  id: string;
  seq: number;
  requestUrl: string;
  source: WebhookSourceName;
  name: string;
  headers: Array<{ key: string; value: string }>;
  /** Listed back as registered; deliveries are always JSON here. */
  format: "json" | "form";
  /** The messaging `data` renames, listed back as registered (deliveries do not apply them). */
  data: Array<{ name: string; key: string }>;
  /** Null or empty: every event of the source. */
  events: string[] | null;
  /** Null or empty: every current and future account. */
  accountIds: string[] | null;
  enabled: boolean;
  createdAt: Date;
}

export interface WebhookHubOptions {
  /** Real milliseconds before each retry; its length is the number of retries. */
  retryDelaysMs: number[];
  /** Real milliseconds the receiver has to answer. */
  timeoutMs: number;
  stats: Stats;
  logger: Logger;
  ids: IdFactory;
}

export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000];

export class WebhookHub {
  private readonly registrations = new Map<string, WebhookRegistration>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waits = new Set<() => void>();
  private readonly agent: Agent;
  private seq = 0;
  private closed = false;

  constructor(private readonly options: WebhookHubOptions) {
    this.agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  register(input: Omit<WebhookRegistration, "id" | "seq" | "createdAt">, now: Date): WebhookRegistration {
    const registration = { ...input, id: this.options.ids.next("webhook"), seq: ++this.seq, createdAt: now };
    this.registrations.set(registration.id, registration);
    return registration;
  }

  list(): WebhookRegistration[] {
    return [...this.registrations.values()].sort((a, b) => b.seq - a.seq);
  }

  remove(id: string): boolean {
    return this.registrations.delete(id);
  }

  clear(): void {
    this.registrations.clear();
  }

  /** Sends one event to every enabled registration that wants it; the body is built per webhook name. */
  emit(
    source: WebhookSourceName,
    event: string,
    accountId: string,
    build: (webhookName: string) => unknown,
  ): void {
    if (this.closed) return;
    for (const registration of this.registrations.values()) {
      if (!registration.enabled || registration.source !== source) continue;
      if (registration.events?.length && !registration.events.includes(event)) continue;
      if (registration.accountIds?.length && !registration.accountIds.includes(accountId)) continue;
      const delivery = this.deliver(registration, event, build(registration.name));
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
  }

  /** Resolves once every delivery started so far has succeeded or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waits) wake();
    await this.agent.destroy();
  }

  private async deliver(registration: WebhookRegistration, event: string, body: unknown): Promise<void> {
    const record: WebhookDeliveryRecord = {
      webhookId: registration.id,
      source: registration.source,
      event,
      url: registration.requestUrl,
      body,
      attempts: 0,
      delivered: false,
      lastOutcome: undefined,
    };
    this.options.stats.webhookDeliveries.push(record);
    const payload = JSON.stringify(body);
    const headers = Object.fromEntries(registration.headers.map((header) => [header.key, header.value]));
    const delays = this.options.retryDelaysMs;
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await this.wait(delays[attempt - 1]!);
      if (this.closed) return;
      record.attempts++;
      try {
        const response = await request(registration.requestUrl, {
          method: "POST",
          headers,
          body: payload,
          dispatcher: this.agent,
        });
        await response.body.dump();
        record.lastOutcome = response.statusCode;
        if (response.statusCode === 200) {
          record.delivered = true;
          return;
        }
      } catch (err) {
        record.lastOutcome = (err as { code?: string }).code ?? "error";
      }
    }
    this.options.logger.debug("webhook delivery gave up", {
      webhookId: registration.id,
      event,
      attempts: record.attempts,
    });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waits.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.waits.add(wake);
    });
  }
}
