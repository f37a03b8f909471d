// OAuth mode (SLACK_CLIENT_ID): Bolt's HTTPReceiver with its built-in OAuth support (the
// InstallProvider of @slack/oauth) serves GET /slack/install (the Add to Slack page, with the
// manifest's scopes and a signed state that expires after 10 minutes, also kept in a cookie of the
// installing browser) and GET /slack/oauth_redirect (checks the state against that cookie,
// exchanges the code with oauth.v2.access, stores the install in PostgreSQL through
// installations.ts). Bolt then authorizes every request with the token of the workspace it comes
// from. Our HTTP server hands both GETs to the receiver; POST /slack/events goes through the
// request guard as in single-token HTTP mode.
import type { HTTPReceiverOptions } from "@slack/bolt";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";
import { slackClientOptions } from "./clients.js";
import { installedPage, installFailedPage, installPage, type Page } from "./install-pages.js";
import { OrgInstallRefused, type SlackInstallations } from "./installations.js";
import { BOT_SCOPES } from "./scopes.js";

const INSTALL_PATH = "/slack/install";
const REDIRECT_PATH = "/slack/oauth_redirect";

type CallbackOptions = NonNullable<NonNullable<HTTPReceiverOptions["installerOptions"]>["callbackOptions"]>;

/**
 * Slack's authorize page. Derived from SLACK_API_URL when set (https://slack.com/api/ gives
 * https://slack.com/oauth/v2/authorize, Slack's own; tests point both at the fake Slack).
 */
export function authorizationUrl(config: Config): string {
  return new URL("../oauth/v2/authorize", config.SLACK_API_URL ?? "https://slack.com/api/").toString();
}

function send(res: ServerResponse, { status, html }: Page): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

/** What went wrong, for the person installing: a plain reason, never Slack's raw error object. */
function failure(error: Error & { code?: string; data?: { error?: string } }): Page {
  if (error instanceof OrgInstallRefused) return installFailedPage(400, error.message);
  switch (error.code) {
    case "slack_oauth_invalid_state":
    case "slack_oauth_missing_state":
      return installFailedPage(400, "This install link has expired or was started in another browser.");
    case "slack_oauth_missing_code":
      return installFailedPage(400, "Slack did not send an authorization code.");
    case "slack_oauth_installer_authorization_error":
      return installFailedPage(400, "The install was cancelled in Slack.");
    case "slack_webapi_platform_error":
      return installFailedPage(400, `Slack refused the install (${error.data?.error ?? "unknown error"}).`);
    default:
      return installFailedPage(500, "The install could not be completed on our side; nothing was changed.");
  }
}

function callbacks(config: Config, log: Logger): CallbackOptions {
  return {
    success: (installation, _options, _req: IncomingMessage, res: ServerResponse) =>
      send(res, installedPage(installation.team?.name, config.SAM_CHANNEL)),
    failure: (error, _options, _req: IncomingMessage, res: ServerResponse) => {
      const coded = error as Error & { code?: string; data?: { error?: string } };
      log.warn("a Slack install did not complete", { code: coded.code, slackError: coded.data?.error, reason: coded.message });
      send(res, failure(coded));
    },
  };
}

/** The HTTPReceiver's options that turn on the install (on top of those of HTTP mode). */
export function oauthInstallOptions(config: Config, installations: SlackInstallations, log: Logger): Partial<HTTPReceiverOptions> {
  return {
    clientId: config.SLACK_CLIENT_ID!,
    clientSecret: config.SLACK_CLIENT_SECRET!,
    stateSecret: config.SLACK_STATE_SECRET!,
    scopes: [...BOT_SCOPES],
    installationStore: installations,
    // Without PUBLIC_URL Slack sends the browser to the app's first configured Redirect URL.
    redirectUri: config.PUBLIC_URL ? new URL(REDIRECT_PATH, config.PUBLIC_URL).toString() : undefined,
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      directInstall: false,
      renderHtmlForInstallPath: installPage,
      authorizationUrl: authorizationUrl(config),
      clientOptions: slackClientOptions(config),
      callbackOptions: callbacks(config, log),
    },
  };
}
