-- Rule: occurred_at is no more than 5 minutes in the future: a little clock skew is normal, more is a
-- broken clock that would put events where no window looks.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', now() + interval '5 minutes 1 second'),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', '2999-01-01T00:00:00Z'))),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "occurred_at is more than 5 minutes in the future"}, {"index": 1, "reason": "occurred_at is more than 5 minutes in the future"}]}'::jsonb,
  'an event 5 minutes and a second ahead is rejected: occurred_at is more than 5 minutes in the future');
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', now() + interval '5 minutes'),
    jsonb_build_object('kind', 'log', 'name', 'x', 'occurred_at', now() + interval '1 minute'))),
  '{"accepted": 2, "rejected": []}'::jsonb, 'an event up to 5 minutes ahead is accepted');
select tests.clear_authentication();
select is((select max(occurred_at) from vigil.events where tenant_id = :'a_tenant_id'), now() + interval '5 minutes', 'the latest accepted event keeps its time');
select * from finish();
rollback;
