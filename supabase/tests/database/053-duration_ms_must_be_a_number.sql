-- Rule: duration_ms, when given, is a JSON number (not a numeric string).
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "operation", "name": "x", "duration_ms": "12"}, {"kind": "operation", "name": "x", "duration_ms": true},
    {"kind": "operation", "name": "x", "duration_ms": [12]}, {"kind": "operation", "name": "x", "duration_ms": null}]'),
  '{"accepted": 1, "rejected": [{"index": 0, "reason": "duration_ms must be a number"}, {"index": 1, "reason": "duration_ms must be a number"},
    {"index": 2, "reason": "duration_ms must be a number"}]}'::jsonb,
  'a string, a boolean or an array is rejected: duration_ms must be a number; null means none');
select tests.clear_authentication();
select results_eq(format('select duration_ms from vigil.events where tenant_id = %L', :'a_tenant_id'), 'values (null::double precision)', 'the event with a null duration has none');
select * from finish();
rollback;
