// What the sandbox saw and did, for tests and benchmarks: calls per endpoint, every message and
// invitation that "reached LinkedIn", the bodies of POSTs, and each webhook delivery.
import { emptyCallCounts, type RouteKey } from "./routes.js";

export interface Delivery {
  kind: "message" | "invitation";
  accountId: string;
  recipientProviderId: string;
  chatId?: string;
  messageId?: string;
  invitationId?: string;
  text: string;
  /** Virtual time. */
  at: Date;
}

export interface PostRecord {
  route: RouteKey;
  contentType: string;
  /** Multipart fields, every value of repeated fields kept in order. */
  fields?: Record<string, string[]>;
  json?: unknown;
}

export interface WebhookDeliveryRecord {
  webhookId: string;
  source: string;
  event: string;
  url: string;
  body: unknown;
  attempts: number;
  delivered: boolean;
  /** HTTP status or error code of the last attempt. */
  lastOutcome: number | string | undefined;
}

const KEEP_POSTS = 2_000;

export class Stats {
  readonly calls: Record<RouteKey, number> = emptyCallCounts();
  /** Requests to paths the sandbox does not serve. */
  unmatched = 0;
  readonly deliveries: Delivery[] = [];
  readonly posts: PostRecord[] = [];
  readonly webhookDeliveries: WebhookDeliveryRecord[] = [];

  recordPost(record: PostRecord): void {
    this.posts.push(record);
    if (this.posts.length > KEEP_POSTS) this.posts.splice(0, this.posts.length - KEEP_POSTS);
  }

  /** Clears in place, so references held by a test stay live. */
  reset(): void {
    for (const key of Object.keys(this.calls) as RouteKey[]) this.calls[key] = 0;
    this.unmatched = 0;
    this.deliveries.length = 0;
    this.posts.length = 0;
    this.webhookDeliveries.length = 0;
  }
}
