-- A message event that arrives while its account has a send in flight is nearly always that send's
-- echo, come before our send's answer was recorded (the intake cannot know it yet). It used to be
-- stored with a processing job that the send's outcome then removed: an add_job and a remove_job a
-- send, a sixth of what a burst of sends cost (bench key dispatch). Now it is stored waiting for
-- the send instead, with the real time it started waiting: the account's next send outcome settles
-- it (its own echo) or gives it its job (anything else: a reply, a message typed by hand), and the
-- sweep gives a job to any still waiting after 30 seconds (a send whose outcome never came).
alter table webhook_events add column waits_for_send_since timestamptz;
-- Partial: only the few events waiting at any moment are in it; the outcome finds its account's.
create index webhook_events_waiting_for_send on webhook_events ((payload->>'account_id')) where waits_for_send_since is not null;
