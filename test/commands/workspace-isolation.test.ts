// Two Slack workspaces on one app: whatever workspace B sends (commands naming A's campaigns by
// handle or by name, A's campaign ids in button values or modal metadata), nothing of A is shown
// to B or changed. Workspace rows are created on first use, by the requests themselves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Campaign } from "../../src/campaigns/campaigns.js";
import { eventually, startTestApp, type TestApp } from "../support/app.js";
import { DEFAULT_CHANNEL_ID } from "../support/fake-slack.js";
import { seedCampaign } from "../support/seed.js";
import { ackText, answerText, makeCampaign, reload, settled } from "../campaigns/fixtures.js";
import { importModal } from "../../src/views/import-prospects.js";

const TEAM_A = "T0WSALPHA01";
const TEAM_B = "T0WSBRAVO01";
const ALICE = "U0ALICE0001";
const BOB = "U0BOB000001";

let t: TestApp;
const a: Record<"secret" | "draft" | "paused" | "connector", Campaign> = {} as never;
let bravo: Campaign;

/** Everything of workspace A that a leak could change. */
async function snapshotOfA() {
  const [workspace] = await t.db.sql<{ id: string }[]>`select id from workspaces where slack_team_id = ${TEAM_A}`;
  const id = workspace!.id;
  return {
    campaigns: await t.db.sql`select id, status, updated_at from campaigns where workspace_id = ${id} order by handle`,
    prospects: await t.db.sql`
      select id, campaign_id, status, updated_at from campaign_prospects where workspace_id = ${id} order by id`,
    queue: await t.db.sql`
      select q.id, q.status, q.updated_at from send_queue q join campaigns c on c.id = q.campaign_id
      where c.workspace_id = ${id} order by q.id`,
    outbox: await t.db.sql`select id from slack_outbox where workspace_id = ${id} order by id`,
    jobs: await t.db.sql`
      select tasks.identifier as task, jobs.payload->>'campaignId' as campaign
      from graphile_worker._private_jobs jobs join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
      where jobs.payload->>'campaignId' in (select id::text from campaigns where workspace_id = ${id})`,
  };
}

beforeAll(async () => {
  t = await startTestApp();
  t.slack.addUser({ id: BOB, real_name: "Bob Bravo", tz: "Europe/Berlin" });
  // Workspace A: c1 active with prospects and queue rows, c2 draft, c3 paused, c4 a connector.
  const seeded = await seedCampaign(t.db.sql, {
    teamId: TEAM_A,
    name: "Alpha Secret",
    prospects: 3,
    sentFirstMessages: 1,
    unipileAccountId: "acc-alpha",
  });
  a.secret = await reload(t, seeded.campaignId);
  a.draft = await makeCampaign(t, { teamId: TEAM_A, name: "Alpha Draft" });
  a.paused = await makeCampaign(t, { teamId: TEAM_A, name: "Alpha Paused", status: "paused" });
  a.connector = await makeCampaign(t, { teamId: TEAM_A, name: "Alpha Connector", type: "connector", status: "active" });
  await t.db.sql`
    insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                    status, connection_accepted_at)
    values (${a.connector.id}, ${a.connector.workspace_id}, 'Connie', 'Nected', 'https://www.linkedin.com/in/connie/',
            'connie', 'connected', '2026-11-20T10:00:00Z')`;
  // Workspace B: one messenger campaign, c1 there too.
  bravo = await makeCampaign(t, { teamId: TEAM_B, name: "Bravo Own" });
  await settled(t);
});
afterAll(() => t?.stop());

describe("commands from workspace B that name workspace A's campaigns", () => {
  // The A campaign each reference points at is one whose state would allow the command.
  const byHandle: Array<[string, string]> = [
    ["status", "c3"],
    ["import", "c3"],
    ["launch", "c2"],
    ["pause", "c4"],
    ["resume", "c3"],
    ["cancel", "c4"],
    ["retry", "c4"],
    ["preview", "c4"],
    ["export", "c3"],
  ];
  const byName: Array<[string, string]> = [
    ["status", "Alpha Secret"],
    ["import", "alpha secret"],
    ["launch", "Alpha Draft"],
    ["pause", "ALPHA SECRET"],
    ["resume", "Alpha Paused"],
    ["cancel", "Alpha Secret"],
    ["retry", "Alpha Secret"],
    ["preview", "Alpha Connector"],
    ["export", "“Alpha Secret”"],
  ];

  it.each([...byHandle.map(([c, r]) => [c, r, "handle"]), ...byName.map(([c, r]) => [c, r, "name"])])(
    "/sam %s %s (by %s) finds nothing and changes nothing",
    async (command, reference) => {
      const before = await snapshotOfA();
      const opened = t.slack.callsTo("views.open").length;
      const uploads = t.slack.uploads.length;
      const response = await t.driver.command(`${command} ${reference}`, { teamId: TEAM_B, userId: BOB });
      expect(response.status).toBe(200);
      const text = ackText(response);
      const shown = reference.replace(/^“|”$/g, "");
      expect(text.startsWith(`No campaign “${shown}” in this workspace. `)).toBe(true);
      expect(text).toContain("*SAM Campaigns*");
      // Nothing of A beyond the words B typed itself.
      expect(text.replace(`“${shown}”`, "")).not.toMatch(/alpha/i);
      await settled(t);
      expect(await snapshotOfA()).toEqual(before);
      expect(t.slack.callsTo("views.open")).toHaveLength(opened);
      expect(t.slack.uploads).toHaveLength(uploads);
    },
  );

  it("the same commands in workspace A do reach A's campaigns (the references are right)", async () => {
    expect(await answerText(t, "status c3", { teamId: TEAM_A })).toContain("*Alpha Paused* (c3)");
    expect(await answerText(t, "status alpha secret", { teamId: TEAM_A })).toContain("*Alpha Secret* (c1)");
    expect(ackText(await t.driver.command("pause c4", { teamId: TEAM_A }))).toBe("Paused *Alpha Connector*.");
    await settled(t);
  });

  it("a handle that exists in both workspaces means the caller's own campaign", async () => {
    const before = await snapshotOfA();
    const status = await answerText(t, "status c1", { teamId: TEAM_B, userId: BOB });
    expect(status).toContain("*Bravo Own* (c1)");
    expect(status).not.toMatch(/alpha/i);
    // A's c1 is active and could be paused; B's c1 is a draft and cannot.
    const pause = ackText(await t.driver.command("pause c1", { teamId: TEAM_B, userId: BOB }));
    expect(pause).toBe("*Bravo Own* is draft; it can be paused only when active or launching.");
    await settled(t);
    expect(await snapshotOfA()).toEqual(before);
    expect((await reload(t, bravo.id)).status).toBe("draft");
  });

  it("/sam import <B's messenger> from <A's connector> moves nobody", async () => {
    const before = await snapshotOfA();
    const response = await t.driver.command("import c1 from Alpha Connector", { teamId: TEAM_B, userId: BOB });
    expect(ackText(response)).toBe("No connector campaign “Alpha Connector” in this workspace.");
    const byHandle = await t.driver.command("import Bravo Own from c4", { teamId: TEAM_B, userId: BOB });
    expect(ackText(byHandle)).toBe("No connector campaign “c4” in this workspace.");
    await settled(t);
    expect(await snapshotOfA()).toEqual(before);
    expect(await t.db.sql`select 1 from campaign_prospects where campaign_id = ${bravo.id}`).toHaveLength(0);
  });

  it("/sam list shows each workspace only its own campaigns", async () => {
    const listB = await answerText(t, "list", { teamId: TEAM_B, userId: BOB });
    expect(listB).toBe("*Campaigns*\n`c1` *Bravo Own* · messenger · draft · 0 prospects · sent 0 · replied 0 · failed 0");
    const listA = await answerText(t, "list", { teamId: TEAM_A });
    expect(listA).toContain("*Alpha Secret*");
    expect(listA).not.toContain("Bravo");
  });
});

describe("root-message buttons clicked in workspace B with workspace A's campaign ids", () => {
  const clicks: Array<[string, keyof typeof a]> = [
    ["campaign_launch", "draft"],
    ["campaign_pause", "secret"],
    ["campaign_resume", "paused"],
    ["campaign_status", "secret"],
    ["campaign_preview", "secret"],
    ["campaign_upload", "secret"],
  ];

  it.each(clicks)("%s on A's %s campaign does nothing", async (actionId, which) => {
    const before = await snapshotOfA();
    const opened = t.slack.callsTo("views.open").length;
    const ephemerals = t.slack.callsTo("chat.postEphemeral").length;
    const response = await t.driver.blockAction(
      { action_id: actionId, value: a[which].id },
      { teamId: TEAM_B, userId: BOB, channelId: DEFAULT_CHANNEL_ID, message: { ts: a[which].slack_thread_ts ?? "1.0" } },
    );
    expect(response.status).toBe(200);
    // A click of B's own Status button afterwards proves the listeners ran; its answer is B's.
    await t.driver.blockAction(
      { action_id: "campaign_status", value: bravo.id },
      { teamId: TEAM_B, userId: BOB, channelId: DEFAULT_CHANNEL_ID },
    );
    const own = await eventually(() =>
      t.slack.callsTo("chat.postEphemeral").slice(ephemerals).find((call) => String(call.args.text).includes("Bravo Own")),
    );
    expect(own.args.user).toBe(BOB);
    await settled(t);
    const answers = t.slack.callsTo("chat.postEphemeral").slice(ephemerals);
    expect(answers.map((call) => String(call.args.text)).filter((text) => /alpha/i.test(text))).toEqual([]);
    expect(answers).toHaveLength(1);
    expect(t.slack.callsTo("views.open")).toHaveLength(opened);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("the same Status click from workspace A answers with A's campaign (the ids are right)", async () => {
    const ephemerals = t.slack.callsTo("chat.postEphemeral").length;
    await t.driver.blockAction({ action_id: "campaign_status", value: a.secret.id }, { teamId: TEAM_A, userId: ALICE });
    const answer = await eventually(() => t.slack.callsTo("chat.postEphemeral")[ephemerals]);
    expect(String(answer.args.text)).toContain("*Alpha Secret* (c1)");
  });
});

describe("views from workspace B carrying workspace A's campaign id", () => {
  it("the import modal with A's campaign id in private_metadata is refused and imports nothing", async () => {
    const before = await snapshotOfA();
    const file = t.slack.addFile({
      name: "forged.csv",
      content: "first_name,last_name,linkedin_url\nEve,Forger,https://www.linkedin.com/in/eve-forger\n",
    });
    const response = await t.driver.viewSubmission(
      {
        callback_id: "import_prospects",
        // A submitted view carries the blocks the app opened it with, as on Slack.
        blocks: importModal({ id: a.secret.id, name: "any" }).blocks,
        private_metadata: JSON.stringify({ campaignId: a.secret.id }),
        state: { values: { csv: { value: { type: "file_input", files: [{ id: file.id }] } } } },
      },
      { teamId: TEAM_B, userId: BOB },
    );
    expect(response.json).toEqual({ response_action: "errors", errors: { csv: "That campaign is not in this workspace." } });
    await settled(t);
    expect(await snapshotOfA()).toEqual(before);
    expect(t.slack.callsTo("file_download").filter((call) => String(call.args.path).includes(file.id))).toEqual([]);
    expect(await t.db.sql`select 1 from campaign_prospects where public_identifier = 'eve-forger'`).toHaveLength(0);
  });

  it("App Home in workspace B lists only B's campaigns", async () => {
    // App Home lists the viewer's own campaigns (issue 17's dashboard): Bob made Bravo Own.
    await t.db.sql`update campaigns set created_by = ${BOB} where id = ${bravo.id}`;
    const published = t.slack.callsTo("views.publish").length;
    await t.driver.event({ type: "app_home_opened", user: BOB, tab: "home", channel: "D0BOB" }, { teamId: TEAM_B });
    const call = await eventually(() => t.slack.callsTo("views.publish").slice(published).find((c) => c.args.user_id === BOB));
    const home = JSON.stringify(call.args.view);
    expect(home).toContain("Bravo Own");
    expect(home).not.toMatch(/Alpha/);
  });
});
