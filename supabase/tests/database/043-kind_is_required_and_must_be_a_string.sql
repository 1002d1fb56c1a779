-- Rule: kind is present and a string.
begin;
select plan(4);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"name": "x"}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "kind is required and must be a string"}]}'::jsonb, 'a missing kind is rejected: kind is required and must be a string');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": null, "name": "x"}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "kind is required and must be a string"}]}'::jsonb, 'a null kind is rejected: kind is required and must be a string');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": 3, "name": "x"}, {"kind": ["log"], "name": "x"}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "kind is required and must be a string"}, {"index": 1, "reason": "kind is required and must be a string"}]}'::jsonb,
  'a number or an array as kind is rejected: kind is required and must be a string');
select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 0, 'nothing was stored');
select * from finish();
rollback;
