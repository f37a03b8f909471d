// How the app reaches one workspace's Slack, whichever mode it runs in: slackFor(ctx, workspaceId)
// gives the Web API client and the bot token that act in that workspace (the token also downloads
// its files). Listeners get the same from Bolt, which authorizes each request for its workspace.
// - Single-token mode (SLACK_BOT_TOKEN): AppContext.slack is the one WebClient, for every
//   workspace, as before.
// - OAuth mode (SLACK_CLIENT_ID): AppContext.slack holds the workspaces' installs
//   (installations.ts); a workspace where the app is not installed (never was, or uninstalled
//   since) has none, and its notices wait.
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Config } from "../config.js";
import type { AppContext } from "../context.js";
import type { SlackInstallations } from "./installations.js";

export interface WorkspaceSlack {
  client: WebClient;
  token: string;
}

/** OAuth mode's AppContext.slack: the Slack of each workspace that installed the app. */
export interface InstalledWorkspaces {
  slackFor(workspaceId: string): Promise<WorkspaceSlack | null>;
}

export function slackClientOptions(config: Config) {
  return config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {};
}

/** For jobs: one attempt per call, and a 429 comes back at once (the outbox waits it out, not the client). */
export function jobClient(token: string, config: Config): WebClient {
  const options: WebClientOptions = { ...slackClientOptions(config), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  return new WebClient(token, options);
}

export function installedWorkspaces(installations: SlackInstallations, config: Config): InstalledWorkspaces {
  // One client per workspace, replaced when a reinstall brings another token.
  const clients = new Map<string, WorkspaceSlack>();
  return {
    async slackFor(workspaceId) {
      const bot = await installations.botOfWorkspace(workspaceId);
      if (!bot) return null;
      const known = clients.get(workspaceId);
      if (known?.token === bot.token) return known;
      const slack = { client: jobClient(bot.token, config), token: bot.token };
      clients.set(workspaceId, slack);
      return slack;
    },
  };
}

/** The Slack of one workspace; null when the app cannot reach it (Slack not configured, or not installed there). */
export async function slackFor(ctx: Pick<AppContext, "slack" | "config">, workspaceId: string | null): Promise<WorkspaceSlack | null> {
  const { slack } = ctx;
  if (!slack) return null;
  if (slack instanceof WebClient) return ctx.config.SLACK_BOT_TOKEN ? { client: slack, token: ctx.config.SLACK_BOT_TOKEN } : null;
  return workspaceId ? slack.slackFor(workspaceId) : null;
}
