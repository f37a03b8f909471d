// The body of GET /healthz, from what each part already knows: nothing here calls Unipile or
// Slack, so the check stays cheap whatever they do. Only the database decides the HTTP status
// (503): a process cannot work without it, while Unipile or the webhook being down degrades it
// (polling still finds replies) and restarting the process would not help.
import type { Reachability } from "../unipile/reachability.js";
import type { WebhookStatus } from "../webhooks/keeper.js";

export interface HealthParts {
  database: "ok" | "unreachable";
  worker: string;
  slack: string;
  unipile: { mode: "sandbox" | "configured"; contact: Reachability; webhook: WebhookStatus };
  clock: { now: Date; speed: number };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function healthReport(parts: HealthParts): { ok: boolean; body: Record<string, unknown> } {
  const { contact, webhook } = parts.unipile;
  const unipileDegraded = contact.reachable === false || webhook.state === "failed" || webhook.state === "disabled";
  return {
    ok: parts.database === "ok",
    body: {
      status: parts.database === "ok" && !unipileDegraded ? "ok" : "degraded",
      database: parts.database,
      worker: parts.worker,
      slack: parts.slack,
      unipile: {
        mode: parts.unipile.mode,
        reachable: contact.reachable,
        checkedAt: iso(contact.checkedAt),
        lastAnswerAt: iso(contact.lastAnswerAt),
        lastFailure: contact.lastFailure,
        webhook: { state: webhook.state, checkedAt: iso(webhook.checkedAt), error: webhook.error },
      },
      clock: { now: parts.clock.now.toISOString(), speed: parts.clock.speed },
    },
  };
}
