-- Rule: a key has a per-minute event budget. A batch that would take it over is refused whole with
-- PT429 (HTTP 429): none of its events is stored and the budget counter does not move, so the
-- client can retry later. Every event of a batch counts, valid or not.
begin;
select plan(9);

select * from tests.make_tenant('test-acme') \gset a_
select vigil_api.create_ingest_key(:'a_tenant_id', 'small', null, 3) ->> 'key' as small_key \gset
select id as small_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' and name = 'small' \gset

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'small_key', '[{"kind": "log", "name": "one"}, {"kind": "log", "name": "two"}]') ->> 'accepted', '2', 'a batch within the budget is accepted');
select throws_ok(format('select vigil_api.ingest(%L, %L)', :'small_key', '[{"kind": "log", "name": "three"}, {"kind": "log", "name": "four"}]'),
  'PT429', 'This ingest key is over its budget of 3 events per minute.', 'a batch that would take the key over its budget is refused: PT429');
select tests.clear_authentication();
select results_eq(format('select name collate "default" from vigil.events where tenant_id = %L order by id', :'a_tenant_id'), $$values ('one'), ('two')$$, 'nothing of the refused batch was stored');
select is((select events from vigil.ingest_usage where key_id = :'small_id'), 2, 'the budget counter did not move');

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'small_key', '[{"kind": "bogus", "name": "three"}]'),
  '{"accepted": 0, "rejected": [{"index": 0, "reason": "kind must be one of operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric, custom"}]}'::jsonb,
  'a batch exactly filling the budget is accepted, even when its event is rejected');
select throws_ok(format('select vigil_api.ingest(%L, %L)', :'small_key', '[{"kind": "log", "name": "four"}]'),
  'PT429', 'This ingest key is over its budget of 3 events per minute.', 'a rejected event still counted: the next event is over budget: PT429');
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "other key"}]') ->> 'accepted', '1', 'another key of the same tenant has its own budget');

-- A new minute: move this minute's count back a minute rather than wait.
select tests.clear_authentication();
update vigil.ingest_usage set minute = minute - interval '1 minute' where key_id = :'small_id';
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'small_key', '[{"kind": "log", "name": "next minute"}]') ->> 'accepted', '1', 'in the next minute the key has its budget again');
select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 4, 'exactly the accepted events were stored');
select * from finish();
rollback;
