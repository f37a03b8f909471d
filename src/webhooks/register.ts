// Registers the app's webhooks with Unipile (one per source: messaging, users, account_status),
// with the shared-secret header that intake checks, and only those missing. The organisation's
// list also holds other tools' webhooks (account-scoped ones among them), and Unipile's list
// need not say a webhook's `source` (the official SDK's schema has none), so ours are told apart
// by where they deliver and how: our request URL and our secret header; which source each
// carries, by its `source` when listed, else by the name we gave it.
import type { Logger } from "../log.js";
import type { UnipileClient } from "../unipile/client.js";
import type { Webhook, WebhookSource } from "../unipile/types.js";
import { WEBHOOK_SECRET_HEADER } from "./intake.js";

export const WEBHOOK_SOURCES: readonly WebhookSource[] = ["messaging", "users", "account_status"];

export const webhookName = (source: WebhookSource) => `sam-campaigns-${source}`;

export function webhookUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/unipile/webhook`;
}

/** The same address whatever Unipile did to the spelling (host case, default port, a final slash). */
function sameUrl(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      return new URL(url).href.replace(/\/+$/, "");
    } catch {
      return url.replace(/\/+$/, "");
    }
  };
  return normal(a) === normal(b);
}

/** Delivers to our URL with our secret header (when the list shows header names at all). */
export function isOurs(hook: Webhook, requestUrl: string): boolean {
  if (!hook.requestUrl || !sameUrl(hook.requestUrl, requestUrl)) return false;
  return hook.headerNames === null || hook.headerNames.some((name) => name.toLowerCase() === WEBHOOK_SECRET_HEADER);
}

function sourceOf(hook: Webhook): WebhookSource | null {
  const listed = WEBHOOK_SOURCES.find((source) => source === hook.source);
  return listed ?? WEBHOOK_SOURCES.find((source) => hook.name === webhookName(source)) ?? null;
}

export interface RegistrationPlan {
  /** Sources to create a webhook for. */
  missing: WebhookSource[];
  /** Sources whose webhook exists but is disabled in Unipile (not re-created: that would duplicate it). */
  disabled: WebhookSource[];
  /** Webhooks to our URL without our secret header: intake refuses what they deliver. */
  withoutSecret: Webhook[];
}

/** What to create, from the organisation's list as it is. */
export function planRegistration(existing: readonly Webhook[], requestUrl: string): RegistrationPlan {
  const ours = existing.filter((hook) => isOurs(hook, requestUrl));
  const bySource = new Map<WebhookSource, Webhook>();
  let unidentified = 0;
  for (const hook of ours) {
    const source = sourceOf(hook);
    if (source && !bySource.has(source)) bySource.set(source, hook);
    else if (!source) unidentified += 1;
  }
  let missing = WEBHOOK_SOURCES.filter((source) => !bySource.has(source));
  // Ours, but neither source nor name says which (renamed in the dashboard, and no source listed):
  // as many as are missing count as those, so a restart never adds another set.
  if (unidentified >= missing.length) missing = [];
  return {
    missing,
    disabled: [...bySource].filter(([, hook]) => hook.enabled === false).map(([source]) => source),
    withoutSecret: existing.filter((hook) => hook.requestUrl && sameUrl(hook.requestUrl, requestUrl) && !isOurs(hook, requestUrl)),
  };
}

export interface RegistrationOutcome {
  requestUrl: string;
  created: WebhookSource[];
  disabled: WebhookSource[];
}

export async function registerWebhooks(
  unipile: UnipileClient,
  baseUrl: string,
  secret: string,
  log: Logger,
): Promise<RegistrationOutcome> {
  const requestUrl = webhookUrl(baseUrl);
  const plan = planRegistration(await unipile.listWebhooks(), requestUrl);
  if (plan.withoutSecret.length > 0) {
    log.warn("a Unipile webhook delivers to this app without the secret header; its deliveries are refused", {
      webhookIds: plan.withoutSecret.map((hook) => hook.id),
      header: WEBHOOK_SECRET_HEADER,
    });
  }
  for (const source of plan.missing) {
    await unipile.createWebhook({
      requestUrl,
      source,
      name: webhookName(source),
      headers: [
        { key: WEBHOOK_SECRET_HEADER, value: secret },
        // Webhooks created through the API send no JSON content type unless asked.
        { key: "Content-Type", value: "application/json" },
      ],
    });
  }
  if (plan.missing.length > 0) log.info("Unipile webhooks registered", { requestUrl, sources: plan.missing });
  return { requestUrl, created: plan.missing, disabled: plan.disabled };
}

export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "::1" || host === "[::1]" || host.startsWith("127.");
  } catch {
    return false;
  }
}
