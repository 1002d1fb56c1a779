-- Rule: each event is a JSON object. Numbers, strings, null, arrays and booleans are rejected one by one.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[5, "page_view", null, [], true, {"kind": "log", "name": "ok"}]'),
  '{"accepted": 1, "rejected": [{"index": 0, "reason": "event must be a JSON object"}, {"index": 1, "reason": "event must be a JSON object"},
    {"index": 2, "reason": "event must be a JSON object"}, {"index": 3, "reason": "event must be a JSON object"},
    {"index": 4, "reason": "event must be a JSON object"}]}'::jsonb,
  'a number, a string, null, an array and a boolean are each rejected: event must be a JSON object');
select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 1, 'only the object was stored');
select * from finish();
rollback;
