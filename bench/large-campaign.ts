// A campaign of any size in a few seconds, for measurements that need a big one in place (the
// slack_ack measurement's 100,000 prospects): the same rows as test/support/seed.ts's
// seedCampaign, written by set-based statements instead of one insert per row.
import type { Sql } from "../src/db/database.js";

export interface LargeCampaign {
  workspaceId: string;
  accountId: string;
  campaignId: string;
  handle: number;
}

/**
 * An active messenger campaign with `prospects` prospects, each with `messages` queue rows a
 * few days apart (the first `sentFirstMessages` already sent), on a new LinkedIn account that
 * sends 500 messages a day with no minimum gap.
 */
export async function seedLargeCampaign(
  sql: Sql,
  options: { teamId: string; prospects: number; messages?: number; sentFirstMessages?: number; name?: string },
): Promise<LargeCampaign> {
  const messages = options.messages ?? 3;
  const sentFirst = options.sentFirstMessages ?? 0;
  const [workspace] = await sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name) values (${options.teamId}, 'Large workspace')
    on conflict (slack_team_id) do update set name = excluded.name returning id`;
  // At the default pace (20 messages a day) 300,000 messages would span decades, past what the
  // planner searches; like the plan measurement, the account sends at the highest pace it allows.
  const [account] = await sql<{ id: string }[]>`
    insert into workspace_accounts (workspace_id, unipile_account_id, name, time_zone,
                                    daily_message_cap, min_gap_minutes, follow_up_min_gap_minutes)
    values (${workspace!.id}, ${`acc-large-${options.teamId}`}, 'Large LinkedIn', 'America/New_York', 500, 0, 0)
    returning id`;
  const [counter] = await sql<{ handle: number }[]>`
    update workspaces set campaign_counter = campaign_counter + 1 where id = ${workspace!.id}
    returning campaign_counter as handle`;
  const handle = counter!.handle;
  const [campaign] = await sql<{ id: string }[]>`
    insert into campaigns (workspace_id, handle, name, campaign_type, status, account_id, message_templates, time_zone)
    values (${workspace!.id}, ${handle}, ${options.name ?? `Large campaign ${handle}`}, 'messenger', 'active', ${account!.id},
            ${sql.json({
              connection_request: "Hi {first_name}",
              // As many follow-ups as the queue rows below have steps, as a launch would plan.
              follow_up_messages: Array.from({ length: messages - 1 }, (_, i) => `FU${i + 1}`),
              follow_up_delays: Array.from({ length: messages - 1 }, (_, i) => 3 + 2 * i),
            })},
            'America/New_York')
    returning id`;
  await sql`
    insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                    provider_id, status, source_row)
    select ${campaign!.id}, ${workspace!.id}, 'Prospect' || i, 'Large',
           'https://www.linkedin.com/in/large-' || ${handle}::int || '-' || i || '/',
           'large-' || ${handle}::int || '-' || i, 'ACoAALarge' || ${handle}::int || 'x' || i,
           case when i <= ${sentFirst}::int then 'messaging' else 'connected' end, i + 1
    from generate_series(1, ${options.prospects}::int) as i`;
  await sql`
    insert into send_queue (campaign_id, prospect_id, account_id, message_type, step, scheduled_for, status, sent_at, delay_days)
    select p.campaign_id, p.id, ${account!.id}, 'direct_message_' || (step + 1), step,
           timestamptz '2026-11-30T14:00:00Z' + (p.source_row - 1) * interval '30 minutes' + step * interval '3 days',
           case when step = 0 and p.source_row - 1 <= ${sentFirst}::int then 'sent' else 'pending' end,
           case when step = 0 and p.source_row - 1 <= ${sentFirst}::int
                then timestamptz '2026-11-30T14:00:00Z' + (p.source_row - 1) * interval '30 minutes' end,
           case when step = 0 then 0 else 3 end
    from campaign_prospects p cross join generate_series(0, ${messages - 1}::int) as step
    where p.campaign_id = ${campaign!.id}`;
  await sql`analyze campaign_prospects`;
  await sql`analyze send_queue`;
  return { workspaceId: workspace!.id, accountId: account!.id, campaignId: campaign!.id, handle };
}
