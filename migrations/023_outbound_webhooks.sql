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

-- Statement-level, with transition tables: launches, cancellations and imports change the status
-- of up to 100,000 prospects in one statement, and a row trigger doubled the time of such an update
-- (measured: +70 µs a row). This one asks once whether any workspace among the changed campaigns
-- has an enabled endpoint, then writes every event set-based, in prospect order.
create function prospect_webhook_events() returns trigger language plpgsql as $$
declare
  v_endpoints uuid[];
begin
  if not exists (select 1 from outbound_webhook_endpoints w join campaigns c on c.workspace_id = w.workspace_id
                 where w.enabled and c.id in (select distinct campaign_id from new_rows)) then
    return null;
  end if;
  with changed as (
    -- p: the row as the table holds it now (a transition table's rows are plain records).
    select p, o.status as old_status, o.connection_accepted_at as old_accepted_at, c.workspace_id
    from new_rows n join old_rows o on o.id = n.id join campaigns c on c.id = n.campaign_id
      join campaign_prospects p on p.id = n.id
    where n.status is distinct from o.status or n.connection_accepted_at is distinct from o.connection_accepted_at
  ), candidates as (
    select workspace_id, 'invitation.accepted' as type, (p).id as prospect_id, 1 as k, (p).connection_accepted_at as at,
           jsonb_build_object('campaign_id', (p).campaign_id, 'accepted_at', (p).connection_accepted_at,
             'prospect', webhook_prospect_json(p)) as data
    from changed where (p).connection_accepted_at is not null and old_accepted_at is null
    union all
    select workspace_id, 'invitation.withdrawn', (p).id, 2, null,
           jsonb_build_object('campaign_id', (p).campaign_id, 'reason', (p).status_reason, 'prospect', webhook_prospect_json(p))
    from changed where (p).status = 'not_accepted' and old_status = 'connection_request_sent'
    union all
    select workspace_id, 'prospect.status_changed', (p).id, 3, null,
           jsonb_build_object('campaign_id', (p).campaign_id, 'from', old_status, 'to', (p).status,
             'reason', (p).status_reason, 'prospect', webhook_prospect_json(p))
    from changed where (p).status is distinct from old_status
  ), inserted as (
    insert into outbound_events (workspace_id, type, prospect_id, data, created_at)
    select workspace_id, type, prospect_id, data, at from candidates
    where webhook_wanted(workspace_id, type) order by prospect_id, k
    returning seq, workspace_id, type
  ), delivered as (
    insert into outbound_deliveries (endpoint_id, event_seq)
    select w.id, i.seq from inserted i join outbound_webhook_endpoints w
      on w.workspace_id = i.workspace_id and w.enabled and (w.events is null or i.type = any(w.events))
    returning endpoint_id
  )
  select array_agg(distinct endpoint_id) into v_endpoints from delivered;
  perform arm_webhook_delivery(e) from unnest(coalesce(v_endpoints, '{}')) as e;
  return null;
end $$;
create trigger prospect_webhook_events after update on campaign_prospects
  referencing old table as old_rows new table as new_rows
  for each statement execute function prospect_webhook_events();

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
