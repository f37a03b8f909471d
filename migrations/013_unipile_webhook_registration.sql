-- The Unipile webhook registration as last checked, one row for the whole deployment (every app
-- process checks it): a failure to register is told in SAM_CHANNEL once, not at every start or
-- retry, and its end once. Instants are real time (now()): they describe the service, not a
-- campaign's virtual day.
create table unipile_webhook_registration (
  id boolean primary key default true check (id),
  request_url text not null,
  -- Null while registered; otherwise what the last check met.
  failure text,
  failing_since timestamptz,
  -- Set when SAM_CHANNEL was told of the current failure; cleared (with a notice) once it is over.
  failure_reported_at timestamptz,
  checked_at timestamptz not null default now()
);
