// A person's browser installing the app, over real HTTP: the app's install page (GET /slack/install,
// which sets the state cookie), Slack's authorize page (the fake's), the choice posted back, and
// the redirect to the app's /slack/oauth_redirect with the code and state.
import type { FakeSlack, FakeWorkspace } from "./fake-slack.js";

export interface BrowserAnswer {
  status: number;
  body: string;
  location: string | null;
  setCookie: string[];
}

async function browse(url: string, init: RequestInit = {}): Promise<BrowserAnswer> {
  const response = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(10_000) });
  return {
    status: response.status,
    body: await response.text(),
    location: response.headers.get("location"),
    setCookie: response.headers.getSetCookie(),
  };
}

/**
 * On Slack's authorize page, signed in to `workspace` as `userId`: allow (or cancel) the install.
 * Answers Slack's redirect back to the app (302 with the code), or the page Slack showed instead.
 */
export async function decideOnSlack(
  slack: FakeSlack,
  authorizeUrl: string,
  workspace: FakeWorkspace,
  userId: string,
  decision: "allow" | "deny" = "allow",
): Promise<BrowserAnswer> {
  const cookie = workspace.signIn(userId);
  const page = await browse(authorizeUrl, { headers: { cookie } });
  if (page.status !== 200 || !page.body.includes('name="decision"')) return page;
  const form = new URLSearchParams(new URL(authorizeUrl).searchParams);
  form.set("decision", decision);
  return browse(`${slack.url}/oauth/v2/authorize`, {
    method: "POST",
    headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
}

export interface StartedInstall {
  /** The app's install page. */
  installPage: BrowserAnswer;
  /** Where its Add to Slack link leads (Slack's authorize URL, with the state). */
  authorizeUrl: string;
  /** The app's state cookie (name=value), as the browser keeps it. */
  stateCookie: string;
}

/** The browser opens the app's /slack/install: the Add to Slack link, and the state cookie it sets. */
export async function startInstall(appUrl: string): Promise<StartedInstall> {
  const installPage = await browse(`${appUrl}/slack/install`);
  const href = /href="([^"]+)"/.exec(installPage.body)?.[1];
  if (installPage.status !== 200 || !href) throw new Error(`install page without an Add to Slack link (${installPage.status})`);
  const stateCookie = installPage.setCookie.map((c) => c.split(";")[0]!).find((c) => c.startsWith("slack-app-oauth-state="));
  if (!stateCookie) throw new Error("the install page set no state cookie");
  return { installPage, authorizeUrl: href.replaceAll("&amp;", "&"), stateCookie };
}

/** The browser follows Slack's redirect back to the app (`cookie`: what it sends along, if anything). */
export function finishInstall(location: string, cookie?: string): Promise<BrowserAnswer> {
  return browse(location, cookie ? { headers: { cookie } } : {});
}

export interface InstallRun extends StartedInstall {
  /** Slack's answer to the decision: the redirect back to the app. */
  slackAnswer: BrowserAnswer;
  /** The app's answer at its redirect URL. */
  result: BrowserAnswer;
}

/** The whole install from the app's /slack/install, in one browser (cookies kept between steps). */
export async function installThroughApp(
  appUrl: string,
  slack: FakeSlack,
  workspace: FakeWorkspace,
  userId: string,
  decision: "allow" | "deny" = "allow",
): Promise<InstallRun> {
  const started = await startInstall(appUrl);
  const slackAnswer = await decideOnSlack(slack, started.authorizeUrl, workspace, userId, decision);
  if (slackAnswer.status !== 302 || !slackAnswer.location) throw new Error(`Slack did not redirect back (${slackAnswer.status})`);
  const result = await finishInstall(slackAnswer.location, started.stateCookie);
  return { ...started, slackAnswer, result };
}
