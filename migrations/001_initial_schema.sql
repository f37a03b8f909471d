-- The first schema: workspaces, their LinkedIn accounts, campaigns, prospects and the send queue,
-- plus the tables that make Slack and Unipile intake idempotent. Every instant is timestamptz;
-- every status and type column has a CHECK whose values are also listed in src/db/enums.ts
-- (a test keeps the two in step).

create extension if not exists pgcrypto;

create table workspaces (
  id uuid primary key default gen_random_uuid(),
  slack_team_id text not null unique,
  name text,
  campaign_counter integer not null default 0,
  created_at timestamptz not null default now()
);

create table workspace_accounts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  platform text not null default 'linkedin' check (platform in ('linkedin')),
  -- One Unipile account belongs to one workspace at most.
  unipile_account_id text not null unique,
  name text not null,
  provider_id text,
  status text not null default 'active'
    check (status in ('active', 'unavailable')),
  status_reason text,
  cooldown_until timestamptz,
  time_zone text not null default 'UTC',
  daily_message_cap integer not null default 20 check (daily_message_cap between 0 and 500),
  daily_invitation_cap integer not null default 20 check (daily_invitation_cap between 0 and 200),
  weekly_invitation_cap integer not null default 100 check (weekly_invitation_cap between 0 and 500),
  min_gap_minutes integer not null default 30 check (min_gap_minutes between 0 and 1440),
  jitter_fraction numeric(4, 3) not null default 0.5 check (jitter_fraction between 0 and 1),
  follow_up_min_gap_minutes integer not null default 5 check (follow_up_min_gap_minutes between 0 and 1440),
  daily_profile_view_budget integer not null default 80 check (daily_profile_view_budget between 0 and 1000),
  relations_synced_at timestamptz,
  linked_by text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index workspace_accounts_workspace on workspace_accounts (workspace_id);

-- The account's 1st-degree connections, synced from Unipile so that launch needs no profile views.
create table account_relations (
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  public_identifier text not null,
  provider_id text not null,
  synced_at timestamptz not null,
  primary key (account_id, public_identifier)
);

-- Every profile look-up spends LinkedIn's profile-view allowance; this is its ledger.
create table profile_views (
  id bigint generated always as identity primary key,
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  public_identifier text not null,
  viewed_at timestamptz not null
);
create index profile_views_account_time on profile_views (account_id, viewed_at);

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  handle integer not null,
  name text not null check (length(trim(name)) > 0),
  campaign_type text not null check (campaign_type in ('messenger', 'connector')),
  status text not null default 'draft'
    check (status in ('draft', 'launching', 'active', 'paused', 'completed', 'cancelled')),
  account_id uuid references workspace_accounts(id) on delete set null,
  -- {"connection_request": first message or invitation note, "follow_up_messages": [...],
  --  "follow_up_delays": [days, ...]}, as in the product specification.
  message_templates jsonb not null,
  time_zone text not null,
  window_start time not null default '09:00',
  window_end time not null default '17:00',
  sending_days smallint[] not null default '{1,2,3,4,5}',
  holiday_country text,
  slack_channel_id text,
  slack_thread_ts text,
  created_by text,
  launch_result jsonb,
  launched_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, handle),
  check (window_end > window_start),
  check (cardinality(sending_days) > 0)
);
create unique index campaigns_name_per_workspace on campaigns (workspace_id, lower(name));
create index campaigns_account on campaigns (account_id) where status in ('launching', 'active');

create table campaign_prospects (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references campaigns(id) on delete cascade,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  first_name text not null,
  last_name text not null,
  linkedin_url text not null check (linkedin_url like 'https://www.linkedin.com/in/%'),
  -- URL, public id and provider id are kept apart (lessons-from-sam 15).
  public_identifier text not null check (public_identifier not like '%linkedin.com%'),
  provider_id text check (provider_id not like '%linkedin.com%'),
  company_name text,
  title text,
  custom_fields jsonb not null default '{}',
  connection_degree text
    check (connection_degree in ('FIRST_DEGREE', 'SECOND_DEGREE', 'THIRD_DEGREE', 'OUT_OF_NETWORK')),
  status text not null default 'pending'
    check (status in ('pending', 'approved', 'connected', 'messaging', 'connection_request_sent',
                      'replied', 'completed', 'not_accepted', 'skipped', 'failed', 'opted_out',
                      'cancelled')),
  status_reason text,
  chat_id text,
  invitation_id text,
  source_row integer,
  contacted_at timestamptz,
  connection_accepted_at timestamptz,
  replied_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (campaign_id, public_identifier)
);
create index campaign_prospects_campaign_status on campaign_prospects (campaign_id, status);
create index campaign_prospects_provider on campaign_prospects (provider_id) where provider_id is not null;
-- One active campaign per person per workspace, as peer tools do.
create unique index campaign_prospects_one_active_campaign on campaign_prospects (workspace_id, public_identifier)
  where status not in ('replied', 'completed', 'not_accepted', 'skipped', 'failed', 'opted_out', 'cancelled');

create table send_queue (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null references campaigns(id) on delete cascade,
  prospect_id uuid not null references campaign_prospects(id) on delete cascade,
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  message_type text not null
    check (message_type in ('connection_request',
                            'direct_message_1', 'direct_message_2', 'direct_message_3',
                            'direct_message_4', 'direct_message_5', 'direct_message_6',
                            'follow_up_1', 'follow_up_2', 'follow_up_3', 'follow_up_4', 'follow_up_5')),
  -- 0 for the first touch (first message or invitation), n for the n-th follow-up.
  step smallint not null check (step between 0 and 5),
  requires_connection boolean not null default false,
  -- waiting: a connector follow-up that may only be planned once the invitation is accepted.
  status text not null default 'pending'
    check (status in ('pending', 'waiting', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  scheduled_for timestamptz not null,
  delay_days numeric(6, 2) not null default 0,
  attempts integer not null default 0,
  claimed_at timestamptz,
  claimed_by text,
  sent_at timestamptz,
  sent_text text,
  unipile_chat_id text,
  unipile_message_id text,
  unipile_invitation_id text,
  error_class text,
  error_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (campaign_id, prospect_id, message_type),
  check (status <> 'sent' or sent_at is not null)
);
-- The due-row look-up: per account, pending rows by time.
create index send_queue_due on send_queue (account_id, scheduled_for) where status = 'pending';
create index send_queue_sending on send_queue (claimed_at) where status = 'sending';
create index send_queue_campaign_status on send_queue (campaign_id, status);
create index send_queue_prospect on send_queue (prospect_id);
-- Caps are counted from what each account really sent.
create index send_queue_account_sent on send_queue (account_id, sent_at) where status = 'sent';

-- Unipile webhook deliveries, stored before they are acknowledged and processed once each.
create table webhook_events (
  id bigint generated always as identity primary key,
  source text not null,
  event text,
  dedupe_key text not null unique,
  payload jsonb not null,
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  error text
);
create index webhook_events_unprocessed on webhook_events (id) where processed_at is null;

-- Keys of Slack deliveries already handled (view ids, action ids, file ids): Slack retries and
-- double clicks must not create anything twice.
create table slack_requests (
  key text primary key,
  created_at timestamptz not null default now()
);

-- Every message to Slack goes through this outbox and is delivered by a job, in order per thread.
create table slack_outbox (
  id bigint generated always as identity primary key,
  workspace_id uuid references workspaces(id) on delete cascade,
  campaign_id uuid references campaigns(id) on delete cascade,
  -- Messages of one thread (or one channel) are delivered in id order.
  ordering_key text not null,
  method text not null check (method in ('chat.postMessage', 'chat.update', 'chat.postEphemeral',
                                         'views.publish', 'files.uploadV2')),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  not_before timestamptz not null default now(),
  last_error text,
  result jsonb,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index slack_outbox_pending on slack_outbox (ordering_key, id) where status = 'pending';
