-- The echo of our own send: Unipile's `messaging` webhook reports every message the account sends,
-- ours included, with the message id our send was answered with. The webhook intake looks that id
-- up among the account's sent rows and stores such an echo already processed, instead of a job that
-- would find the chat's prospect only to learn the message was ours: about a dozen statements and a
-- job per send, a third of what a send cost the app in all (bench key dispatch). Partial: rows not
-- sent (most of a queue) have no id and take no space here.
create index send_queue_unipile_message on send_queue (unipile_message_id) where unipile_message_id is not null;
