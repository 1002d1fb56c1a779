-- Rule: attributes are at most 8192 bytes, measured on the JSON text PostgreSQL stores
-- ({"s": "..."} is the string plus 9 bytes).
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'x', 'attributes', jsonb_build_object('s', repeat('a', 8184))))),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "attributes must be at most 8192 bytes"}]}'::jsonb,
  'attributes of 8193 bytes are rejected: attributes must be at most 8192 bytes');
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'x', 'attributes', jsonb_build_object('s', repeat('é', 4092))))),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "attributes must be at most 8192 bytes"}]}'::jsonb,
  'the cap counts bytes, not characters: 4092 two-byte characters are too many');
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'x', 'attributes', jsonb_build_object('s', repeat('a', 8183))))),
  '{"accepted": 1, "rejected": []}'::jsonb, 'attributes of exactly 8192 bytes are accepted');
select * from finish();
rollback;
