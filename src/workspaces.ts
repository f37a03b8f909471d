// A Slack team is a workspace; its row is created the first time anyone in it uses the app.
// Every read and write of campaigns, accounts and prospects is scoped by this id.
import type { Sql, TransactionSql } from "postgres";
import { knownWorkspaces } from "./known-workspaces.js";
import { releaseHeldNotices } from "./slack/access.js";

const inTransaction = (sql: Sql | TransactionSql) => typeof (sql as { savepoint?: unknown }).savepoint === "function";

/**
 * The workspace of a Slack request (called by every listener). A request from a workspace that
 * had uninstalled the app proves it is installed again: its held notices go out now.
 */
export async function ensureWorkspace(sql: Sql | TransactionSql, teamId: string, name?: string | null): Promise<string> {
  // Only reads through the pool are remembered or trusted: a row seen inside a transaction may yet be rolled back.
  const remembered = inTransaction(sql) ? null : knownWorkspaces.get(sql, teamId, name ?? null);
  if (remembered) return remembered;
  // Every request comes here: a read, not a write, when nothing changed (acks stay fast under load).
  const [found] = await sql<{ id: string }[]>`
    select id from workspaces
    where slack_team_id = ${teamId} and slack_access_lost_at is null
      and (${name ?? null}::text is null or name is not distinct from ${name ?? null}::text)`;
  if (found) {
    if (!inTransaction(sql)) knownWorkspaces.remember(sql, teamId, name ?? null, found.id);
    return found.id;
  }
  const [row] = await sql<{ id: string; was_lost: boolean }[]>`
    with before as (select slack_access_lost_at from workspaces where slack_team_id = ${teamId})
    insert into workspaces (slack_team_id, name) values (${teamId}, ${name ?? null})
    on conflict (slack_team_id) do update set name = coalesce(excluded.name, workspaces.name),
      slack_access_lost_at = null, slack_access_lost_reason = null
    returning id, coalesce((select slack_access_lost_at is not null from before), false) as was_lost`;
  if (row!.was_lost) await releaseHeldNotices(sql, row!.id);
  return row!.id;
}

/** Records a Slack delivery key; false when it was seen before (a retry or a double click). */
export async function firstDelivery(sql: Sql | TransactionSql, key: string): Promise<boolean> {
  const rows = await sql`insert into slack_requests (key) values (${key}) on conflict do nothing returning key`;
  return rows.length === 1;
}
