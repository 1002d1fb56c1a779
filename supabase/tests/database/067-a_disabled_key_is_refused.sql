-- Rule: a batch with a disabled key is refused whole with PT401 (HTTP 401), even an empty one.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select vigil_api.disable_ingest_key(id) from vigil.ingest_keys where tenant_id = :'a_tenant_id';
select tests.ingest_refuses(:'a_ingest_key', '[{"kind": "log", "name": "x"}]',
  'PT401', 'This ingest key is disabled.', 'a batch with a disabled key is refused');
select tests.ingest_refuses(:'a_ingest_key', '[]',
  'PT401', 'This ingest key is disabled.', 'an empty batch with a disabled key is refused too');
select tests.nothing_stored(:'a_tenant_id');
select * from finish();
rollback;
