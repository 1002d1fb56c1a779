-- Rule: a key made for some kinds only (a browser key sending page views and errors) rejects the others.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select vigil_api.create_ingest_key(:'a_tenant_id', 'browser', array['page_view', 'error']) ->> 'key' as browser_key \gset
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'browser_key', '[{"kind": "page_view", "name": "/"}, {"kind": "operation", "name": "x"}, {"kind": "error", "name": "TypeError"}, {"kind": "db_metric", "name": "x"}]'),
  '{"accepted": 2, "rejected": [{"index": 1, "reason": "kind operation is not allowed for this ingest key"},
    {"index": 3, "reason": "kind db_metric is not allowed for this ingest key"}]}'::jsonb,
  'kinds outside the key''s list are rejected: kind operation is not allowed for this ingest key');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "operation", "name": "x"}]') ->> 'accepted', '1', 'a key with no list allows every kind');
select tests.clear_authentication();
select set_eq(format('select kind::text from vigil.events where tenant_id = %L', :'a_tenant_id'), array['page_view', 'error', 'operation'], 'only the allowed kinds were stored');
select * from finish();
rollback;
