-- Rule: value is finite and within ±1e15 (a double holds integers exactly up to 2^53 ≈ 9e15); it may be negative.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "db_metric", "name": "x", "value": 1000000000000001}, {"kind": "db_metric", "name": "x", "value": -1e16},
    {"kind": "db_metric", "name": "x", "value": 1e308}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "value must be between -1e15 and 1e15"}, {"index": 1, "reason": "value must be between -1e15 and 1e15"},
    {"index": 2, "reason": "value must be between -1e15 and 1e15"}]}'::jsonb,
  'values beyond ±1e15 are rejected: value must be between -1e15 and 1e15');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "db_metric", "name": "x", "value": 1e15}, {"kind": "db_metric", "name": "x", "value": -1e15},
    {"kind": "db_metric", "name": "x", "value": -3.5}, {"kind": "web_vital", "name": "CLS", "value": 0.05}]'),
  '{"accepted": 4, "rejected": []}'::jsonb, '±1e15, negative and fractional values are accepted');
select tests.clear_authentication();
select set_eq(format('select value from vigil.events where tenant_id = %L', :'a_tenant_id'), array[1e15, -1e15, -3.5, 0.05]::double precision[], 'the values are stored as sent');
select * from finish();
rollback;
