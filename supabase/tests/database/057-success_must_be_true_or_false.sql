-- Rule: success, when given, is a JSON boolean (not "true", not 1).
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "operation", "name": "x", "success": "true"}, {"kind": "operation", "name": "x", "success": 1},
    {"kind": "operation", "name": "x", "success": 0}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "success must be true or false"}, {"index": 1, "reason": "success must be true or false"},
    {"index": 2, "reason": "success must be true or false"}]}'::jsonb,
  'a string or a number is rejected: success must be true or false');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "operation", "name": "x", "success": true}, {"kind": "operation", "name": "x", "success": false},
    {"kind": "operation", "name": "x", "success": null}]'),
  '{"accepted": 3, "rejected": []}'::jsonb, 'true, false and null are accepted');
select * from finish();
rollback;
