-- Rule: name is present and a string.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log"}, {"kind": "log", "name": null}, {"kind": "log", "name": 42}, {"kind": "log", "name": {"en": "x"}}]',
  'name is required and must be a string', 'a missing, null, numeric or object name is rejected');
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 0, 'nothing was stored');
select * from finish();
rollback;
