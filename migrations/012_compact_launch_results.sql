-- campaigns.launch_result used to hold one entry per prospect (~12.7 MB at 100,000 prospects),
-- read back by every `select * from campaigns`. Each prospect's outcome is in campaign_prospects;
-- the result now keeps the counts and the number skipped per reason (src/launch/launch-result.ts).
-- Results stored before are compacted the same way, so continuations add to the counts.
update campaigns c
set launch_result = (c.launch_result - 'results') || jsonb_build_object(
  'skippedByReason',
  coalesce((
    select jsonb_object_agg(r.reason, r.n)
    from (
      select coalesce(entry->>'reason', 'no reason given') as reason, count(*) as n
      from jsonb_array_elements(c.launch_result->'results') entry
      where entry->>'status' = 'skipped'
      group by 1
    ) r
  ), '{}'::jsonb)
)
where jsonb_typeof(c.launch_result->'results') = 'array';
