-- Rule: duration_ms is a duration: not negative, and at most a day (86,400,000 ms).
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "operation", "name": "x", "duration_ms": -0.001}, {"kind": "operation", "name": "x", "duration_ms": 86400000.001},
    {"kind": "operation", "name": "x", "duration_ms": 1e20}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "duration_ms must be between 0 and 86400000"}, {"index": 1, "reason": "duration_ms must be between 0 and 86400000"},
    {"index": 2, "reason": "duration_ms must be between 0 and 86400000"}]}'::jsonb,
  'a negative, a just-over-a-day and a huge duration are rejected: duration_ms must be between 0 and 86400000');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "operation", "name": "x", "duration_ms": 0}, {"kind": "operation", "name": "x", "duration_ms": 86400000},
    {"kind": "operation", "name": "x", "duration_ms": 0.25}]'),
  '{"accepted": 3, "rejected": []}'::jsonb, '0, 86400000 and fractions are accepted');
select tests.clear_authentication();
select set_eq(format('select duration_ms from vigil.events where tenant_id = %L', :'a_tenant_id'), array[0, 86400000, 0.25]::double precision[], 'the durations are stored as sent');
select * from finish();
rollback;
