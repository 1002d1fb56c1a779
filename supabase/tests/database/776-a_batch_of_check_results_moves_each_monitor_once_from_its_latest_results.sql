-- vigil.record_check_results works out the state of a whole batch in one statement, grouped by
-- monitor, with a short path for the usual result from a monitor's only region: each monitor moves
-- once (one check, judged on the batch's latest result of each region), events keep the batch's
-- order, results for unknown monitors are dropped, and values of the wrong type are refused (22023).
begin;
select plan(12);

select * from tests.make_tenant('uptime-batch') \gset t_
select vigil.set_outbound_allow_loopback(false);
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "one", "type": "http", "url": "https://one.example.com/", "retries": 1}') ->> 'id') as one \gset
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "two", "type": "http", "url": "https://two.example.com/"}') ->> 'id') as two \gset
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "multi", "type": "http", "url": "https://multi.example.com/",
  "regions": ["eu", "us", "ap"], "quorum": 2}') ->> 'id') as multi \gset

select is(vigil.record_check_results(jsonb_build_array(
    jsonb_build_object('monitor_id', :'one', 'ok', true, 'at', '2026-11-30 10:00:00'),
    jsonb_build_object('monitor_id', :'multi', 'ok', false, 'region', 'us', 'at', '2026-11-30 10:00:01'),
    jsonb_build_object('monitor_id', :'two', 'ok', false, 'at', '2026-11-30 10:00:01', 'reason', 'timeout: no answer'),
    jsonb_build_object('monitor_id', :'one', 'ok', false, 'at', '2026-11-30 10:00:20', 'reason', 'timeout: no answer'),
    jsonb_build_object('monitor_id', :'multi', 'ok', false, 'region', 'ap', 'at', '2026-11-30 10:00:02'),
    jsonb_build_object('monitor_id', :'multi', 'ok', true, 'region', 'eu', 'at', '2026-11-30 10:00:03')), '2026-11-30 10:00:30'),
  '{"events": 6, "monitors": 3}'::jsonb, 'one batch: six events, three monitors moved');

select is((select jsonb_build_object('state', state, 'failures', failures, 'last_checked_at', last_checked_at, 'next', next_check_at ->> 'default')
           from vigil.monitor_state where monitor_id = :'one'),
  '{"state": "pending", "failures": 1, "last_checked_at": "2026-11-30T10:00:20+00:00", "next": "2026-11-30T10:00:40+00:00"}'::jsonb,
  'two results of one region in a batch are one check, judged on the later: pending within the retries, retried 20 s later');
select is((select state from vigil.monitor_state where monitor_id = :'two'), 'down', 'a single failing result with no retries: down');
select is((select region_status from vigil.monitor_state where monitor_id = :'two'), '{}'::jsonb,
  'a monitor probed once from its only region keeps no region_status: its last result is its state');
select is((select state from vigil.monitor_state where monitor_id = :'multi'), 'down', 'two of three regions failing in one batch reach the quorum');
select is((select array_agg(k order by k) from vigil.monitor_state, jsonb_object_keys(region_status) k where monitor_id = :'multi'),
  '{ap,eu,us}'::text[], 'every region of the batch joins region_status');
select is((select array_agg(k order by k) from vigil.monitor_state, jsonb_object_keys(next_check_at) k where monitor_id = :'multi'),
  '{ap,eu,us}'::text[], 'and every region of the batch gets its next check');
select is((select array_agg(attributes ->> 'region' order by id) from vigil.events where tenant_id = :'t_tenant_id' and name = 'check:multi'),
  '{us,ap,eu}'::text[], 'events are written in the order of the batch');
select is((select attributes from vigil.events where tenant_id = :'t_tenant_id' and name = 'check:two'),
  jsonb_build_object('monitor_id', :'two'::uuid, 'region', 'default', 'reason', 'timeout: no answer', 'degraded', false),
  'a check event carries its monitor, region, reason and degraded flag');

select is(vigil.record_check_results(jsonb_build_array(jsonb_build_object('monitor_id', gen_random_uuid(), 'ok', true)), '2026-11-30 10:01'),
  '{"events": 0, "monitors": 0}'::jsonb, 'a result for a monitor that does not exist is dropped');
select throws_ok($$select vigil.record_check_results('[{"monitor_id": "not-a-uuid", "ok": true}]')$$, '22023',
  'each result needs monitor_id (a uuid) and ok (true or false).', 'a monitor_id that is not a uuid is refused with the same reason');
select throws_ok(format($$select vigil.record_check_results('[{"monitor_id": "%s", "ok": true, "at": "yesterday-ish"}]')$$, :'one'), '22023',
  'a result has a value of the wrong type.', 'a time that is not one is refused with 22023');

select * from finish();
rollback;
