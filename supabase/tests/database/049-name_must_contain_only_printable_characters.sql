-- Rule: a name holds no control characters (C0, DEL, C1): names end up in dashboards, logs and alerts.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.ingest_rejects(:'a_ingest_key', '[{"kind": "log", "name": "a\nb"}, {"kind": "log", "name": "a\tb"}, {"kind": "log", "name": "\u001b[31mred"},
    {"kind": "log", "name": "a\u007fb"}, {"kind": "log", "name": "a\u0085b"}]',
  'name must contain only printable characters', 'newline, tab, escape, DEL and a C1 control are rejected');
select is(tests.ingest_as_anon(:'a_ingest_key', '[{"kind": "log", "name": "Café ✓ 東京 /api/orders?id=1"}]'),
  '{"accepted": 1, "rejected": []}'::jsonb, 'accents, symbols and CJK are printable and accepted');
select is((select name::text from vigil.events where tenant_id = :'a_tenant_id'), 'Café ✓ 東京 /api/orders?id=1', 'the name is stored as sent');
select * from finish();
rollback;
