// What the `/sam dnc` commands and the CSV upload do to the list: add entries and stop what was
// going to be sent to whom they name, remove one, read a page, write the export. Everything is
// scoped to one workspace.
import type { Sql, TransactionSql } from "postgres";
import type { AppContext } from "../context.js";
import { completeIfDone } from "../delivery/hooks.js";
import { toCsv } from "../prospects/csv.js";
import { refreshHomes, scheduleRootRefresh } from "../slack/notices.js";
import { displayOf, type EntryKind } from "./keys.js";
import { addEntries, type Cancelled, cancelListed, type EntryKey, type EntryMeta, type NewEntry } from "./list.js";

export const PAGE_SIZE = 25;

/**
 * Stops every prospect of the workspace these entries name (pending and waiting messages
 * cancelled in every campaign), and lets campaigns left with nothing to send complete.
 */
export async function stopListed(tx: TransactionSql, ctx: AppContext, workspaceId: string, entries: readonly NewEntry[]): Promise<Cancelled> {
  const cancelled = await cancelListed(tx, workspaceId, entries);
  for (const campaignId of cancelled.campaignIds) {
    await completeIfDone(tx, ctx, campaignId);
    await scheduleRootRefresh(tx, ctx, { id: campaignId, workspace_id: workspaceId });
  }
  if (cancelled.rows > 0 || cancelled.prospects > 0) await refreshHomes(tx, ctx, workspaceId);
  return cancelled;
}

/** Adds entries and stops whom they name, in the caller's transaction. */
export async function addAndStop(
  tx: TransactionSql,
  ctx: AppContext,
  workspaceId: string,
  entries: readonly NewEntry[],
  meta: Omit<EntryMeta, "addedAt">,
): Promise<{ added: number; cancelled: Cancelled }> {
  const added = await addEntries(tx, workspaceId, entries, { ...meta, addedAt: ctx.clock.now() });
  const cancelled = await stopListed(tx, ctx, workspaceId, entries);
  return { added, cancelled };
}

export async function removeEntry(sql: Sql, workspaceId: string, entry: EntryKey): Promise<boolean> {
  const removed = await sql`delete from do_not_contact where workspace_id = ${workspaceId} and kind = ${entry.kind} and key = ${entry.key} returning id`;
  return removed.length > 0;
}

export interface ListedEntry {
  kind: EntryKind;
  key: string;
  original: string;
  reason: string | null;
  added_by: string | null;
  added_at: Date;
  source: string;
}

export async function entriesPage(sql: Sql, workspaceId: string, page: number): Promise<{ entries: ListedEntry[]; total: number; pages: number }> {
  const [{ total }] = (await sql`select count(*)::int as total from do_not_contact where workspace_id = ${workspaceId}`) as unknown as [{ total: number }];
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const entries = await sql<ListedEntry[]>`
    select kind, key, original, reason, added_by, added_at, source from do_not_contact
    where workspace_id = ${workspaceId}
    order by added_at, id
    limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`;
  return { entries, total, pages };
}

export const EXPORT_COLUMNS = ["kind", "entry", "original", "reason", "added_by", "added_at", "source"];

/** The whole list as CSV (formula-safe through toCsv), with a byte order mark for Excel. */
export async function exportCsv(sql: Sql, workspaceId: string): Promise<{ csv: string; count: number }> {
  const rows = await sql<ListedEntry[]>`
    select kind, key, original, reason, added_by, added_at, source from do_not_contact
    where workspace_id = ${workspaceId} order by added_at, id`;
  const lines = rows.map((row) => [
    row.kind,
    displayOf(row),
    row.original,
    row.reason ?? "",
    row.added_by ?? "",
    row.added_at.toISOString(),
    row.source,
  ]);
  return { csv: `\uFEFF${toCsv([EXPORT_COLUMNS, ...lines])}`, count: rows.length };
}
