-- Auto-optimise reads a step's assignments, sends and replies per variant at every claim of a row
-- of that step (src/delivery/variant-claim.ts). These indexes keep that to the step's assigned
-- rows (counted from the index) and the campaign's prospects who replied, instead of every row
-- of the campaign: the claim runs once per send, and a campaign may have 100,000 prospects.
create index send_queue_variant on send_queue (campaign_id, step, variant, status) where variant is not null;
create index campaign_prospects_replied on campaign_prospects (campaign_id) where replied_at is not null;
