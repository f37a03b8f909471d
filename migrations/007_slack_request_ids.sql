-- Identities of Slack requests already handled (event_id, trigger_id, or the signature of a request
-- that has neither), so that a replayed or redelivered request is acknowledged but not run again.
-- Shared by every app process; rows older than an hour are purged by src/slack/replays.ts.
create table slack_request_ids (
  identity text primary key,
  received_at timestamptz not null default now()
);
create index slack_request_ids_received_at on slack_request_ids (received_at);
