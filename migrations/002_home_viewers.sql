-- Users who opened the app's Home tab: their Home is republished when campaigns change.
create table home_viewers (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  user_id text not null,
  last_opened_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
