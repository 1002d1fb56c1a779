-- The shape of ingest's answer: {"accepted": n, "rejected": [{"index": i, "reason": "..."}]}, indexes
-- counted from 0 in batch order, one entry per rejected event and nothing else.
begin;
select plan(6);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "ok"}, {"kind": "nope", "name": "x"}, {"kind": "log", "name": "ok"}, {"name": "x"}]') as result \gset
select tests.clear_authentication();

select is(:'result'::jsonb, '{"accepted": 2, "rejected": [
    {"index": 1, "reason": "kind must be one of operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric, custom"},
    {"index": 3, "reason": "kind is required and must be a string"}]}'::jsonb,
  'a mixed batch answers the accepted count and each rejected event''s index and reason');
select set_eq(format('select jsonb_object_keys(%L::jsonb)', :'result'), array['accepted', 'rejected'], 'the answer has exactly the keys accepted and rejected');
select is(jsonb_typeof(:'result'::jsonb -> 'accepted'), 'number', 'accepted is a number');
select is(jsonb_typeof(:'result'::jsonb -> 'rejected'), 'array', 'rejected is an array');
select is_empty(format($$select 1 from jsonb_array_elements(%L::jsonb -> 'rejected') r
  where (select array_agg(k order by k) from jsonb_object_keys(r) k) <> array['index', 'reason']
     or jsonb_typeof(r -> 'index') <> 'number' or jsonb_typeof(r -> 'reason') <> 'string'$$, :'result'),
  'each rejection is exactly a numeric index and a string reason');

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "ok"}]'), '{"accepted": 1, "rejected": []}'::jsonb, 'a clean batch answers an empty rejected list');

select tests.clear_authentication();
select * from finish();
rollback;
