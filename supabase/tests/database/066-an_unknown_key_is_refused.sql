-- Rule: a batch with an unknown key is refused whole with PT401 (HTTP 401), even an empty one.
begin;
select plan(6);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select throws_ok($$select vigil_api.ingest('vk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '[{"kind": "log", "name": "x"}]')$$,
  'PT401', 'Unknown ingest key.', 'a well-formed key that does not exist is refused: PT401');
select throws_ok(format('select vigil_api.ingest(%L, %L)', upper(:'a_ingest_key'), '[]'), 'PT401', 'Unknown ingest key.', 'keys are case-sensitive: PT401');
select throws_ok(format('select vigil_api.ingest(%L, %L)', encode(sha256(convert_to(:'a_ingest_key', 'UTF8')), 'hex'), '[]'),
  'PT401', 'Unknown ingest key.', 'the key''s hash is not a key: PT401');
select throws_ok($$select vigil_api.ingest(null, '[]')$$, 'PT401', 'Unknown ingest key.', 'a null key is refused: PT401');
select throws_ok($$select vigil_api.ingest('', '[]')$$, 'PT401', 'Unknown ingest key.', 'an empty key is refused: PT401');
select tests.clear_authentication();
select tests.nothing_stored(:'a_tenant_id');
select * from finish();
rollback;
