// Direct inserts of a workspace, an account, a campaign and its queue, for tests that need data
// in place without going through Slack.
import type { Sql } from "../../src/db/database.js";

export interface SeedOptions {
  teamId?: string;
  campaignType?: "messenger" | "connector";
  prospects?: number;
  messages?: number;
  sentFirstMessages?: number;
  name?: string;
  unipileAccountId?: string;
}

export async function seedCampaign(sql: Sql, options: SeedOptions = {}) {
  const teamId = options.teamId ?? "T_SEED";
  const [workspace] = await sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name) values (${teamId}, 'Seed workspace')
    on conflict (slack_team_id) do update set name = excluded.name returning id`;
  const [account] = await sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone)
    values (${workspace!.id}, ${options.unipileAccountId ?? `acc-${teamId}`}, 'Seed LinkedIn', 'America/New_York')
    returning id`;
  const [{ handle }] = (await sql`
    update workspaces set campaign_counter = campaign_counter + 1 where id = ${workspace!.id}
    returning campaign_counter as handle`) as unknown as [{ handle: number }];
  const messages = options.messages ?? 3;
  const [campaign] = await sql<{ id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, account_id, message_templates, time_zone)
    values (${workspace!.id}, ${handle}, ${options.name ?? `Seed campaign ${handle}`}, ${options.campaignType ?? "messenger"},
            'active', ${account!.id},
            ${sql.json({ connection_request: "Hi {first_name}", follow_up_messages: ["FU1", "FU2"], follow_up_delays: [3, 5] })},
            'America/New_York')
    returning id`;
  const prospectIds: string[] = [];
  const base = Date.parse("2026-11-30T14:00:00Z");
  for (let i = 1; i <= (options.prospects ?? 3); i++) {
    const sent = i <= (options.sentFirstMessages ?? 0);
    const [prospect] = await sql<{ id: string }[]>`
      insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                      provider_id, status)
      values (${campaign!.id}, ${workspace!.id}, ${`Prospect${i}`}, 'Seed', ${`https://www.linkedin.com/in/seed-${handle}-${i}/`},
              ${`seed-${handle}-${i}`}, ${`ACoAASeed${handle}x${i}`}, ${sent ? "messaging" : "connected"})
      returning id`;
    prospectIds.push(prospect!.id);
    for (let step = 0; step < messages; step++) {
      const at = new Date(base + i * 30 * 60_000 + step * 3 * 86_400_000);
      const isSent = sent && step === 0;
      await sql`
        insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at)
        values (${campaign!.id}, ${prospect!.id}, ${account!.id}, ${`direct_message_${step + 1}`}, ${step}, ${at},
                ${isSent ? "sent" : "pending"}, ${isSent ? at : null})`;
    }
  }
  return { workspaceId: workspace!.id, accountId: account!.id, campaignId: campaign!.id, handle, prospectIds };
}
