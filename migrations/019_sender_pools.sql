-- Sender pools (issue 15): a campaign may send from several LinkedIn accounts of its workspace.
-- campaign_accounts lists every account of a campaign, the first (position 0) included;
-- campaigns.account_id stays that first account, so everything that knows one account per
-- campaign (ownership checks, notices, a single-account campaign) reads what it read before.
create table campaign_accounts (
  campaign_id uuid not null references campaigns(id) on delete cascade,
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  position integer not null default 0,
  primary key (campaign_id, account_id)
);
create index campaign_accounts_account on campaign_accounts (account_id);
insert into campaign_accounts (campaign_id, account_id, position)
  select id, account_id, 0 from campaigns where account_id is not null;

-- Each prospect's sender, chosen at launch and kept for the whole sequence (its send_queue rows
-- carry the same account). reassigned_at: when a prospect not yet touched moved to another pool
-- account because its own stayed unavailable; a prospect moves at most once.
alter table campaign_prospects
  add column account_id uuid references workspace_accounts(id) on delete set null,
  add column reassigned_at timestamptz;

-- How long a pool account stays unavailable before its untouched prospects move (hours).
alter table workspaces add column pool_reassign_after_hours integer not null default 48
  check (pool_reassign_after_hours between 1 and 8760);
