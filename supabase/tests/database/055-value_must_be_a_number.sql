-- Rule: value, when given, is a JSON number.
begin;
select plan(1);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "web_vital", "name": "LCP", "value": "2500"}, {"kind": "cache", "name": "x", "value": false},
    {"kind": "db_metric", "name": "x", "value": {"v": 1}}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "value must be a number"}, {"index": 1, "reason": "value must be a number"},
    {"index": 2, "reason": "value must be a number"}]}'::jsonb,
  'a string, a boolean or an object is rejected: value must be a number');
select * from finish();
rollback;
