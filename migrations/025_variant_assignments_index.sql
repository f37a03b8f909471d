-- Auto-optimise counts a step's assignments, sends and replies per variant at every claim of a
-- row of that step (src/delivery/variant-claim.ts); this index keeps that count to the step's
-- assigned rows instead of every row of the campaign.
create index send_queue_variant on send_queue (campaign_id, step, variant) where variant is not null;
