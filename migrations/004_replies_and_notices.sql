-- Bookkeeping for replies, account health and batched thread notices.

-- The reply that stopped the prospect (kept whole; the thread shows its first 300 characters).
alter table campaign_prospects add column reply_text text;

-- When the account's status last changed (virtual time): an account_status webhook older than
-- this is stale (webhook jobs may run out of order) and is ignored.
alter table workspace_accounts add column status_changed_at timestamptz;

-- Failure notices waiting for the campaign's next digest; a digest posts at most every 15 minutes.
create table campaign_notes (
  id bigint generated always as identity primary key,
  campaign_id uuid not null references campaigns(id) on delete cascade,
  line text not null,
  noted_at timestamptz not null,
  posted_at timestamptz
);
create index campaign_notes_unposted on campaign_notes (campaign_id, id) where posted_at is null;
create index campaign_notes_time on campaign_notes (campaign_id, noted_at);

alter table campaigns add column last_digest_at timestamptz;
-- The campaign-local day whose daily summary was posted last (a re-run posts nothing twice).
alter table campaigns add column daily_summary_on date;
