-- Rule: only the documented fields are allowed; the first unknown one (in sort order) is named. A
-- caller cannot pick its tenant, id or received_at.
begin;
select plan(5);

select * from tests.make_tenant('test-acme') \gset a_
select * from tests.make_tenant('test-other') \gset b_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', format('[{"kind": "log", "name": "x", "tenant_id": "%s"}]', :'b_tenant_id')::jsonb),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "unknown field tenant_id"}]}'::jsonb, 'tenant_id is rejected: unknown field tenant_id');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "x", "received_at": "2020-01-01T00:00:00Z", "id": 1}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "unknown field id"}]}'::jsonb, 'of several unknown fields the first in sort order is named: unknown field id');
select is(vigil_api.ingest(:'a_ingest_key', '[{"Kind": "log", "name": "x"}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "unknown field Kind"}]}'::jsonb, 'field names are case-sensitive: unknown field Kind');
select is(vigil_api.ingest(:'a_ingest_key', '[{"zzz": 1}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "unknown field zzz"}]}'::jsonb, 'an unknown field is reported before a missing kind');
select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 0, 'nothing was stored');
select * from finish();
rollback;
