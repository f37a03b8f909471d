// "Migration from connector to messenger" (product specification): a messenger campaign takes
// the accepted connections of a connector campaign. Each moved person leaves the connector
// campaign (its follow-ups are cancelled) so that nobody gets both sequences.
import type { TransactionSql } from "postgres";
import type { Campaign } from "./campaigns.js";

export interface MigrationResult {
  moved: number;
  skipped: number;
}

export async function takeAcceptedConnections(
  tx: TransactionSql,
  messenger: Campaign,
  connector: Campaign,
): Promise<MigrationResult> {
  // The specification's query: connector campaign, status connected, acceptance known.
  const candidates = await tx<{ id: string; public_identifier: string }[]>`
    select cp.id, cp.public_identifier
    from campaign_prospects cp join campaigns c on cp.campaign_id = c.id
    where c.id = ${connector.id} and c.campaign_type = 'connector' and c.workspace_id = ${messenger.workspace_id}
      and cp.status = 'connected' and cp.connection_accepted_at is not null
    for update of cp`;
  if (candidates.length === 0) return { moved: 0, skipped: 0 };
  // One array parameter, not a list: a connector campaign can have more than 65,535 accepted people.
  const ids = tx.array(candidates.map((row) => row.id));
  await tx`update send_queue set status = 'cancelled', updated_at = now()
           where prospect_id = any(${ids}::uuid[]) and status in ('pending', 'waiting')`;
  await tx`update campaign_prospects set status = 'completed',
             status_reason = ${`moved to messenger campaign “${messenger.name}” (c${messenger.handle})`}, updated_at = now()
           where id = any(${ids}::uuid[])`;
  const inserted = await tx`
    insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                    provider_id, company_name, title, custom_fields, connection_degree, status,
                                    connection_accepted_at, chat_id)
    select ${messenger.id}, workspace_id, first_name, last_name, linkedin_url, public_identifier, provider_id,
           company_name, title, custom_fields, 'FIRST_DEGREE', 'pending', connection_accepted_at, chat_id
    from campaign_prospects where id = any(${ids}::uuid[])
    on conflict (campaign_id, public_identifier) do nothing`;
  return { moved: inserted.count, skipped: candidates.length - inserted.count };
}
