// A draft campaign on the sandbox's LinkedIn account, in the driver's workspace, with prospects
// inserted directly: for tests of launch and delivery that start after the Slack part.
import { randomBytes } from "node:crypto";
import { createCampaign, type Campaign, type MessageTemplates } from "../../src/campaigns/campaigns.js";
import type { Sql } from "../../src/db/database.js";
import { ensureWorkspace } from "../../src/workspaces.js";
import { eventually, type TestApp } from "./app.js";

export interface DraftOptions {
  teamId: string;
  /** A fixed campaign id: what it seeds (the variants' split) is then the same on every run. */
  id?: string;
  unipileAccountId?: string;
  type?: "messenger" | "connector";
  name?: string;
  templates?: Partial<MessageTemplates>;
  timeZone?: string;
  window?: { start: string; end: string; days: number[]; holidayCountry: string | null };
  prospects: Array<{ identifier: string; firstName?: string; lastName?: string; company?: string }>;
  account?: Partial<Record<"daily_message_cap" | "daily_invitation_cap" | "weekly_invitation_cap" | "min_gap_minutes" | "follow_up_min_gap_minutes" | "daily_profile_view_budget", number>> & { jitter_fraction?: number; time_zone?: string };
  /** Post the root message so the campaign has a thread (tests that read thread replies). */
  threadTs?: string;
}

export async function draftCampaign(sql: Sql, options: DraftOptions): Promise<{ campaign: Campaign; accountId: string }> {
  const workspaceId = await ensureWorkspace(sql, options.teamId);
  const unipileAccountId = options.unipileAccountId ?? "sandbox-linkedin-1";
  const [account] = await sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
    values (${workspaceId}, ${unipileAccountId}, 'Demo LinkedIn account', ${options.account?.time_zone ?? "America/New_York"})
    on conflict (unipile_account_id) do update set updated_at = now()
    returning id`;
  if (options.account) {
    const { time_zone: _zone, ...caps } = options.account;
    if (Object.keys(caps).length > 0) await sql`update workspace_accounts set ${sql(caps)} where id = ${account!.id}`;
  }
  const campaign = await sql.begin((tx) =>
    createCampaign(tx, {
      id: options.id,
      workspaceId,
      name: options.name ?? `Campaign ${randomBytes(3).toString("hex")}`,
      campaignType: options.type ?? "messenger",
      accountId: account!.id,
      templates: {
        connection_request: "Hi {first_name}, hope you're doing well",
        follow_up_messages: ["Just following up on my previous message", "Quick case study for {company_name|your team}"],
        follow_up_delays: [3, 5, 7],
        ...options.templates,
      },
      timeZone: options.timeZone ?? "America/New_York",
      windowStart: options.window?.start ?? "09:00",
      windowEnd: options.window?.end ?? "17:00",
      sendingDays: options.window?.days ?? [1, 2, 3, 4, 5],
      holidayCountry: options.window ? options.window.holidayCountry : "US",
      createdBy: "U0ALICE0001",
    }),
  );
  if (options.prospects.length > 0) {
    const rows = options.prospects.map((prospect, i) => ({
      campaign_id: campaign.id,
      workspace_id: workspaceId,
      first_name: prospect.firstName ?? `First${i + 1}`,
      last_name: prospect.lastName ?? `Last${i + 1}`,
      linkedin_url: `https://www.linkedin.com/in/${prospect.identifier}/`,
      public_identifier: prospect.identifier,
      company_name: prospect.company ?? null,
      source_row: i + 2,
    }));
    for (let i = 0; i < rows.length; i += 1000) await sql`insert into campaign_prospects ${sql(rows.slice(i, i + 1000))}`;
  }
  return { campaign, accountId: account!.id };
}

/**
 * A one-message messenger campaign on the sandbox account, launched with `/sam launch` and
 * active: its prospects are the account's connections, its window always open, first messages
 * an hour apart.
 */
export async function launchedMessenger(app: TestApp, people: string[]): Promise<{ campaign: Campaign; accountId: string }> {
  for (const identifier of people) app.sandbox.world.connect("sandbox-linkedin-1", identifier, new Date("2026-01-01T00:00:00Z"));
  const { campaign, accountId } = await draftCampaign(app.db.sql, {
    teamId: app.slack.teamId,
    window: { start: "00:00", end: "24:00", days: [1, 2, 3, 4, 5, 6, 7], holidayCountry: null },
    templates: { connection_request: "Hi {first_name}!", follow_up_messages: [], follow_up_delays: [] },
    prospects: people.map((identifier) => ({ identifier })),
    account: { min_gap_minutes: 60, follow_up_min_gap_minutes: 0, jitter_fraction: 0 },
  });
  await app.driver.command(`launch c${campaign.handle}`);
  await eventually(async () => (await app.db.sql`select status from campaigns where id = ${campaign.id}`)[0]!.status === "active");
  return { campaign, accountId };
}
