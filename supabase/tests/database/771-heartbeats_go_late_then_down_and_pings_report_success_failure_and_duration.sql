-- Heartbeats, the healthchecks.io model, with the clock as a parameter: late after the period, down
-- after the grace; a start without a success within the grace is down; fail is down at once; exit
-- status 0 is a success and 3 a failure; the time from start to success is the job's duration.
begin;
select plan(17);

select * from tests.make_tenant('uptime-hb') \gset t_
select vigil_api.create_monitor(:'t_tenant_id', '{"name": "nightly", "type": "heartbeat", "period_seconds": 3600, "grace_seconds": 900}') as hb \gset
select :'hb'::jsonb ->> 'id' as hb_id, :'hb'::jsonb ->> 'ping_token' as token \gset
update vigil.monitors set created_at = '2026-11-30 10:00' where id = :'hb_id';

select ok(:'token' like 'hb_%' and length(:'token') = 43, 'creating a heartbeat answers its ping token, once');
select is((select token_hash from vigil.monitor_tokens where monitor_id = :'hb_id'), vigil._hash_key(:'token'), 'only its hash is stored');

select is(vigil._ping(:'token', 'success', 'backup ok', '2026-11-30 10:30') ->> 'state', 'up', 'a success ping makes it up');
select is(vigil.check_heartbeats('2026-11-30 11:29') ->> 'late', '0', 'within the period it is not late');
select is(vigil.check_heartbeats('2026-11-30 11:31') ->> 'late', '1', 'after the period it is late');
select is((select state from vigil.monitor_state where monitor_id = :'hb_id'), 'pending', 'late shows as pending');
select is((select value from vigil.metric_heartbeat_late(:'t_tenant_id', tstzrange('2026-11-30 11:30', '2026-11-30 11:31'))), 1::numeric,
  'heartbeat_late reads 1 for it');
select is(vigil.check_heartbeats('2026-11-30 11:46') ->> 'down', '1', 'after the period and the grace it is down');
select is((select error_message from vigil.events where tenant_id = :'t_tenant_id' and name = 'check:nightly' and not success),
  'no ping within the period and grace time', 'and a failed check says why');

select is(vigil._ping(:'token', '0', null, '2026-11-30 12:00') ->> 'state', 'up', 'exit status 0 is a success');
select is(vigil._ping(:'token', '3', 'disk full', '2026-11-30 12:05') ->> 'state', 'down', 'exit status 3 is a failure, down at once');
select is(vigil._ping(:'token', 'success', null, '2026-11-30 12:10') ->> 'state', 'up', 'a success brings it back');
select is(vigil._ping(:'token', 'fail', null, '2026-11-30 12:15') ->> 'state', 'down', '/fail is down at once');

select vigil._ping(:'token', 'success', null, '2026-11-30 13:00');
select vigil._ping(:'token', 'start', null, '2026-11-30 13:10');
select is(vigil.check_heartbeats('2026-11-30 13:24') ->> 'down', '0', 'a started job within the grace is not down');
select is(vigil.check_heartbeats('2026-11-30 13:26') ->> 'down', '1', 'started without a success within the grace: down');
select vigil._ping(:'token', 'start', null, '2026-11-30 14:00');
select vigil._ping(:'token', 'success', null, '2026-11-30 14:02');
select is((select duration_ms from vigil.events where tenant_id = :'t_tenant_id' and name = 'check:nightly' and occurred_at = '2026-11-30 14:02'),
  120000::double precision, 'the time from start to success is the duration of the success event');

select throws_ok($$select vigil._ping('hb_nope', 'success', null, now())$$, 'PT404', 'No heartbeat has that token.',
  'an unknown token is refused like a missing thing');
select * from finish();
rollback;
