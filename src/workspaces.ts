// A Slack team is a workspace; its row is created the first time anyone in it uses the app.
// Every read and write of campaigns, accounts and prospects is scoped by this id.
import type { Sql, TransactionSql } from "postgres";

export async function ensureWorkspace(sql: Sql | TransactionSql, teamId: string, name?: string | null): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into workspaces (slack_team_id, name) values (${teamId}, ${name ?? null})
    on conflict (slack_team_id) do update set name = coalesce(excluded.name, workspaces.name)
    returning id`;
  return row!.id;
}

/** Records a Slack delivery key; false when it was seen before (a retry or a double click). */
export async function firstDelivery(sql: Sql | TransactionSql, key: string): Promise<boolean> {
  const rows = await sql`insert into slack_requests (key) values (${key}) on conflict do nothing returning key`;
  return rows.length === 1;
}
