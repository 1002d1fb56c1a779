-- Rule: a batch with an unknown key is refused whole with PT401 (HTTP 401), even an empty one.
begin;
select plan(6);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_refuses('vk_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '[{"kind": "log", "name": "x"}]',
  'PT401', 'Unknown ingest key.', 'a well-formed key that does not exist is refused');
select tests.ingest_refuses(upper(:'a_ingest_key'), '[]',
  'PT401', 'Unknown ingest key.', 'keys are case-sensitive');
select tests.ingest_refuses(encode(sha256(convert_to(:'a_ingest_key', 'UTF8')), 'hex'), '[]',
  'PT401', 'Unknown ingest key.', 'the key''s hash is not a key');
select tests.ingest_refuses(null, '[]',
  'PT401', 'Unknown ingest key.', 'a null key is refused');
select tests.ingest_refuses('', '[]',
  'PT401', 'Unknown ingest key.', 'an empty key is refused');
select tests.nothing_stored(:'a_tenant_id');
select * from finish();
rollback;
