-- Rule: name is 1 to 200 characters (characters, not bytes).
begin;
select plan(4);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": ""}]',
  'name must be 1 to 200 characters', 'an empty name is rejected');
select tests.ingest_rejects(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'log', 'name', repeat('n', 201))),
  'name must be 1 to 200 characters', 'a 201-character name is rejected');
select is(tests.ingest_as_anon(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'log', 'name', repeat('n', 200)),
    jsonb_build_object('kind', 'log', 'name', repeat('é', 200)), jsonb_build_object('kind', 'log', 'name', 'x'))),
  '{"accepted": 3, "rejected": []}'::jsonb, 'names of 1 and 200 characters are accepted, 200 two-byte characters too');
select is((select max(length(name))::integer from vigil.events where tenant_id = :'a_tenant_id'), 200, 'the 200-character names were stored whole');
select * from finish();
rollback;
