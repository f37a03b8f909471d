-- Account safety, second level (issue 15): warm-up ramps, health brakes, and the workspace's
-- recency rule. The caps these lower are computed in one place: src/schedule/caps.ts.

-- Warm-up ramp. An account warms up while warm_up_from is set: from that instant's
-- account-local day, for warm_up_days days (an account linked recently), or, when the owner
-- marked it "new" in /sam accounts (warm_up_marked), until the ramp reaches the account's caps.
-- The ramp starts at warm_up_start_* per day and rises by warm_up_step_* on each sending day.
alter table workspace_accounts
  add column warm_up_from timestamptz,
  add column warm_up_marked boolean not null default false,
  add column warm_up_days integer not null default 14 check (warm_up_days between 1 and 365),
  add column warm_up_start_invitations integer not null default 5 check (warm_up_start_invitations between 1 and 200),
  add column warm_up_start_messages integer not null default 10 check (warm_up_start_messages between 1 and 500),
  add column warm_up_step_invitations integer not null default 2 check (warm_up_step_invitations between 0 and 200),
  add column warm_up_step_messages integer not null default 3 check (warm_up_step_messages between 0 and 500);

-- Accounts linked in the last 14 days are as new as those linked from now on.
update workspace_accounts set warm_up_from = created_at where created_at > now() - interval '14 days';

-- LinkedIn's limit signals (429s, provider limit errors) per account: the health brake counts
-- those of the last 7 days. Written where a send's outcome is recorded (src/delivery/outcome.ts).
create table account_limit_signals (
  id bigint generated always as identity primary key,
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  at timestamptz not null,
  detail text not null
);
create index account_limit_signals_account_time on account_limit_signals (account_id, at);

-- Health brakes: one row per brake applied; lifted_at set when its condition clears. At most
-- one unlifted brake of each kind per account. `until` is when it lifts (limit signals: 7 days
-- after the last signal; too many pending invitations: an estimate from the withdrawal pace,
-- renewed at each evaluation); null: when the condition clears (low acceptance).
create table account_brakes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  kind text not null check (kind in ('low_acceptance', 'pending_invitations', 'limit_signals')),
  reason text not null,
  started_at timestamptz not null,
  until timestamptz,
  lifted_at timestamptz
);
create unique index account_brakes_one_open on account_brakes (account_id, kind) where lifted_at is null;

-- Invitations withdrawn by the pending-invitations brake, for its slow pace (per account per day).
create table brake_withdrawals (
  id bigint generated always as identity primary key,
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  prospect_id uuid not null,
  at timestamptz not null
);
create index brake_withdrawals_account_time on brake_withdrawals (account_id, at);

-- The recency rule: a person first-touched by any campaign of the workspace in the last
-- recency_days days is skipped at import and launch; 0 turns the rule off.
alter table workspaces add column recency_days integer not null default 90 check (recency_days between 0 and 3650);
