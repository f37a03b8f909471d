-- When a workspace uninstalls the app or revokes its bot token, Slack stops accepting anything
-- for it. The workspace is marked, its live campaigns are paused with the reason, and its Slack
-- notices stay in the outbox (held, not failed) until Slack talks to the app from that
-- workspace again (a reinstall). Nothing is deleted.
alter table workspaces
  add column slack_access_lost_at timestamptz,
  add column slack_access_lost_reason text;

-- Why the app itself paused a campaign (null when a person paused it); shown by /sam status,
-- cleared by /sam resume.
alter table campaigns add column pause_reason text;
