// Slack's side of an OAuth v2 install (https://docs.slack.dev/authentication/installing-with-oauth):
// the authorize page on which a person signed in to a workspace allows the app, the redirect
// back to the app with a one-time code, and oauth.v2.access, which exchanges the code for that
// workspace's bot token. Every refusal is a rule of OAUTH_RULES (slack-rules.ts), answered as
// Slack answers it: an error page on the authorize step, `{ ok: false, error }` from the method.
import { randomBytes } from "node:crypto";
import { OAUTH_RULES } from "./slack-rules.js";
import { type Answer, html, LOGIN_PAGE, SlackApiError, str } from "./fake-slack-wire.js";
import type { FakeWorkspaceState } from "./fake-slack-workspace.js";

/** The app's settings at api.slack.com: Basic Information and OAuth & Permissions. */
export interface OAuthAppConfig {
  clientId: string;
  clientSecret: string;
  /** The Redirect URLs configured for the app (manifest `oauth_config.redirect_urls`). */
  redirectUrls: string[];
}

/** A person signed in to a workspace, as the browser's session cookie tells Slack. */
export interface SignedIn {
  workspace: FakeWorkspaceState;
  userId: string;
}

interface AuthorizeRequest {
  clientId: string;
  scopes: string[];
  /** As the app sent it (undefined: Slack chose the first configured URL). */
  redirectUri: string | undefined;
  /** Where the browser goes back to. */
  target: string;
  state: string | undefined;
}

interface IssuedCode {
  clientId: string;
  workspace: FakeWorkspaceState;
  userId: string;
  scopes: string[];
  redirectUri: string | undefined;
  target: string;
  issuedAt: number;
  used: boolean;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

function errorPage(rule: keyof typeof OAUTH_RULES): Answer {
  const { error, what } = OAUTH_RULES[rule];
  return html(400, `<!DOCTYPE html><html><head><title>Slack</title></head><body><h1>Oops, something went wrong</h1>
<p id="error">${error}</p><p>${escapeHtml(what)}</p></body></html>`, error);
}

function redirect(location: string): Answer {
  return { status: 302, headers: { location }, body: "", ok: true };
}

export class FakeSlackOAuth {
  private app: OAuthAppConfig | undefined;
  private readonly codes = new Map<string, IssuedCode>();

  constructor(
    private readonly signedIn: (cookie: string | undefined) => SignedIn | undefined,
    /** Milliseconds, for the code's ten minutes (performance.now by default: vi's fake Date leaves it alone). */
    private readonly now: () => number,
  ) {}

  configure(app: OAuthAppConfig): void {
    this.app = { ...app, redirectUrls: [...app.redirectUrls] };
  }

  reset(): void {
    this.app = undefined;
    this.codes.clear();
  }

  /** GET /oauth/v2/authorize: the page asking the signed-in person to allow the app. */
  authorizePage(params: URLSearchParams, cookie: string | undefined): Answer {
    const request = this.readRequest(params);
    if ("status" in request) return request;
    const person = this.signedIn(cookie);
    if (!person) return html(200, LOGIN_PAGE, OAUTH_RULES.signedIn.error);
    const hidden = [...params].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
    return {
      status: 200,
      headers: { "content-type": "text/html; charset=utf-8" },
      body: `<!DOCTYPE html><html><head><title>Slack</title></head><body>
<h1>SAM Campaigns is requesting permission to access the ${escapeHtml(person.workspace.teamName)} Slack workspace</h1>
<ul id="scopes">${request.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join("")}</ul>
<form method="post" action="/oauth/v2/authorize">${hidden}
<button name="decision" value="deny">Cancel</button><button name="decision" value="allow">Allow</button></form></body></html>`,
      ok: true,
    };
  }

  /** POST /oauth/v2/authorize: the person's choice; the browser goes back to the app's redirect URL. */
  decide(form: URLSearchParams, cookie: string | undefined): Answer {
    const request = this.readRequest(form);
    if ("status" in request) return request;
    const person = this.signedIn(cookie);
    if (!person) return html(200, LOGIN_PAGE, OAUTH_RULES.signedIn.error);
    const back = new URL(request.target);
    if (form.get("decision") !== "allow") {
      back.searchParams.set("error", "access_denied");
    } else {
      const code = `${Date.now()}.${randomBytes(20).toString("hex")}`;
      this.codes.set(code, {
        clientId: request.clientId,
        workspace: person.workspace,
        userId: person.userId,
        scopes: request.scopes,
        redirectUri: request.redirectUri,
        target: request.target,
        issuedAt: this.now(),
        used: false,
      });
      back.searchParams.set("code", code);
    }
    if (request.state !== undefined) back.searchParams.set("state", request.state);
    return redirect(back.toString());
  }

  /** oauth.v2.access: the code for the workspace's bot token (client credentials in the form or HTTP Basic). */
  access(args: Record<string, unknown>, basic: { id: string; secret: string } | undefined): Record<string, unknown> {
    const clientId = basic?.id ?? str(args.client_id);
    const secret = basic?.secret ?? str(args.client_secret);
    if (!this.app || clientId !== this.app.clientId) throw new SlackApiError(OAUTH_RULES.clientId.error);
    if (secret !== this.app.clientSecret) throw new SlackApiError(OAUTH_RULES.clientSecret.error);
    const grant = str(args.grant_type);
    if (grant !== undefined && grant !== "authorization_code") throw new SlackApiError(OAUTH_RULES.grantType.error);
    const code = this.codes.get(str(args.code) ?? "");
    if (!code || code.clientId !== clientId) throw new SlackApiError(OAUTH_RULES.codeKnown.error);
    if (code.used) throw new SlackApiError(OAUTH_RULES.codeOnce.error);
    if (this.now() - code.issuedAt > OAUTH_RULES.codeExpiry.maxSeconds * 1000) throw new SlackApiError(OAUTH_RULES.codeExpiry.error);
    const redirectUri = str(args.redirect_uri);
    const sameRedirect = code.redirectUri !== undefined ? redirectUri === code.redirectUri : redirectUri === undefined || redirectUri === code.target;
    if (!sameRedirect) throw new SlackApiError(OAUTH_RULES.redirectSame.error);
    code.used = true;
    const { workspace } = code;
    const token = `xoxb-${digits(11)}-${digits(13)}-${randomBytes(12).toString("hex")}`;
    workspace.issueToken(token);
    // Shaped as https://docs.slack.dev/reference/methods/oauth.v2.access#response (no user scopes asked).
    return {
      access_token: token,
      token_type: "bot",
      scope: code.scopes.join(","),
      bot_user_id: workspace.botUserId,
      app_id: workspace.appId,
      team: { name: workspace.teamName, id: workspace.teamId },
      enterprise: null,
      authed_user: { id: code.userId },
      is_enterprise_install: false,
    };
  }

  /** The authorize step's parameters, or Slack's error page for them. */
  private readRequest(params: URLSearchParams): AuthorizeRequest | Answer {
    const clientId = params.get("client_id") ?? "";
    if (!this.app || clientId !== this.app.clientId) return errorPage("clientId");
    const redirectUri = params.get("redirect_uri") || undefined;
    const target = redirectUri ?? this.app.redirectUrls[0];
    if (target === undefined || (redirectUri !== undefined && !this.app.redirectUrls.includes(redirectUri))) {
      return errorPage("redirectConfigured");
    }
    const scopes = (params.get("scope") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    if (scopes.length === 0) return errorPage("scopes");
    return { clientId, scopes, redirectUri, target, state: params.get("state") ?? undefined };
  }
}

function digits(count: number): string {
  return Array.from(randomBytes(count), (byte) => String(byte % 10)).join("");
}
