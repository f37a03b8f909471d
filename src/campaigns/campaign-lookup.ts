// What a user typed after a command → campaigns of their workspace. Every way of reading the
// text (the whole of it, the part before " from ", the part after) is looked up in ONE query,
// so a long argument with many cuts costs one round trip, not one per cut. A handle that no
// integer column can hold (c2147483648) or text PostgreSQL refuses (NUL) is simply "not found".

import type { Campaign } from "./campaigns.js";
import type { Queryable } from "../db/queryable.js";

/** The largest handle a campaign can have: handles are PostgreSQL `integer`s. */
export const MAX_HANDLE = 2_147_483_647;

/** The reference as compared: trimmed, outer quotes off, characters PostgreSQL text refuses removed. */
export function normaliseReference(text: string): string {
  return text
    .replace(/\0/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "")
    .trim()
    .replace(/^["“”']|["“”']$/g, "")
    .trim();
}

/** The number of a handle-shaped reference (`c12`), or null when it is not one a campaign can have. */
export function handleNumber(reference: string): number | null {
  const match = /^c(\d{1,10})$/i.exec(reference);
  if (!match) return null;
  const handle = Number(match[1]);
  return handle >= 1 && handle <= MAX_HANDLE ? handle : null;
}

export interface CampaignMatches {
  /** The campaign the reference names (a handle first, then a name, case-insensitive), or null. */
  find(reference: string): Campaign | null;
  /** Up to three campaigns whose names are close to the reference, closest first. */
  suggestions(reference: string): Campaign[];
}

type Row = Campaign & { ref_index: number | null; by_handle: boolean | null };

/**
 * Looks every reference up at once. When `primary` names nothing, the workspace's other
 * campaigns come back too (same query), for the "Closest: …" suggestions.
 */
export async function lookupCampaigns(
  sql: Queryable,
  workspaceId: string,
  references: string[],
  primary: string,
): Promise<CampaignMatches> {
  const refs = [...new Set(references.map(normaliseReference).filter(Boolean))];
  const index = new Map(refs.map((ref, i) => [ref, i + 1]));
  const primaryIndex = index.get(normaliseReference(primary)) ?? 0;
  const rows = await sql<Row[]>`
    with refs as (
      select r.ord::int as ord, r.name, nullif(r.handle, '')::int as handle
      from unnest(${sql.array(refs)}::text[], ${sql.array(refs.map((ref) => String(handleNumber(ref) ?? "")))}::text[])
        with ordinality as r(name, handle, ord)
    ), matched as (
      select c.id, r.ord, c.handle = r.handle as by_handle
      from campaigns c join refs r on c.handle = r.handle or lower(c.name) = lower(r.name)
      where c.workspace_id = ${workspaceId}
    )
    select c.*, m.ord as ref_index, m.by_handle
    from campaigns c left join matched m on m.id = c.id
    where c.workspace_id = ${workspaceId}
      and (m.id is not null or not exists (select 1 from matched where ord = ${primaryIndex}))
    order by m.by_handle desc nulls last, c.handle desc`;
  const campaigns = new Map<string, Campaign>();
  const byIndex = new Map<number, Campaign>();
  for (const { ref_index, by_handle: _byHandle, ...campaign } of rows) {
    campaigns.set(campaign.id, campaign);
    // Rows come handle matches first, so a handle wins over a name for the same reference.
    if (ref_index !== null && !byIndex.has(ref_index)) byIndex.set(ref_index, campaign);
  }
  return {
    find: (reference) => byIndex.get(index.get(normaliseReference(reference)) ?? 0) ?? null,
    suggestions: (reference) => closestByName(normaliseReference(reference), [...campaigns.values()]),
  };
}

function closestByName(reference: string, campaigns: Campaign[]): Campaign[] {
  return campaigns
    .map((campaign) => ({ campaign, score: similarity(reference.toLowerCase(), campaign.name.toLowerCase()) }))
    .filter((entry) => entry.score > 0.3)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((entry) => entry.campaign);
}

/** Similarity in [0, 1]: containment counts high, otherwise 1 − normalised edit distance. */
export function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (b.includes(a) || a.includes(b)) return 0.9;
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return 1 - previous[b.length]! / Math.max(a.length, b.length);
}
