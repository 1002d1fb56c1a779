-- Rule: kind is present and a string.
begin;
select plan(4);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_rejects(:'a_ingest_key', '[{"name": "x"}]',
  'kind is required and must be a string', 'a missing kind is rejected');
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": null, "name": "x"}]',
  'kind is required and must be a string', 'a null kind is rejected');
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": 3, "name": "x"}, {"kind": ["log"], "name": "x"}]',
  'kind is required and must be a string', 'a number or an array as kind is rejected');
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 0, 'nothing was stored');
select * from finish();
rollback;
