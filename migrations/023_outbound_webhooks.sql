-- Outbound webhooks (issue 19): endpoints a workspace configures, the events written in the same
-- transaction as the change they describe, one delivery row per endpoint and event, and the log
-- of every attempt. Delivery is src/outbound-webhooks/deliver.ts (job `deliver-webhooks`).

create table outbound_webhook_endpoints (
  id uuid primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  url text not null check (length(url) <= 2000),
  -- null: every event type, those added later included.
  events text[],
  -- The signing secret, sealed with src/secret-box.ts (purpose outbound-webhooks, owner = id):
  -- we must sign with it, so it cannot be stored as a hash.
  secret_sealed bytea not null,
  enabled boolean not null default true,
  -- The first failure of the delivery now at the head of the line (virtual time); null when healthy.
  failing_since timestamptz,
  consecutive_failures integer not null default 0,
  disabled_at timestamptz,
  disabled_reason text,
  created_by text not null,
  created_at timestamptz not null default now()
);
create index outbound_webhook_endpoints_workspace on outbound_webhook_endpoints (workspace_id) where enabled;

-- `seq` orders events; `id` is what receivers see (and use to recognise a redelivery).
create table outbound_events (
  seq bigint generated always as identity primary key,
  id uuid not null unique default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  type text not null,
  prospect_id uuid,
  data jsonb not null,
  -- Virtual time: the changed row's own time when it has one (sent_at, at, launched_at…); else
  -- stamped by the delivery job with the app clock when it first handles the event (the job is
  -- due at once, so that is the commit's instant).
  created_at timestamptz
);

create table outbound_deliveries (
  endpoint_id uuid not null references outbound_webhook_endpoints(id) on delete cascade,
  event_seq bigint not null references outbound_events(seq) on delete cascade,
  delivered_at timestamptz,
  attempts integer not null default 0,
  primary key (endpoint_id, event_seq)
);
create index outbound_deliveries_waiting on outbound_deliveries (endpoint_id, event_seq) where delivered_at is null;

create table outbound_attempts (
  id bigint generated always as identity primary key,
  endpoint_id uuid not null references outbound_webhook_endpoints(id) on delete cascade,
  event_seq bigint not null references outbound_events(seq) on delete cascade,
  attempted_at timestamptz not null,
  -- HTTP status, or null when no answer came (timeout, refused connection).
  status_code integer,
  error text,
  duration_ms integer not null
);
create index outbound_attempts_endpoint on outbound_attempts (endpoint_id, id desc);

-- Arms an endpoint's delivery job: one queue per endpoint, so its deliveries run one at a time and
-- in order. A job already waiting (due now, or a retry after its backoff, which carries its
-- virtual due time for src/db/job-queue.ts) will send the new event too and is left alone; a
-- running one may have looked already, so another is added behind it.
create function arm_webhook_delivery(p_endpoint uuid) returns void language plpgsql as $$
begin
  if exists (select 1 from graphile_worker._private_jobs
             where key = 'webhooks:' || p_endpoint and locked_at is null and attempts < max_attempts) then
    return;
  end if;
  perform graphile_worker.add_job('deliver-webhooks', json_build_object('endpointId', p_endpoint),
    queue_name := 'webhooks:' || p_endpoint, job_key := 'webhooks:' || p_endpoint);
end $$;

-- Whether any enabled endpoint of the workspace wants this type: asked first, so that a change
-- nobody subscribed to costs one index look-up and builds no payload.
create function webhook_wanted(p_workspace uuid, p_type text) returns boolean language sql stable as $$
  select exists (select 1 from outbound_webhook_endpoints
                 where workspace_id = p_workspace and enabled and (events is null or p_type = any(events)))
$$;

-- Emits one event for every enabled endpoint of the workspace subscribed to its type, and arms
-- their delivery. Nothing is written when no endpoint wants it.
create function emit_webhook_event(p_workspace uuid, p_type text, p_prospect uuid, p_data jsonb, p_at timestamptz)
returns void language plpgsql as $$
declare
  v_seq bigint;
  v_endpoint uuid;
begin
  if not webhook_wanted(p_workspace, p_type) then return; end if;
  insert into outbound_events (workspace_id, type, prospect_id, data, created_at)
  values (p_workspace, p_type, p_prospect, p_data, p_at) returning seq into v_seq;
  for v_endpoint in
    select id from outbound_webhook_endpoints
    where workspace_id = p_workspace and enabled and (events is null or p_type = any(events))
  loop
    insert into outbound_deliveries (endpoint_id, event_seq) values (v_endpoint, v_seq);
    perform arm_webhook_delivery(v_endpoint);
  end loop;
end $$;

-- What receivers learn about a prospect in every event that concerns one.
create function webhook_prospect_json(p campaign_prospects) returns jsonb language sql stable as $$
  select jsonb_build_object('id', p.id, 'campaign_id', p.campaign_id, 'first_name', p.first_name,
    'last_name', p.last_name, 'linkedin_url', p.linkedin_url, 'public_identifier', p.public_identifier,
    'company_name', p.company_name, 'status', p.status, 'status_reason', p.status_reason)
$$;

create function send_queue_webhook_events() returns trigger language plpgsql as $$
declare
  v_workspace uuid;
  v_prospect campaign_prospects;
  v_type text;
begin
  select workspace_id into v_workspace from campaigns where id = new.campaign_id;
  v_type := case
    when new.status = 'failed' then 'message.failed'
    when new.message_type = 'connection_request' then 'invitation.sent'
    else 'message.sent' end;
  if not webhook_wanted(v_workspace, v_type) then return null; end if;
  select * into v_prospect from campaign_prospects where id = new.prospect_id;
  perform emit_webhook_event(v_workspace, v_type, new.prospect_id, jsonb_build_object(
    'campaign_id', new.campaign_id, 'account_id', new.account_id, 'message_type', new.message_type,
    'step', new.step, 'text', new.sent_text, 'sent_at', new.sent_at,
    'error_class', new.error_class, 'error_message', new.error_message,
    'prospect', webhook_prospect_json(v_prospect)),
    case when new.status = 'sent' then new.sent_at end);
  return null;
end $$;
create trigger send_queue_webhook_events after update of status on send_queue
  for each row when (new.status is distinct from old.status and new.status in ('sent', 'failed'))
  execute function send_queue_webhook_events();

create function prospect_webhook_events() returns trigger language plpgsql as $$
declare
  v_workspace uuid;
begin
  select workspace_id into v_workspace from campaigns where id = new.campaign_id;
  if new.connection_accepted_at is not null and old.connection_accepted_at is null then
    perform emit_webhook_event(v_workspace, 'invitation.accepted', new.id,
      jsonb_build_object('campaign_id', new.campaign_id, 'accepted_at', new.connection_accepted_at,
        'prospect', webhook_prospect_json(new)), new.connection_accepted_at);
  end if;
  if new.status = 'not_accepted' and old.status = 'connection_request_sent' then
    perform emit_webhook_event(v_workspace, 'invitation.withdrawn', new.id,
      jsonb_build_object('campaign_id', new.campaign_id, 'reason', new.status_reason,
        'prospect', webhook_prospect_json(new)), null);
  end if;
  if new.status is distinct from old.status then
    perform emit_webhook_event(v_workspace, 'prospect.status_changed', new.id,
      jsonb_build_object('campaign_id', new.campaign_id, 'from', old.status, 'to', new.status,
        'reason', new.status_reason, 'prospect', webhook_prospect_json(new)), null);
  end if;
  return null;
end $$;
create trigger prospect_webhook_events after update on campaign_prospects
  for each row when (new.status is distinct from old.status
                     or new.connection_accepted_at is distinct from old.connection_accepted_at)
  execute function prospect_webhook_events();

create function reply_webhook_events() returns trigger language plpgsql as $$
declare
  v_prospect campaign_prospects;
begin
  if not webhook_wanted(new.workspace_id, 'prospect.replied') then return null; end if;
  select * into v_prospect from campaign_prospects where id = new.prospect_id;
  perform emit_webhook_event(new.workspace_id, 'prospect.replied', new.prospect_id, jsonb_build_object(
    'campaign_id', v_prospect.campaign_id, 'text', new.text, 'received_at', new.at,
    'classification', case when new.label is null then null
      else jsonb_build_object('label', new.label, 'confidence', new.confidence, 'source', new.label_source) end,
    'prospect', webhook_prospect_json(v_prospect)), new.at);
  return null;
end $$;
create trigger reply_webhook_events after insert on conversation_messages
  for each row when (new.direction = 'inbound') execute function reply_webhook_events();

create function campaign_webhook_events() returns trigger language plpgsql as $$
declare
  v_type text;
begin
  v_type := case
    when new.status = 'active' and old.status = 'launching' then 'campaign.launched'
    when new.status = 'paused' then 'campaign.paused'
    when new.status = 'completed' then 'campaign.completed'
    end;
  if v_type is null then return null; end if;
  perform emit_webhook_event(new.workspace_id, v_type, null, jsonb_build_object(
    'campaign', jsonb_build_object('id', new.id, 'handle', 'c' || new.handle, 'name', new.name,
      'type', new.campaign_type, 'status', new.status, 'from', old.status,
      'launched_at', new.launched_at, 'completed_at', new.completed_at)),
    case v_type when 'campaign.launched' then new.launched_at when 'campaign.completed' then new.completed_at end);
  return null;
end $$;
create trigger campaign_webhook_events after update of status on campaigns
  for each row when (new.status is distinct from old.status) execute function campaign_webhook_events();

create function account_webhook_events() returns trigger language plpgsql as $$
begin
  perform emit_webhook_event(new.workspace_id,
    case when new.status = 'unavailable' then 'account.paused' else 'account.resumed' end, null,
    jsonb_build_object('account', jsonb_build_object('id', new.id, 'name', new.name, 'status', new.status,
      'reason', new.status_reason)),
    new.status_changed_at);
  return null;
end $$;
create trigger account_webhook_events after update of status on workspace_accounts
  for each row when (new.status is distinct from old.status) execute function account_webhook_events();
