// Asking Unipile for a hosted sign-in link for a Slack user: a new LinkedIn account (type
// create) or one that lost its connection (type reconnect). The link sends Unipile's wizard
// back to us: notify_url (the callback that links the account) and two small pages the user's
// browser lands on. Its `name` is our signed reference (connect-reference.ts), so only a
// callback for a link we made is ever acted on.
import { secretKeyBytes } from "../config.js";
import type { AppContext } from "../context.js";
import type { HostedAuthLinkRequest } from "../unipile/hosted-auth.js";
import { referenceChannel, referenceKey, signReference } from "./connect-reference.js";
import { unipileProblem } from "./unipile-problem.js";

/** Our HTTP paths in the flow (src/http/server.ts serves them). */
export const HOSTED_AUTH_PATHS = {
  notify: "/unipile/hosted-auth/notify",
  connected: "/unipile/hosted-auth/connected",
  failed: "/unipile/hosted-auth/failed",
} as const;

/** Unipile advises minutes to a few hours; an hour leaves time for a 2FA code or a checkpoint. */
export const LINK_LIFETIME_MS = 60 * 60_000;
/** A wizard opened just before the link expires may finish well after: the reference outlives the link. */
export const REFERENCE_LIFETIME_MS = 2 * LINK_LIFETIME_MS;

export type ConnectSetup = { ok: true; baseUrl: string; key: Buffer } | { ok: false; missing: string[] };

/**
 * What the flow needs from the deployment: a URL Unipile can call back (PUBLIC_URL, or our own
 * loopback URL when Unipile is the loopback sandbox) and SECRETS_KEY to sign the reference.
 */
export function connectSetup(config: Pick<AppContext["config"], "SECRETS_KEY">, callbackUrl: string | null | undefined): ConnectSetup {
  const missing: string[] = [];
  if (!callbackUrl) missing.push("PUBLIC_URL");
  const key = referenceSigningKey(config);
  if (!key) missing.push("SECRETS_KEY");
  if (!callbackUrl || !key) return { ok: false, missing };
  return { ok: true, baseUrl: callbackUrl.replace(/\/+$/, ""), key };
}

/** The key that signs and checks references; null without SECRETS_KEY. */
export function referenceSigningKey(config: Pick<AppContext["config"], "SECRETS_KEY">): Buffer | null {
  const secret = config.SECRETS_KEY ? secretKeyBytes(config.SECRETS_KEY) : undefined;
  return secret ? referenceKey(secret) : null;
}

export function missingSetupMessage(missing: readonly string[]): string {
  const why: Record<string, string> = {
    PUBLIC_URL: "`PUBLIC_URL` (the app's public https address, which Unipile calls back when the sign-in is done)",
    SECRETS_KEY: "`SECRETS_KEY` (32 random bytes, e.g. `openssl rand -base64 32`, which signs the link)",
  };
  return (
    "Connecting LinkedIn accounts from Slack is not set up yet. An admin has to set " +
    `${missing.map((name) => why[name] ?? `\`${name}\``).join(" and ")}, then restart the app (README, "Unipile setup").`
  );
}

export interface LinkAsker {
  workspaceId: string;
  userId: string;
  channelId: string | undefined;
}

export type LinkOutcome = { ok: true; url: string; expiresAt: Date } | { ok: false; message: string };

/**
 * A hosted link for `asker`; `reconnect` names the workspace's account row and its Unipile id.
 * Answers with a sentence for the user when the deployment is not set up or Unipile fails.
 */
export async function requestHostedLink(
  ctx: AppContext,
  asker: LinkAsker,
  reconnect: { accountId: string; unipileAccountId: string } | null,
): Promise<LinkOutcome> {
  const setup = connectSetup(ctx.config, ctx.unipileCallbackUrl);
  if (!setup.ok) return { ok: false, message: missingSetupMessage(setup.missing) };
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS);
  const name = signReference(
    {
      workspaceId: asker.workspaceId,
      userId: asker.userId,
      channelId: referenceChannel(asker.channelId),
      accountId: reconnect?.accountId ?? null,
      expiresAt: new Date(now.getTime() + REFERENCE_LIFETIME_MS),
    },
    setup.key,
  );
  const common = {
    expiresAt,
    apiUrl: ctx.unipile.apiUrl,
    name,
    notifyUrl: `${setup.baseUrl}${HOSTED_AUTH_PATHS.notify}`,
    successRedirectUrl: `${setup.baseUrl}${HOSTED_AUTH_PATHS.connected}`,
    failureRedirectUrl: `${setup.baseUrl}${HOSTED_AUTH_PATHS.failed}`,
  };
  const request: HostedAuthLinkRequest = reconnect
    ? { ...common, type: "reconnect", reconnectAccountId: reconnect.unipileAccountId }
    : { ...common, type: "create", providers: ["LINKEDIN"] };
  try {
    const link = await ctx.unipile.createHostedAuthLink(request);
    return { ok: true, url: link.url, expiresAt };
  } catch (error) {
    ctx.log.warn("could not get a hosted auth link from Unipile", {
      type: request.type,
      error: error instanceof Error ? error.message : String(error),
    });
    return { ok: false, message: `No sign-in link this time. ${unipileProblem(error)}` };
  }
}
