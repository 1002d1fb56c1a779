-- Rule: events are validated one by one; a bad event costs only itself, and every valid one is stored.
begin;
select plan(3);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "operation", "name": "first", "duration_ms": 12},
    {"kind": "operation", "name": "bad", "duration_ms": -1},
    {"kind": "api_call", "name": "second", "status_code": 200},
    {"kind": "bogus", "name": "bad"},
    {"kind": "error", "name": "third"}]'),
  '{"accepted": 3, "rejected": [{"index": 1, "reason": "duration_ms must be between 0 and 86400000"},
    {"index": 3, "reason": "kind must be one of operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric, custom"}]}'::jsonb,
  'a batch of five with two bad events accepts three and names the two');
select tests.clear_authentication();
select results_eq(format('select name collate "default" from vigil.events where tenant_id = %L order by id', :'a_tenant_id'), $$values ('first'), ('second'), ('third')$$,
  'the three valid events are stored, in batch order');
select is((select u.events from vigil.ingest_usage u join vigil.ingest_keys k on k.id = u.key_id where k.tenant_id = :'a_tenant_id'), 5, 'the whole batch counts against the key''s budget');
select * from finish();
rollback;
