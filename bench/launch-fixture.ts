// A campaign ready to launch, written straight to the database: a workspace, the sandbox's
// LinkedIn account (optionally with its relations already synced), a messenger campaign in
// 'launching' (as `/sam launch` leaves it) and its prospects. With `poolSize` > 1 the campaign has a
// sender pool of that many accounts (sandbox-linkedin-1…n), each connected to every n-th prospect,
// so the launch gives each account an equal share.
import type { Sql } from "postgres";
import { createCampaign } from "../src/campaigns/campaigns.js";
import { providerIdFor } from "../src/unipile/sandbox/index.js";
import { ensureWorkspace } from "../src/workspaces.js";

export interface LaunchFixture {
  campaignId: string;
  accountId: string;
  /** Every account of the campaign, in pool order (the first is accountId). */
  accountIds: string[];
}

export async function launchFixture(
  sql: Sql,
  options: {
    identifiers: string[];
    followUps: number;
    relationsSynced: string[] | null;
    now: Date;
    /** The account's caps and spacing, when not the defaults (20 messages a day, 30 minutes apart). */
    pace?: { dailyMessageCap: number; minGapMinutes: number; followUpMinGapMinutes: number };
    /** Accounts in the campaign's sender pool (default 1: no pool). */
    poolSize?: number;
  },
): Promise<LaunchFixture> {
  const workspaceId = await ensureWorkspace(sql, "T0BENCH0001");
  const poolSize = options.poolSize ?? 1;
  const accountIds: string[] = [];
  for (let index = 0; index < poolSize; index++) {
    const [account] = await sql<{ id: string }[]>`
      insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone, relations_synced_at)
      values (${workspaceId}, ${`sandbox-linkedin-${index + 1}`}, ${index === 0 ? "Demo LinkedIn account" : `Pool account ${index + 1}`},
              'America/New_York', ${options.relationsSynced ? options.now : null})
      returning id`;
    accountIds.push(account!.id);
  }
  const accountId = accountIds[0]!;
  if (options.pace) {
    await sql`update workspace_accounts set daily_message_cap = ${options.pace.dailyMessageCap},
                min_gap_minutes = ${options.pace.minGapMinutes}, follow_up_min_gap_minutes = ${options.pace.followUpMinGapMinutes}
              where id = any(${sql.array(accountIds)}::uuid[])`;
  }
  if (options.relationsSynced) {
    const ids = options.relationsSynced;
    for (const [index, poolAccount] of accountIds.entries()) {
      const own = ids.filter((_, i) => i % poolSize === index);
      for (let i = 0; i < own.length; i += 10_000) {
        const part = own.slice(i, i + 10_000);
        await sql`
          insert into account_relations (account_id, public_identifier, provider_id, synced_at)
          select ${poolAccount}, u.id, u.provider, ${options.now}
          from unnest(${sql.array(part)}::text[], ${sql.array(part.map((id) => providerIdFor(id)))}::text[]) as u(id, provider)`;
      }
    }
  }
  const campaign = await sql.begin((tx) =>
    createCampaign(tx, {
      workspaceId,
      name: "Bench launch",
      campaignType: "messenger",
      accountId,
      templates: {
        connection_request: "Hi {first_name}, hope all is well at {company_name|your company}",
        follow_up_messages: Array.from(
          { length: options.followUps },
          (_, i) => `Follow-up ${i + 1}, {first_name|there}`,
        ),
        follow_up_delays: Array.from({ length: options.followUps }, (_, i) => 3 + i),
      },
      timeZone: "America/New_York",
      windowStart: "09:00",
      windowEnd: "17:00",
      sendingDays: [1, 2, 3, 4, 5],
      holidayCountry: "US",
      createdBy: "U0BENCH",
    }),
  );
  await sql`update campaigns set status = 'launching' where id = ${campaign.id}`;
  for (const [position, poolAccount] of accountIds.entries()) {
    if (position === 0) continue; // createCampaign listed the first
    await sql`insert into campaign_accounts (campaign_id, account_id, position) values (${campaign.id}, ${poolAccount}, ${position})`;
  }
  const ids = options.identifiers;
  for (let i = 0; i < ids.length; i += 10_000) {
    const part = ids.slice(i, i + 10_000);
    await sql`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier, source_row)
      select ${campaign.id}, ${workspaceId}, 'First' || u.n, 'Last' || u.n, 'https://www.linkedin.com/in/' || u.id || '/', u.id, u.n + 1
      from unnest(${sql.array(part)}::text[]) with ordinality as u(id, n)`;
  }
  return { campaignId: campaign.id, accountId, accountIds };
}
