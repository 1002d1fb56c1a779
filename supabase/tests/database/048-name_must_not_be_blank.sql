-- Rule: a name is not only white space, including the Unicode spaces JavaScript's trim() removes,
-- so the SDK's schema and the database agree.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "   "}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "name must not be blank"}]}'::jsonb, 'a name of spaces is rejected: name must not be blank');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "\u00a0\u2003\u3000"}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "name must not be blank"}]}'::jsonb, 'a name of Unicode spaces is rejected: name must not be blank');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": " GET /x "}, {"kind": "log", "name": "a\u00a0b"}]'),
  '{"accepted": 2, "rejected": []}'::jsonb, 'a name with spaces around or inside text is accepted');
select * from finish();
rollback;
