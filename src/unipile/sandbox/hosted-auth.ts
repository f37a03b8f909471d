// Unipile's hosted authentication, as the sandbox plays it. POST /api/v1/hosted/accounts/link is
// checked the way Unipile documents it and answers a link to the sandbox's own wizard page
// (wizard.ts). Finishing the wizard does what Unipile does: creates (or reconnects) the account,
// POSTs `{ status, account_id, name }` to notify_url, and sends the browser to the success or
// failure URL. Sources and the choices made where Unipile says nothing: README.md, "Hosted auth".
import { randomBytes } from "node:crypto";
import { request } from "undici";
import { z } from "zod";
import { ApiError, invalidParameters, notFound } from "./api-error.js";
import type { Reply, RequestContext } from "./handlers.js";
import type { SandboxAccount } from "./model.js";
import { accountStatusEvent } from "./shapes.js";
import type { WebhookHub } from "./webhooks.js";
import type { World } from "./world.js";

/** Where the sandbox serves its wizard pages (Unipile's are on account.unipile.com). */
export const WIZARD_PATH = "/hosted/wizard/";

// The API reference's pattern for expiresOn (a UTC instant with milliseconds).
const EXPIRES_ON = /^[1-2]\d{3}-[0-1]\d-[0-3]\dT\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PROVIDERS = ["LINKEDIN", "WHATSAPP", "INSTAGRAM", "MESSENGER", "TELEGRAM", "GOOGLE", "OUTLOOK", "TWITTER", "MAIL"] as const;
const WILDCARDS = ["*", "*:MAILING", "*:MESSAGING", "*:CALENDAR"] as const;
const NOTIFY_TIMEOUT_MS = 10_000;

const common = {
  expiresOn: z.string().regex(EXPIRES_ON, "must look like YYYY-MM-DDTHH:MM:SS.sssZ"),
  api_url: z.string().min(1),
  name: z.string().min(1).optional(),
  notify_url: z.url().optional(),
  success_redirect_url: z.url().optional(),
  failure_redirect_url: z.url().optional(),
};
export const hostedLinkBody = z.discriminatedUnion("type", [
  z.object({ type: z.literal("create"), providers: z.union([z.array(z.enum(PROVIDERS)).min(1), z.enum(WILDCARDS)]), ...common }),
  z.object({ type: z.literal("reconnect"), reconnect_account: z.string().min(1), ...common }),
]);

export interface HostedLink {
  token: string;
  url: string;
  type: "create" | "reconnect";
  /** Whether the wizard may sign in a LinkedIn account (providers name LINKEDIN or a wildcard that covers it). */
  offersLinkedIn: boolean;
  reconnectAccountId: string | null;
  apiUrl: string;
  expiresAt: Date;
  name: string | null;
  notifyUrl: string | null;
  successRedirectUrl: string | null;
  failureRedirectUrl: string | null;
  /** Set once the wizard succeeded: a link signs in one account. */
  usedAt: Date | null;
}

/** One POST to a notify_url, as sent and as answered. */
export interface NotifyRecord {
  url: string;
  body: { status: "CREATION_SUCCESS" | "RECONNECTED"; account_id: string; name?: string };
  /** HTTP status, or the error code when no answer came. */
  outcome: number | string;
}

export type WizardResult =
  | { kind: "redirect"; location: string }
  | { kind: "page"; status: number; message: string };

export interface HostedAuthEnv {
  world: () => World;
  hub: WebhookHub;
  /** The sandbox's own base URL (known once it listens). */
  baseUrl: () => string;
}

export class HostedAuth {
  private readonly byToken = new Map<string, HostedLink>();
  readonly notifications: NotifyRecord[] = [];

  constructor(private readonly env: HostedAuthEnv) {}

  /** Every link asked for, oldest first. */
  get links(): HostedLink[] {
    return [...this.byToken.values()];
  }

  link(token: string): HostedLink | undefined {
    return this.byToken.get(token);
  }

  clear(): void {
    this.byToken.clear();
    this.notifications.length = 0;
  }

  /** The handler of POST /api/v1/hosted/accounts/link. */
  createLink(r: RequestContext): Reply {
    if (r.json === undefined) {
      throw new ApiError(400, "malformed_request", "Malformed request", "Expected a JSON body (content-type: application/json).");
    }
    const parsed = hostedLinkBody.safeParse(r.json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw invalidParameters(`${issue.path.join(".") || "body"}: ${issue.message}`);
    }
    const body = parsed.data;
    const world = this.env.world();
    const expiresAt = new Date(body.expiresOn);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt <= world.now()) {
      throw invalidParameters("expiresOn: must be a date in the future.");
    }
    if (body.type === "reconnect" && !world.account(body.reconnect_account)) throw notFound("Account not found.");
    const token = randomBytes(18).toString("base64url");
    const link: HostedLink = {
      token,
      url: `${this.env.baseUrl()}${WIZARD_PATH}${token}`,
      type: body.type,
      offersLinkedIn: body.type === "reconnect" || (Array.isArray(body.providers) ? body.providers.includes("LINKEDIN") : body.providers !== "*:MAILING" && body.providers !== "*:CALENDAR"),
      reconnectAccountId: body.type === "reconnect" ? body.reconnect_account : null,
      apiUrl: body.api_url,
      expiresAt,
      name: body.name ?? null,
      notifyUrl: body.notify_url ?? null,
      successRedirectUrl: body.success_redirect_url ?? null,
      failureRedirectUrl: body.failure_redirect_url ?? null,
      usedAt: null,
    };
    this.byToken.set(token, link);
    // 200 and "HostedAuthUrl": the API reference (I_requestLink) and the validator the SDK's
    // createHostedAuthLink applies; only its older schemas/hosted.schema says "HostedAuthURL".
    return { status: 200, body: { object: "HostedAuthUrl", url: link.url } };
  }

  /** Why the wizard cannot run for this link now, or null when it can. */
  unusable(link: HostedLink | undefined): { status: number; message: string } | null {
    if (!link) return { status: 404, message: "This sign-in link does not exist." };
    if (link.usedAt) return { status: 410, message: "This sign-in link has already been used. Ask the app for a new one." };
    if (this.env.world().now() >= link.expiresAt) return { status: 410, message: "This sign-in link has expired. Ask the app for a new one." };
    if (!link.offersLinkedIn) return { status: 400, message: "The sandbox wizard only connects LinkedIn accounts; this link offers none." };
    if (!sameOrigin(link.apiUrl, this.env.baseUrl())) {
      return { status: 400, message: "The link's api_url is not this Unipile server, so no account can be created from it." };
    }
    return null;
  }

  /** The account a reconnect link is for. */
  reconnectTarget(link: HostedLink): SandboxAccount | undefined {
    return link.reconnectAccountId ? this.env.world().account(link.reconnectAccountId) : undefined;
  }

  /** The form was sent: sign in (or fail), call notify_url on success, and say where the browser goes. */
  async finish(token: string, form: { outcome: string; login: string }): Promise<WizardResult> {
    const link = this.byToken.get(token);
    const refusal = this.unusable(link);
    if (refusal || !link) return { kind: "page", ...(refusal ?? { status: 404, message: "Unknown link." }) };
    if (form.outcome !== "success") {
      return this.leave(link.failureRedirectUrl, "The sign-in failed. You can close this page.");
    }
    let account: SandboxAccount;
    let status: NotifyRecord["body"]["status"];
    if (link.type === "reconnect") {
      account = this.reconnectTarget(link)!;
      this.env.world().reconnect(account.id);
      status = "RECONNECTED";
    } else {
      const login = loginSlug(form.login);
      if (!login) return { kind: "page", status: 400, message: "Enter the LinkedIn login (an e-mail address or a public profile id)." };
      account = this.signIn(login);
      status = "CREATION_SUCCESS";
    }
    link.usedAt = this.env.world().now();
    if (link.notifyUrl) {
      await this.notify(link.notifyUrl, { status, account_id: account.id, ...(link.name ? { name: link.name } : {}) });
    }
    return this.leave(link.successRedirectUrl, "The account is connected. You can close this page.");
  }

  /**
   * The account a create link signs in: the sandbox account of that LinkedIn member if there is
   * one (reconnected if it was disconnected), otherwise a new one named after the login.
   */
  private signIn(login: string): SandboxAccount {
    const world = this.env.world();
    const existing = world.accountsNewestFirst().find((account) => account.publicIdentifier === login || account.id === login);
    if (existing) {
      world.reconnect(existing.id);
      return existing;
    }
    const account = world.addAccount({ id: `hosted-${login}`, name: nameOf(login), publicIdentifier: login });
    this.env.hub.emit("account_status", "CREATION_SUCCESS", account.id, () => accountStatusEvent(account, "CREATION_SUCCESS"));
    return account;
  }

  private async notify(url: string, body: NotifyRecord["body"]): Promise<void> {
    const record: NotifyRecord = { url, body, outcome: "pending" };
    this.notifications.push(record);
    try {
      const response = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        headersTimeout: NOTIFY_TIMEOUT_MS,
        bodyTimeout: NOTIFY_TIMEOUT_MS,
      });
      await response.body.dump();
      record.outcome = response.statusCode;
    } catch (err) {
      record.outcome = (err as { code?: string }).code ?? "error";
    }
  }

  private leave(url: string | null, fallback: string): WizardResult {
    return url ? { kind: "redirect", location: url } : { kind: "page", status: 200, message: fallback };
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** "Ana.Sales@example.com" → "ana-sales"; empty when nothing usable is left. */
export function loginSlug(login: string): string {
  return (login.trim().toLowerCase().split("@")[0] ?? "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/** "ana-sales" → "Ana Sales". */
function nameOf(slug: string): string {
  return slug
    .split("-")
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}
