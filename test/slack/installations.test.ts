// The PostgreSQL installation store Bolt's OAuth support uses (src/slack/installations.ts), on a
// real database: an install creates the workspace and keeps its token sealed for that team, a
// reinstall replaces the token, org-wide installs are refused, and a sealed token moved to
// another workspace's row does not open.
import type { Installation } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { OrgInstallRefused, SlackInstallations } from "../../src/slack/installations.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
let store: SlackInstallations;
const KEY = Buffer.alloc(32, 3);

beforeAll(async () => {
  db = await createTestDatabase();
  store = new SlackInstallations(db.sql, KEY, createLogger({ test: true }));
});
afterAll(() => db.drop());

/** An install as @slack/oauth's InstallProvider builds it from oauth.v2.access. */
function install(teamId: string, token: string, overrides: Partial<Installation<"v2", boolean>> = {}): Installation<"v2", boolean> {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: "U0INSTALLER" },
    bot: { token, scopes: ["commands", "chat:write"], id: `B${teamId}`, userId: `U${teamId}` },
    appId: "A0SAMAPP001",
    tokenType: "bot",
    isEnterpriseInstall: false,
    authVersion: "v2",
    ...overrides,
  };
}

describe("SlackInstallations", () => {
  it("stores an install (creating its workspace) and gives Bolt back its token, bot and scopes; a reinstall replaces the token", async () => {
    await store.storeInstallation(install("T0STORE0001", "xoxb-first-token-0001"));
    const [workspace] = await db.sql<{ id: string; name: string }[]>`select id, name from workspaces where slack_team_id = 'T0STORE0001'`;
    expect(workspace!.name).toBe("Team T0STORE0001");
    expect(await store.fetchInstallation({ teamId: "T0STORE0001", enterpriseId: undefined, isEnterpriseInstall: false })).toMatchObject({
      team: { id: "T0STORE0001" },
      bot: { token: "xoxb-first-token-0001", id: "BT0STORE0001", userId: "UT0STORE0001", scopes: ["commands", "chat:write"] },
      isEnterpriseInstall: false,
    });

    await store.storeInstallation(install("T0STORE0001", "xoxb-second-token-0002"));
    expect((await store.botOfWorkspace(workspace!.id))?.token).toBe("xoxb-second-token-0002");
    const [count] = await db.sql<{ n: number }[]>`select count(*)::int as n from slack_installations`;
    expect(count!.n).toBe(1);
  });

  it("knows no token for a team that never installed the app, and Bolt's authorize is refused for it", async () => {
    expect(await store.botOfTeam("T0NEVER0001")).toBeNull();
    await expect(store.fetchInstallation({ teamId: "T0NEVER0001", enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(
      "the app is not installed in Slack team T0NEVER0001",
    );
  });

  it("refuses org-wide (Enterprise Grid) installs and stores nothing", async () => {
    const org = install("T0ORG000001", "xoxb-org-token-0001", {
      team: undefined,
      enterprise: { id: "E0GRID00001" },
      isEnterpriseInstall: true,
    });
    await expect(store.storeInstallation(org)).rejects.toBeInstanceOf(OrgInstallRefused);
    await expect(store.fetchInstallation({ teamId: undefined, enterpriseId: "E0GRID00001", isEnterpriseInstall: true })).rejects.toBeInstanceOf(
      OrgInstallRefused,
    );
    expect(await db.sql`select 1 from workspaces where slack_team_id = 'T0ORG000001'`).toHaveLength(0);
  });

  it("keeps each token sealed for its own team: copied to another workspace's row, it does not open", async () => {
    await store.storeInstallation(install("T0SEALA0001", "xoxb-token-of-a-0001"));
    await store.storeInstallation(install("T0SEALB0001", "xoxb-token-of-b-0001"));
    await db.sql`
      update slack_installations set bot_token_sealed =
        (select bot_token_sealed from slack_installations i join workspaces w on w.id = i.workspace_id where w.slack_team_id = 'T0SEALA0001')
      where workspace_id = (select id from workspaces where slack_team_id = 'T0SEALB0001')`;
    expect((await store.botOfTeam("T0SEALA0001"))?.token).toBe("xoxb-token-of-a-0001");
    await expect(store.botOfTeam("T0SEALB0001")).rejects.toThrow("does not open");
  });
});
