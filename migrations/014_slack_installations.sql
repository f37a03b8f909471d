-- OAuth installs (issue 13): each workspace that installed the app through /slack/install has one
-- row with its bot token, sealed with AES-256-GCM under a key derived from SECRETS_KEY and bound to
-- the team (src/secret-box.ts, src/slack/installations.ts); the token is never stored in clear.
-- A reinstall replaces the row's token; app_uninstalled or tokens_revoked deletes the row (the
-- workspace, its campaigns and its history stay). Unused in single-token mode (SLACK_BOT_TOKEN).
create table slack_installations (
  workspace_id uuid primary key references workspaces(id) on delete cascade,
  bot_token_sealed bytea not null,
  bot_user_id text not null,
  bot_id text not null,
  app_id text,
  scopes text[] not null,
  -- The Slack user who installed the app (the latest install).
  installed_by text,
  installed_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
