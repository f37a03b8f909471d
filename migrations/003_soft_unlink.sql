-- Unlinking an account keeps its row: the sends counted against LinkedIn's daily and weekly
-- limits, its relations and its profile-view ledger belong to the LinkedIn account, and must
-- survive an unlink and relink (otherwise relinking would reset the caps).
alter table workspace_accounts add column unlinked_at timestamptz;
