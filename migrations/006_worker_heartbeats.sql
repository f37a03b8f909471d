-- Which graphile-worker pools are alive. graphile-worker 0.17 frees the jobs of a process that
-- died only after 4 hours; each worker process records its pool id here and refreshes beat_at,
-- and a pool whose beat stopped has its locked jobs released (src/jobs/dead-workers.ts).
-- beat_at is the database's own time: liveness is real time, whatever the app clock says.
create table worker_heartbeats (
  pool_id text primary key,
  host text not null,
  pid integer not null,
  started_at timestamptz not null default now(),
  beat_at timestamptz not null default now()
);
