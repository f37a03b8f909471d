// Each workspace's Slack install in OAuth mode (SLACK_CLIENT_ID): one row of slack_installations
// per workspace, its bot token sealed with SECRETS_KEY (src/secret-box.ts) and bound to the team,
// so the token is never stored in clear. Bolt's OAuth support stores and reads installs through
// the InstallationStore interface of @slack/oauth (storeInstallation after /slack/oauth_redirect,
// fetchInstallation to authorize every request); jobs read the same rows (src/slack/clients.ts).
// An uninstall deletes the row (src/slack/access.ts).
// A decrypted token is registered with the log's redaction before anything could log it.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Sql } from "postgres";
import { addSecret, type Logger } from "../log.js";
import { SecretBox } from "../secret-box.js";
import { ensureWorkspace } from "../workspaces.js";
import { releaseHeldNotices } from "./access.js";

/** The bot of one workspace's install: what the Web API and Bolt need to act there. */
export interface InstalledBot {
  teamId: string;
  token: string;
  botId: string;
  botUserId: string;
  scopes: string[];
}

/** Shown on the install's failure page: the app installs into one workspace at a time. */
export class OrgInstallRefused extends Error {
  constructor() {
    super(
      "SAM Campaigns installs into one workspace at a time; org-wide (Enterprise Grid) installs are not supported. Install it from each workspace instead.",
    );
  }
}

interface Row {
  team_id: string;
  bot_token_sealed: Buffer;
  bot_id: string;
  bot_user_id: string;
  scopes: string[];
}

/** The token is sealed for its team: a sealed token copied to another workspace's row does not open. */
const TOKEN_PURPOSE = "slack-bot-token";

export class SlackInstallations implements InstallationStore {
  private readonly box: SecretBox;

  constructor(
    private readonly sql: Sql,
    secretsKey: Buffer,
    private readonly log: Logger,
  ) {
    this.box = new SecretBox(secretsKey, TOKEN_PURPOSE);
  }

  /**
   * After /slack/oauth_redirect: the workspace (created on its first install) gets this token,
   * replacing any earlier one. An install proves the app is back: notices held since an
   * uninstall go out (campaigns paused by it stay paused until someone resumes them).
   */
  async storeInstallation<AuthVersion extends "v1" | "v2">(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const { team, bot } = installation;
    if (installation.isEnterpriseInstall || !team) throw new OrgInstallRefused();
    if (!bot) throw new Error("Slack's answer to the install held no bot token");
    addSecret(bot.token);
    await this.sql.begin(async (tx) => {
      const workspaceId = await ensureWorkspace(tx, team.id, team.name);
      await tx`
        insert into slack_installations (workspace_id, bot_token_sealed, bot_user_id, bot_id, app_id, scopes, installed_by)
        values (${workspaceId}, ${this.box.seal(bot.token, team.id)}, ${bot.userId}, ${bot.id}, ${installation.appId ?? null},
                ${bot.scopes}, ${installation.user.id})
        on conflict (workspace_id) do update set
          bot_token_sealed = excluded.bot_token_sealed, bot_user_id = excluded.bot_user_id, bot_id = excluded.bot_id,
          app_id = excluded.app_id, scopes = excluded.scopes, installed_by = excluded.installed_by, updated_at = now()`;
      await releaseHeldNotices(tx, workspaceId);
    });
    this.log.info("Slack app installed in a workspace", { teamId: team.id, installedBy: installation.user.id });
  }

  /** Bolt's authorize: the install of the team a request comes from (none: Bolt answers 401 and runs nothing). */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v2", false>> {
    if (query.isEnterpriseInstall || !query.teamId) throw new OrgInstallRefused();
    const bot = await this.botOfTeam(query.teamId);
    if (!bot) throw new Error(`the app is not installed in Slack team ${query.teamId}`);
    return {
      team: { id: bot.teamId },
      enterprise: undefined,
      user: { token: undefined, scopes: undefined, id: "" },
      bot: { token: bot.token, id: bot.botId, userId: bot.botUserId, scopes: bot.scopes },
      tokenType: "bot",
      isEnterpriseInstall: false,
      authVersion: "v2",
    };
  }

  async botOfTeam(teamId: string): Promise<InstalledBot | null> {
    const [row] = await this.sql<Row[]>`
      select w.slack_team_id as team_id, i.bot_token_sealed, i.bot_id, i.bot_user_id, i.scopes
      from slack_installations i join workspaces w on w.id = i.workspace_id where w.slack_team_id = ${teamId}`;
    return row ? this.opened(row) : null;
  }

  async botOfWorkspace(workspaceId: string): Promise<InstalledBot | null> {
    const [row] = await this.sql<Row[]>`
      select w.slack_team_id as team_id, i.bot_token_sealed, i.bot_id, i.bot_user_id, i.scopes
      from slack_installations i join workspaces w on w.id = i.workspace_id where i.workspace_id = ${workspaceId}`;
    return row ? this.opened(row) : null;
  }

  private opened(row: Row): InstalledBot {
    const token = this.box.open(row.bot_token_sealed, row.team_id);
    addSecret(token);
    return { teamId: row.team_id, token, botId: row.bot_id, botUserId: row.bot_user_id, scopes: row.scopes };
  }
}
