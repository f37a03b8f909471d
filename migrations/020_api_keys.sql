-- The REST API (issue 19): per-workspace API keys and the stored answers of idempotent writes.

-- A key is `sam_` + 32 random bytes (base64url). Only its SHA-256 is stored: the key has 256 bits
-- of entropy, so a fast hash cannot be brute-forced and a slow password hash (bcrypt, scrypt)
-- would only cost time on every request. `prefix` (the first 12 characters) names the key in
-- `/sam api-keys list` and `revoke`; it is not secret and cannot authenticate.
create table api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  prefix text not null unique,
  key_hash bytea not null unique,
  scope text not null check (scope in ('read', 'write')),
  label text not null default '' check (length(label) <= 80),
  created_by text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by text
);
create index api_keys_workspace on api_keys (workspace_id, created_at);

-- Idempotency-Key: one row per key and Idempotency-Key header. The answer is stored in the same
-- transaction as the write it answers, so a replay returns it and creates nothing; the same
-- header with a different request (method, path, body) is refused with 409.
create table api_idempotency (
  api_key_id uuid not null references api_keys(id) on delete cascade,
  idempotency_key text not null check (length(idempotency_key) between 1 and 255),
  request_hash text not null,
  status integer not null,
  body json not null, -- json, not jsonb: a replay answers the same bytes (jsonb reorders keys)
  created_at timestamptz not null default now(),
  primary key (api_key_id, idempotency_key)
);

-- Entries added through the API say so (do-not-contact, src/db/enums.ts DNC_SOURCES).
alter table do_not_contact drop constraint do_not_contact_source_check;
alter table do_not_contact add constraint do_not_contact_source_check
  check (source in ('command', 'csv', 'reply', 'action', 'api'));
