-- Rule: name is present and a string.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log"}, {"kind": "log", "name": null}, {"kind": "log", "name": 42}, {"kind": "log", "name": {"en": "x"}}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "name is required and must be a string"}, {"index": 1, "reason": "name is required and must be a string"},
    {"index": 2, "reason": "name is required and must be a string"}, {"index": 3, "reason": "name is required and must be a string"}]}'::jsonb,
  'a missing, null, numeric or object name is rejected: name is required and must be a string');
select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 0, 'nothing was stored');
select * from finish();
rollback;
