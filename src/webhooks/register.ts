// Registers the app's webhook with Unipile (messaging, users and account_status events), with
// the shared-secret header that intake checks. Done at start-up when the app knows a URL Unipile
// can reach: PUBLIC_URL, or its own loopback URL when Unipile is the sandbox.
import type { Logger } from "../log.js";
import type { UnipileClient } from "../unipile/client.js";
import type { Webhook, WebhookSource } from "../unipile/types.js";
import { WEBHOOK_SECRET_HEADER } from "./intake.js";

const SOURCES: WebhookSource[] = ["messaging", "users", "account_status"];

export async function registerWebhooks(
  unipile: UnipileClient,
  baseUrl: string,
  secret: string,
  log: Logger,
): Promise<number> {
  const requestUrl = `${baseUrl.replace(/\/+$/, "")}/unipile/webhook`;
  const existing = await unipile.listWebhooks();
  let created = 0;
  for (const source of SOURCES) {
    const name = `sam-campaigns-${source}`;
    // Unipile's webhook list has no `source` (n_listWebhooks): ours are known by their name.
    const isOurs = (hook: Webhook) =>
      hook.requestUrl === requestUrl && (hook.source === source || hook.name === name);
    if (existing.some(isOurs)) continue;
    await unipile.createWebhook({
      requestUrl,
      source,
      name,
      headers: [
        { key: WEBHOOK_SECRET_HEADER, value: secret },
        // Webhooks created through the API send no JSON content type unless asked.
        { key: "Content-Type", value: "application/json" },
      ],
    });
    created += 1;
  }
  if (created > 0) log.info("Unipile webhooks registered", { requestUrl, sources: SOURCES });
  return created;
}

export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === "localhost" || host === "::1" || host === "[::1]" || host.startsWith("127.");
  } catch {
    return false;
  }
}
