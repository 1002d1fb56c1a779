-- Rule: attributes, when given, is a JSON object; null or missing means {}.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "x", "attributes": ["a"]}, {"kind": "log", "name": "x", "attributes": "a=b"},
    {"kind": "log", "name": "x", "attributes": 5}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "attributes must be a JSON object"}, {"index": 1, "reason": "attributes must be a JSON object"},
    {"index": 2, "reason": "attributes must be a JSON object"}]}'::jsonb,
  'an array, a string or a number is rejected: attributes must be a JSON object');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "x", "attributes": null}, {"kind": "log", "name": "y", "attributes": {"level": "warn", "gone": null}}]'),
  '{"accepted": 2, "rejected": []}'::jsonb, 'null and an object are accepted');
select tests.clear_authentication();
select set_eq(format('select attributes from vigil.events where tenant_id = %L', :'a_tenant_id'), array['{}', '{"level": "warn"}']::jsonb[], 'null is stored as {} and null members are dropped');
select * from finish();
rollback;
