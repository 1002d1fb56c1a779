-- Rule: a name holds no control characters (C0, DEL, C1): names end up in dashboards, logs and alerts.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "a\nb"}, {"kind": "log", "name": "a\tb"}, {"kind": "log", "name": "\u001b[31mred"},
    {"kind": "log", "name": "a\u007fb"}, {"kind": "log", "name": "a\u0085b"}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "name must contain only printable characters"}, {"index": 1, "reason": "name must contain only printable characters"},
    {"index": 2, "reason": "name must contain only printable characters"}, {"index": 3, "reason": "name must contain only printable characters"},
    {"index": 4, "reason": "name must contain only printable characters"}]}'::jsonb,
  'newline, tab, escape, DEL and a C1 control are rejected: name must contain only printable characters');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "Café ✓ 東京 /api/orders?id=1"}]'),
  '{"accepted": 1, "rejected": []}'::jsonb, 'accents, symbols and CJK are printable and accepted');
select tests.clear_authentication();
select is((select name::text from vigil.events where tenant_id = :'a_tenant_id'), 'Café ✓ 東京 /api/orders?id=1', 'the name is stored as sent');
select * from finish();
rollback;
