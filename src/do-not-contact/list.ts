// The workspace's do-not-contact list in the database: looking prospects up in it (one indexed
// query for any number of prospects), adding entries idempotently, and cancelling what was going
// to be sent to the people and companies an entry names. Every query is bounded to one workspace:
// another workspace's list never applies.
import type { TransactionSql } from "postgres";
import { COMPANY_PAGE_SQL, type EntryKind, type EntrySource, keysOf, type ProspectIdentity, type ProspectKeys } from "./keys.js";
import type { Queryable } from "../db/queryable.js";

/** The reason a prospect is skipped or stopped for, in import reports, launch results and statuses. */
export const DNC_REASON = "on the do-not-contact list";

export interface EntryKey {
  kind: EntryKind;
  key: string;
}

export interface NewEntry extends EntryKey {
  original: string;
  providerId?: string | null;
}

export interface EntryMeta {
  reason: string | null;
  addedBy: string | null;
  source: EntrySource;
  addedAt: Date;
}

interface Listed {
  kind: EntryKind;
  key: string;
  provider_id: string | null;
}

/** The list's entries that could match any of these prospects; `matches` then says which one does. */
export async function listedAmong(sql: Queryable, workspaceId: string, prospects: readonly ProspectKeys[]): Promise<Matcher> {
  const profiles = new Set<string>();
  const companies = new Set<string>();
  const pages = new Set<string>();
  const providers = new Set<string>();
  for (const keys of prospects) {
    profiles.add(keys.profile);
    if (keys.company) companies.add(keys.company);
    if (keys.companyPage) pages.add(keys.companyPage);
    if (keys.providerId) providers.add(keys.providerId);
  }
  if (prospects.length === 0) return new Matcher([]);
  const rows = await sql<Listed[]>`
    select kind, key, provider_id from do_not_contact
    where workspace_id = ${workspaceId} and kind = 'profile' and key = any(${sql.array([...profiles])}::text[])
    union all
    select kind, key, provider_id from do_not_contact
    where workspace_id = ${workspaceId} and kind = 'company' and key = any(${sql.array([...companies])}::text[])
    union all
    select kind, key, provider_id from do_not_contact
    where workspace_id = ${workspaceId} and kind = 'company_page' and key = any(${sql.array([...pages])}::text[])
    union all
    select kind, key, provider_id from do_not_contact
    where workspace_id = ${workspaceId} and provider_id is not null and provider_id = any(${sql.array([...providers])}::text[])`;
  return new Matcher(rows);
}

/**
 * The same look-up for one prospect as a boolean expression inside another statement (the send's
 * claim: one statement fewer a send); true when an entry names the prospect, as `matches` would
 * say. Four probes of the list's unique key and its provider id index.
 */
export const listedExpression = (sql: Queryable, workspaceId: string, keys: ProspectKeys) => sql`(
  exists (select 1 from do_not_contact d where d.workspace_id = ${workspaceId} and d.kind = 'profile' and d.key = ${keys.profile})
  or exists (select 1 from do_not_contact d where d.workspace_id = ${workspaceId} and d.kind = 'company' and d.key = ${keys.company})
  or exists (select 1 from do_not_contact d where d.workspace_id = ${workspaceId} and d.kind = 'company_page' and d.key = ${keys.companyPage})
  or exists (select 1 from do_not_contact d where d.workspace_id = ${workspaceId} and d.provider_id = ${keys.providerId}))`;

/**
 * listedAmong for many prospects (an import, a launch): a list no longer than the prospects is
 * read whole, one small query, instead of sending every prospect's keys (100,000 of them in an
 * import) and computing them at all; a longer list is looked up by the keys as usual. The
 * matcher answers the same either way: it tests each prospect's own keys.
 */
export async function listedAmongMany(
  sql: Queryable,
  workspaceId: string,
  count: number,
  keys: () => readonly ProspectKeys[],
): Promise<Matcher> {
  if (count === 0) return new Matcher([]);
  const whole = await sql<Listed[]>`
    select kind, key, provider_id from do_not_contact where workspace_id = ${workspaceId} limit ${count + 1}`;
  if (whole.length <= count) return new Matcher(whole);
  return listedAmong(sql, workspaceId, keys());
}

export class Matcher {
  private readonly keys = new Set<string>();
  private readonly providers = new Set<string>();
  constructor(rows: readonly Listed[]) {
    for (const row of rows) {
      this.keys.add(`${row.kind}\u0000${row.key}`);
      if (row.provider_id) this.providers.add(row.provider_id);
    }
  }
  get empty(): boolean {
    return this.keys.size === 0;
  }
  /** The kind of entry that names this prospect, or null. */
  matches(keys: ProspectKeys): EntryKind | null {
    if (this.keys.has(`profile\u0000${keys.profile}`) || (keys.providerId && this.providers.has(keys.providerId))) return "profile";
    if (keys.company && this.keys.has(`company\u0000${keys.company}`)) return "company";
    if (keys.companyPage && this.keys.has(`company_page\u0000${keys.companyPage}`)) return "company_page";
    return null;
  }
}

/** Adds entries; those already on the list are left as they were (who/why/when of the first). Returns how many were new. */
export async function addEntries(tx: TransactionSql, workspaceId: string, entries: readonly NewEntry[], meta: EntryMeta): Promise<number> {
  if (entries.length === 0) return 0;
  const added = await tx`
    insert into do_not_contact (workspace_id, kind, key, original, provider_id, reason, added_by, added_at, source)
    select ${workspaceId}, u.kind, u.key, u.original, u.provider_id, ${meta.reason}, ${meta.addedBy}, ${meta.addedAt}, ${meta.source}
    from unnest(${tx.array(entries.map((entry) => entry.kind))}::text[], ${tx.array(entries.map((entry) => entry.key))}::text[],
                ${tx.array(entries.map((entry) => entry.original))}::text[],
                ${tx.array(entries.map((entry) => entry.providerId ?? null) as string[])}::text[])
      as u(kind, key, original, provider_id)
    on conflict (workspace_id, kind, key) do update
      set provider_id = coalesce(do_not_contact.provider_id, excluded.provider_id)
    returning (xmax = 0) as inserted`;
  return added.filter((row) => row.inserted).length;
}

export interface Cancelled {
  /** Prospects now opted out (they had not finished). */
  prospects: number;
  /** send_queue rows cancelled (pending or waiting). */
  rows: number;
  /** Campaigns that had rows cancelled (they may have nothing left to send). */
  campaignIds: string[];
}

interface Candidate extends ProspectIdentity {
  id: string;
}

/**
 * Stops every prospect of the workspace whom one of these entries names: each pending or
 * waiting message is cancelled, in every campaign, and a prospect still being worked on becomes
 * `opted_out` with the reason. A message already being sent is left to finish (its outcome is
 * recorded as usual). People are found by an indexed look-up; company entries read the
 * workspace's unfinished prospects' companies, since a company's key is computed here.
 */
export async function cancelListed(tx: TransactionSql, workspaceId: string, entries: readonly NewEntry[]): Promise<Cancelled> {
  const profiles = entries.filter((entry) => entry.kind === "profile");
  const companyEntries = entries.filter((entry) => entry.kind !== "profile");
  const ids = new Set<string>();
  if (profiles.length > 0) {
    const providers = profiles.map((entry) => entry.providerId).filter((id): id is string => Boolean(id));
    const rows = await tx<{ id: string }[]>`
      select id from campaign_prospects
      where workspace_id = ${workspaceId}
        and (public_identifier = any(${tx.array(profiles.map((entry) => entry.key))}::text[])
             or provider_id = any(${tx.array(providers)}::text[]))`;
    for (const row of rows) ids.add(row.id);
  }
  if (companyEntries.length > 0) {
    const matcher = new Matcher(companyEntries.map((entry) => ({ kind: entry.kind, key: entry.key, provider_id: null })));
    const candidates = await tx.unsafe<Candidate[]>(
      `select p.id, p.public_identifier, p.provider_id, p.company_name, ${COMPANY_PAGE_SQL} as company_page
       from campaign_prospects p
       where p.workspace_id = $1
         and (p.status not in ('replied', 'completed', 'not_accepted', 'skipped', 'failed', 'opted_out', 'cancelled')
              or exists (select 1 from send_queue q where q.prospect_id = p.id and q.status in ('pending', 'waiting')))`,
      [workspaceId],
    );
    for (const candidate of candidates) if (matcher.matches(keysOf(candidate))) ids.add(candidate.id);
  }
  return cancelProspects(tx, [...ids]);
}

/** Cancels these prospects' pending and waiting messages and opts out those not finished. */
export async function cancelProspects(tx: TransactionSql, prospectIds: readonly string[]): Promise<Cancelled> {
  if (prospectIds.length === 0) return { prospects: 0, rows: 0, campaignIds: [] };
  const ids = tx.array([...prospectIds]);
  const rows = await tx<{ campaign_id: string }[]>`
    update send_queue set status = 'cancelled', error_message = ${DNC_REASON}, updated_at = now()
    where prospect_id = any(${ids}::uuid[]) and status in ('pending', 'waiting')
    returning campaign_id`;
  const prospects = await tx`
    update campaign_prospects set status = 'opted_out', status_reason = ${DNC_REASON}, updated_at = now()
    where id = any(${ids}::uuid[])
      and status not in ('replied', 'completed', 'not_accepted', 'skipped', 'failed', 'opted_out', 'cancelled')
    returning id`;
  return { prospects: prospects.length, rows: rows.length, campaignIds: [...new Set(rows.map((row) => row.campaign_id))] };
}
