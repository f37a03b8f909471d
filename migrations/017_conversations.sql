-- Issue 14, conversations in Slack: every message of a prospect's conversation after our first
-- send (their replies, messages typed by hand on LinkedIn, answers sent from Slack), each reply's
-- label, the people's "Mark as…" kept apart as evaluation data, answers sent from Slack (once per
-- modal), the owner's DM setting and the out-of-office wait of a follow-up.

create table conversation_messages (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  prospect_id uuid not null references campaign_prospects(id) on delete cascade,
  -- inbound: from the prospect; outbound: from the account (typed by hand, or sent from Slack).
  direction text not null check (direction in ('inbound', 'outbound')),
  origin text not null check (origin in ('prospect', 'by_hand', 'slack')),
  text text,
  -- Unipile's message id, else the message's time and text: a redelivered webhook or a second
  -- look at the chat finds the same key and stores nothing.
  message_key text not null,
  unipile_message_id text,
  at timestamptz not null,
  label text check (label in ('interested', 'not_interested', 'out_of_office', 'unsubscribe', 'referral', 'question', 'other')),
  confidence numeric(4, 3) check (confidence between 0 and 1),
  label_source text check (label_source in ('offline', 'llm', 'person')),
  -- The latest "Mark as…" (reply_marks keeps each one with the label it overrode).
  marked_as text check (marked_as in ('interested', 'not_interested', 'meeting_booked', 'wrong_person', 'do_not_contact')),
  marked_by text,
  marked_at timestamptz,
  -- The Slack user who sent an outbound message from Slack.
  sent_by text,
  created_at timestamptz not null default now(),
  unique (prospect_id, message_key)
);
create index conversation_messages_prospect on conversation_messages (prospect_id, at);

-- Every "Mark as…": who, when, what the classifier had said. Training and evaluation data.
create table reply_marks (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  message_id bigint not null references conversation_messages(id) on delete cascade,
  mark text not null check (mark in ('interested', 'not_interested', 'meeting_booked', 'wrong_person', 'do_not_contact')),
  original_label text,
  original_confidence numeric(4, 3),
  original_source text,
  marked_by text not null,
  marked_at timestamptz not null
);
create index reply_marks_message on reply_marks (message_id);

-- An answer typed in the Reply modal. The modal's view id is its once-only key: a retried or
-- doubled submission finds the row and sends nothing more.
create table slack_replies (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  prospect_id uuid not null references campaign_prospects(id) on delete cascade,
  account_id uuid not null references workspace_accounts(id) on delete cascade,
  view_id text not null unique,
  text text not null,
  requested_by text not null,
  -- Where the person clicked Reply (an ephemeral answer if the send is refused).
  reply_channel text,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'refused', 'failed')),
  refusal text,
  chat_id text,
  unipile_message_id text,
  attempts integer not null default 0,
  requested_at timestamptz not null,
  sent_at timestamptz,
  updated_at timestamptz not null default now()
);
create index slack_replies_account_sent on slack_replies (account_id, sent_at) where status = 'sent';
create index slack_replies_prospect on slack_replies (prospect_id);

-- The campaign's owner (its creator) gets a DM for replies classified interested.
alter table campaigns add column notify_owner_on_interested boolean not null default true;

-- A follow-up held back by an out-of-office reply: not sent before this instant.
alter table send_queue add column not_before timestamptz;

-- The one "conversation" message per prospect in the campaign thread, updated with the latest
-- exchange (chat.update needs its ts).
create table conversation_cards (
  prospect_id uuid primary key references campaign_prospects(id) on delete cascade,
  slack_channel_id text not null,
  slack_ts text not null
);
