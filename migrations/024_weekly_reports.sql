-- Weekly stats reports (issue 17): each active campaign's in its thread on Monday at 09:00 in the
-- campaign's time zone, and the workspace's in SAM_CHANNEL on Monday at 09:00 in
-- `weekly_report_time_zone`. `/sam stats weekly off` turns off every weekly report of the workspace;
-- `/sam stats weekly off <campaign>` one campaign's.
alter table workspaces add column weekly_reports boolean not null default true;
alter table workspaces add column weekly_report_time_zone text not null default 'UTC';
alter table campaigns add column weekly_report boolean not null default true;

-- One row per report posted: the campaign's (or, campaign null, the workspace's) week, named by the
-- local date of its Monday. Claimed in the transaction that queues the report, so a week is posted
-- once however many processes tick.
create table weekly_reports (
  id bigint generated always as identity primary key,
  workspace_id uuid not null references workspaces(id) on delete cascade,
  campaign_id uuid references campaigns(id) on delete cascade,
  week_start date not null,
  claimed_at timestamptz not null
);
create unique index weekly_reports_campaign_week on weekly_reports (campaign_id, week_start) where campaign_id is not null;
create unique index weekly_reports_workspace_week on weekly_reports (workspace_id, week_start) where campaign_id is null;
