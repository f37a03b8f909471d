// API keys: `sam_` + 32 random bytes in base64url, shown once when created. Only the SHA-256 of
// a key is stored (migration 020): with 256 bits of entropy nothing can be guessed from the hash,
// so a slow password hash would only slow every request; a unique index on the hash finds the key
// in one look-up. The first 12 characters (`prefix`) name a key in lists and revocation.
import { createHash, randomBytes } from "node:crypto";

import type { Queryable } from "../db/queryable.js";

export type ApiScope = "read" | "write";
export const API_SCOPES: readonly ApiScope[] = ["read", "write"];
export const PREFIX_LENGTH = 12;
const KEY_SHAPE = /^sam_[A-Za-z0-9_-]{43}$/;

export interface ApiKeyRow {
  id: string;
  workspace_id: string;
  prefix: string;
  scope: ApiScope;
  label: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export const hashKey = (key: string): Buffer => createHash("sha256").update(key, "utf8").digest();

export function newKey(): { key: string; prefix: string; hash: Buffer } {
  const key = `sam_${randomBytes(32).toString("base64url")}`;
  return { key, prefix: key.slice(0, PREFIX_LENGTH), hash: hashKey(key) };
}

export async function createApiKey(
  sql: Queryable,
  input: { workspaceId: string; scope: ApiScope; label: string; createdBy: string },
): Promise<{ key: string; row: ApiKeyRow }> {
  const { key, prefix, hash } = newKey();
  const [row] = await sql<ApiKeyRow[]>`
    insert into api_keys (workspace_id, prefix, key_hash, scope, label, created_by)
    values (${input.workspaceId}, ${prefix}, ${hash}, ${input.scope}, ${input.label}, ${input.createdBy})
    returning id, workspace_id, prefix, scope, label, created_by, created_at, last_used_at, revoked_at`;
  return { key, row: row! };
}

export async function listApiKeys(sql: Queryable, workspaceId: string): Promise<ApiKeyRow[]> {
  return sql<ApiKeyRow[]>`
    select id, workspace_id, prefix, scope, label, created_by, created_at, last_used_at, revoked_at
    from api_keys where workspace_id = ${workspaceId} order by created_at`;
}

/** Revokes the workspace's live key with this prefix; false when there is none. */
export async function revokeApiKey(sql: Queryable, workspaceId: string, prefix: string, by: string): Promise<boolean> {
  const rows = await sql`
    update api_keys set revoked_at = now(), revoked_by = ${by}
    where workspace_id = ${workspaceId} and prefix = ${prefix} and revoked_at is null returning id`;
  return rows.length > 0;
}

/**
 * The live key a bearer token names, with its use recorded; null for anything else (malformed,
 * unknown, revoked). The token itself is never stored or logged.
 */
export async function authenticate(sql: Queryable, token: string, now: Date): Promise<ApiKeyRow | null> {
  if (!KEY_SHAPE.test(token)) return null;
  const [row] = await sql<ApiKeyRow[]>`
    update api_keys set last_used_at = ${now}
    where key_hash = ${hashKey(token)} and revoked_at is null
    returning id, workspace_id, prefix, scope, label, created_by, created_at, last_used_at, revoked_at`;
  return row ?? null;
}
