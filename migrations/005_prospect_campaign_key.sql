-- A prospect's workspace is its campaign's: one composite foreign key says so (the two separate
-- keys allowed a prospect in workspace A under a campaign of workspace B), and checks one
-- referenced row per inserted prospect instead of two, which matters for 100,000-row imports.
alter table campaigns add constraint campaigns_id_workspace_key unique (id, workspace_id);
alter table campaign_prospects
  drop constraint campaign_prospects_campaign_id_fkey,
  drop constraint campaign_prospects_workspace_id_fkey,
  add constraint campaign_prospects_campaign_workspace_fkey
    foreign key (campaign_id, workspace_id) references campaigns (id, workspace_id) on delete cascade;
