-- Rule: only the documented fields are allowed; the first unknown one (in sort order) is named. A
-- caller cannot pick its tenant, id or received_at.
begin;
select plan(5);

select * from tests.make_tenant('test-acme') \gset a_
select * from tests.make_tenant('test-other') \gset b_
select tests.ingest_rejects(:'a_ingest_key', format('[{"kind": "log", "name": "x", "tenant_id": "%s"}]', :'b_tenant_id')::jsonb,
  'unknown field tenant_id', 'tenant_id is rejected');
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": "x", "received_at": "2020-01-01T00:00:00Z", "id": 1}]',
  'unknown field id', 'of several unknown fields the first in sort order is named');
select tests.ingest_rejects(:'a_ingest_key', '[{"Kind": "log", "name": "x"}]',
  'unknown field Kind', 'field names are case-sensitive');
select tests.ingest_rejects(:'a_ingest_key', '[{"zzz": 1}]',
  'unknown field zzz', 'an unknown field is reported before a missing kind');
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 0, 'nothing was stored');
select * from finish();
rollback;
