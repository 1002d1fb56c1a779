-- Rule: a batch with a disabled key is refused whole with PT401 (HTTP 401), even an empty one.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select vigil_api.disable_ingest_key(id) from vigil.ingest_keys where tenant_id = :'a_tenant_id';
select tests.authenticate_as_anon();
select throws_ok(format('select vigil_api.ingest(%L, %L)', :'a_ingest_key', '[{"kind": "log", "name": "x"}]'),
  'PT401', 'This ingest key is disabled.', 'a batch with a disabled key is refused: PT401');
select throws_ok(format('select vigil_api.ingest(%L, %L)', :'a_ingest_key', '[]'),
  'PT401', 'This ingest key is disabled.', 'an empty batch with a disabled key is refused too: PT401');
select tests.clear_authentication();
select is_empty(format('select 1 from vigil.events where tenant_id = %1$L union all select 1 from vigil.ingest_usage u join vigil.ingest_keys k on k.id = u.key_id where k.tenant_id = %1$L', :'a_tenant_id'), 'nothing was stored or counted');
select * from finish();
rollback;
