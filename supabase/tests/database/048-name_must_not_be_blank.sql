-- Rule: a name is not only white space, including the Unicode spaces JavaScript's trim() removes,
-- so the SDK's schema and the database agree.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": "   "}]',
  'name must not be blank', 'a name of spaces is rejected');
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": "\u00a0\u2003\u3000"}]',
  'name must not be blank', 'a name of Unicode spaces is rejected');
select is(tests.ingest_as_anon(:'a_ingest_key', '[{"kind": "log", "name": " GET /x "}, {"kind": "log", "name": "a\u00a0b"}]'),
  '{"accepted": 2, "rejected": []}'::jsonb, 'a name with spaces around or inside text is accepted');
select * from finish();
rollback;
