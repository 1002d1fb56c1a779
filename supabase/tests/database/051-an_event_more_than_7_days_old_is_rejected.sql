-- Rule: occurred_at is no more than 7 days in the past: raw events older than that would land in
-- partitions retention may already have dropped, and stats for them are closed.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', now() - interval '7 days 1 second'),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', '2020-01-01T00:00:00Z'))),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "occurred_at is more than 7 days in the past"}, {"index": 1, "reason": "occurred_at is more than 7 days in the past"}]}'::jsonb,
  'an event 7 days and a second old is rejected: occurred_at is more than 7 days in the past');
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', now() - interval '7 days'),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', now() - interval '6 days 23 hours'))),
  '{"accepted": 2, "rejected": []}'::jsonb, 'an event exactly 7 days old, or younger, is accepted');
select tests.clear_authentication();
select is((select min(occurred_at) from vigil.events where tenant_id = :'a_tenant_id'), now() - interval '7 days', 'the oldest accepted event keeps its time');
select * from finish();
rollback;
