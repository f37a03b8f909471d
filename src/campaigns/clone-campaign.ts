// Cloning a campaign (issue 16): a new draft with the original's settings, messages (variants
// and every other template key included) and options, and, when asked, the prospects the
// original has not contacted. One active campaign per person (campaign_prospects_one_active_campaign):
// someone still active in a campaign of the workspace, the original included, is left out, and
// the thread says how many and why, as are people on the do-not-contact list or opted out.
import type { Sql, TransactionSql } from "postgres";
import { FINISHED_PROSPECT_STATUSES } from "../db/enums.js";
import { companyPageOf, keysOf } from "../do-not-contact/keys.js";
import { listedAmongMany } from "../do-not-contact/list.js";
import { escapeMrkdwn } from "../slack/text.js";
import { type Campaign, createCampaign, handleOf, poolAccountIds } from "./campaigns.js";

export interface CloneResult {
  campaign: Campaign;
  copied: number;
  /** Sentences for the thread: who was left out and why, with counts. */
  leftOut: string[];
}

interface Candidate {
  id: string;
  public_identifier: string;
  provider_id: string | null;
  company_name: string | null;
  custom_fields: Record<string, string>;
  status: string;
  contacted: boolean;
  active_handle: number | null;
  active_name: string | null;
}

/** "Copy of <name>", cut to the name limit, numbered until no campaign of the workspace has it. */
export async function cloneName(sql: Sql | TransactionSql, campaign: Campaign): Promise<string> {
  const base = `Copy of ${campaign.name}`.slice(0, 72);
  const taken = new Set(
    (
      await sql<{ name: string }[]>`
        select lower(name) as name from campaigns where workspace_id = ${campaign.workspace_id} and lower(name) like lower(${`${base}%`})`
    ).map((row) => row.name),
  );
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

export async function cloneCampaign(
  tx: TransactionSql,
  original: Campaign,
  input: { name: string; createdBy: string; withProspects: boolean },
): Promise<CloneResult> {
  // Only accounts still this workspace's: a relinked one would make the copy send for another workspace.
  const pool = await poolAccountIds(tx, original);
  const own = await tx<{ id: string }[]>`
    select id from workspace_accounts
    where id = any(${tx.array(pool)}::uuid[]) and workspace_id = ${original.workspace_id} and unlinked_at is null
    order by array_position(${tx.array(pool)}::uuid[], id)`;
  const accounts = own.map((row) => row.id);
  const created = await createCampaign(tx, {
    workspaceId: original.workspace_id,
    name: input.name,
    campaignType: original.campaign_type,
    accountId: accounts[0] ?? null,
    moreAccountIds: accounts.slice(1),
    templates: original.message_templates,
    timeZone: original.time_zone,
    windowStart: original.window_start,
    windowEnd: original.window_end,
    sendingDays: original.sending_days,
    holidayCountry: original.holiday_country,
    createdBy: input.createdBy,
  });
  const [campaign] = await tx<Campaign[]>`
    update campaigns c set auto_optimise = o.auto_optimise, variant_min_sample = o.variant_min_sample,
      notify_owner_on_interested = o.notify_owner_on_interested
    from campaigns o where c.id = ${created.id} and o.id = ${original.id}
    returning c.*`;
  const leftOut: string[] = [];
  if (pool.length > accounts.length) leftOut.push(`${pool.length - accounts.length} LinkedIn account(s) of the original are no longer linked to this workspace and were not copied.`);
  if (!input.withProspects) return { campaign: campaign!, copied: 0, leftOut };

  const candidates = await tx<Candidate[]>`
    select p.id, p.public_identifier, p.provider_id, p.company_name, p.custom_fields, p.status,
      (p.contacted_at is not null
        or p.status in ('messaging', 'connection_request_sent', 'replied', 'completed', 'not_accepted')
        or exists (select 1 from send_queue q where q.prospect_id = p.id and q.status in ('sent', 'sending'))) as contacted,
      a.handle as active_handle, a.name as active_name
    from campaign_prospects p
    left join lateral (
      select c.handle, c.name from campaign_prospects o join campaigns c on c.id = o.campaign_id
      where o.workspace_id = ${original.workspace_id} and o.public_identifier = p.public_identifier
        and o.status not in ${tx(FINISHED_PROSPECT_STATUSES)}
      order by c.handle limit 1
    ) a on true
    where p.campaign_id = ${original.id}
    order by p.source_row nulls last, p.created_at`;
  const uncontacted = candidates.filter((prospect) => !prospect.contacted);
  const contacted = candidates.length - uncontacted.length;
  const optedOut = uncontacted.filter((prospect) => prospect.status === "opted_out");
  const keys = (prospect: Candidate) => keysOf({ ...prospect, company_page: companyPageOf(prospect.custom_fields) });
  const listed = await listedAmongMany(tx, original.workspace_id, uncontacted.length, () => uncontacted.map(keys));
  const doNotContact = uncontacted.filter((prospect) => prospect.status !== "opted_out" && !listed.empty && listed.matches(keys(prospect)));
  const blocked = new Set([...optedOut, ...doNotContact].map((prospect) => prospect.id));
  const activeElsewhere = new Map<string, number>();
  const copy: string[] = [];
  for (const prospect of uncontacted) {
    if (blocked.has(prospect.id)) continue;
    if (prospect.active_handle !== null) {
      const where = `c${prospect.active_handle} “${escapeMrkdwn(prospect.active_name ?? "")}”`;
      activeElsewhere.set(where, (activeElsewhere.get(where) ?? 0) + 1);
    } else copy.push(prospect.id);
  }
  const inserted = await tx`
    insert into campaign_prospects (campaign_id, workspace_id, first_name, last_name, linkedin_url, public_identifier,
                                    provider_id, company_name, title, custom_fields, source_row)
    select ${campaign!.id}, workspace_id, first_name, last_name, linkedin_url, public_identifier,
           provider_id, company_name, title, custom_fields, source_row
    from campaign_prospects where id = any(${tx.array(copy)}::uuid[])
    order by source_row nulls last, created_at`;
  if (contacted > 0) leftOut.push(`${contacted} already contacted by ${handleOf(original)} (not copied, by definition).`);
  for (const [where, count] of activeElsewhere) {
    leftOut.push(
      `${count} still active in ${where}: a person is in one active campaign at a time (finish or cancel that campaign, then import them).`,
    );
  }
  if (optedOut.length + doNotContact.length > 0) {
    leftOut.push(`${optedOut.length + doNotContact.length} opted out or on the do-not-contact list.`);
  }
  return { campaign: campaign!, copied: inserted.count, leftOut };
}
