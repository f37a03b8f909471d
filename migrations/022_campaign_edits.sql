-- Edits of a campaign (issue 16): who changed what, when. A row is written when an edit of a
-- launched campaign that re-plans its sends is proposed (the confirmation modal shows its
-- `outcome`: how many pending messages move, computed by the planner without writing), and is
-- applied once on confirmation (`applied_at`, with the outcome that really happened). Edits
-- that re-plan nothing (a draft, texts, the name) are written applied at once.
create table campaign_edits (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid not null,
  workspace_id uuid not null,
  edited_by text not null,
  -- [{ "field": "delays", "before": "3, 5", "after": "2, 4" }, …], texts shortened.
  changes jsonb not null,
  -- The campaign's settings after the edit (name, type, account, templates, schedule).
  settings jsonb not null,
  -- What re-planning moves: { "moved": n, "movedOther": n, "firstAffected": iso | null, … }.
  outcome jsonb,
  -- The modal that proposed it: a confirmation is accepted only from that view.
  view_id text,
  -- campaigns.updated_at when proposed: a campaign changed meanwhile is not edited blindly.
  campaign_updated_at timestamptz not null,
  proposed_at timestamptz not null,
  applied_at timestamptz,
  foreign key (campaign_id, workspace_id) references campaigns (id, workspace_id) on delete cascade
);
create index campaign_edits_campaign on campaign_edits (campaign_id, proposed_at);
