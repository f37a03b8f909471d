-- The echo of our own send that Unipile delivered before our send's answer was recorded: the
-- intake could not know it yet, so it was stored unprocessed with a job. The send's outcome
-- statement now settles it (and removes its job) by the message id it was answered with; this
-- index finds it among the unprocessed events. Partial: an event stored processed (nearly every
-- echo) or processed since takes no space here. A hash index: the id is whatever the sender
-- wrote, and a B-tree refuses an entry over about 2.7 kB ("index row size exceeds maximum"), so a
-- 10,000-character id would fail the intake (test/webhooks/intake.test.ts); a hash index stores
-- the 4-byte hash and answers the equality asked here.
create index webhook_events_unprocessed_message on webhook_events using hash ((payload->>'message_id')) where processed_at is null;
