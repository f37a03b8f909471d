-- The do-not-contact list (issue 14): per workspace, people (by LinkedIn profile) and companies
-- (by name, or by LinkedIn company page) that are never contacted. `key` is the normalised form
-- the matching compares (src/do-not-contact/keys.ts): a profile's public identifier, a company
-- name's key, a company page's slug; `original` is what the user (or the CSV, or the prospect
-- row) gave. A person added from a prospect also keeps the prospect's provider id, so a match
-- holds even when the profile's public identifier changed. `added_by` is the Slack user who
-- decided, null when the app did (a classified reply). Every import, launch and claim looks an
-- entry up by (workspace_id, kind, key) or (workspace_id, provider_id): both are indexed.
create table do_not_contact (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  kind text not null check (kind in ('profile', 'company', 'company_page')),
  key text not null check (length(key) > 0),
  original text not null,
  provider_id text check (provider_id not like '%linkedin.com%'),
  reason text,
  added_by text,
  added_at timestamptz not null,
  source text not null check (source in ('command', 'csv', 'reply', 'action')),
  unique (workspace_id, kind, key)
);
create index do_not_contact_provider on do_not_contact (workspace_id, provider_id) where provider_id is not null;
-- `/sam dnc list` pages by the time entries were added.
create index do_not_contact_listing on do_not_contact (workspace_id, added_at, id);
