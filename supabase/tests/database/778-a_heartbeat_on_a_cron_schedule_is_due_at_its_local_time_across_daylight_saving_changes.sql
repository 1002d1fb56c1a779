-- A heartbeat given a cron expression and a time zone is due at each time the expression names, read
-- in that zone: '0 3 * * *' in Europe/Berlin is 02:00 UTC after the autumn change (25 hours after the
-- last run) and 01:00 UTC after the spring one (23 hours), where a 24-hour period would be an hour off
-- both ways. Late after the due time, down after the grace; the clock is a parameter.
begin;
select plan(14);

select * from tests.make_tenant('uptime-cron-tz') \gset t_
select vigil_api.create_monitor(:'t_tenant_id', '{"name": "nightly", "type": "heartbeat", "schedule": "0 3 * * *",
  "schedule_tz": "Europe/Berlin", "grace_seconds": 900}') as hb \gset
select :'hb'::jsonb ->> 'id' as hb_id, :'hb'::jsonb ->> 'ping_token' as token \gset

select is(vigil._cron_next('0 3 * * *', 'Europe/Berlin', '2026-10-24 01:01+00'), '2026-10-25 02:00+00'::timestamptz,
  'after the autumn change 03:00 in Berlin is 02:00 UTC');
select is(vigil._cron_next('0 3 * * *', 'Europe/Berlin', '2026-03-28 02:01+00'), '2026-03-29 01:00+00'::timestamptz,
  'after the spring change it is 01:00 UTC');
select is(vigil._cron_next('5 4 * * 1-5', null, '2026-11-27 05:00+00'), '2026-11-30 04:05+00'::timestamptz,
  'an irregular schedule (weekdays at 04:05, UTC by default) skips the weekend');
select is(vigil._cron_next('0 0 29 2 *', null, '2026-03-01+00'), '2028-02-29 00:00+00'::timestamptz, '29 February waits for a leap year');

-- Autumn: the job ran at 03:01 Berlin summer time (01:01 UTC) on 24 October.
select vigil._ping(:'token', 'success', null, '2026-10-24 01:01+00');
select is(vigil.check_heartbeats('2026-10-25 01:30+00') ->> 'late', '0',
  'autumn: 24 h 29 min after the last run it is not late, the next run being 25 h after it');
select is((select value from vigil.metric_heartbeat_late(:'t_tenant_id', tstzrange('2026-10-25 01:29+00', '2026-10-25 01:30+00'))), 0::numeric,
  'and heartbeat_late reads 0');
select is(vigil.check_heartbeats('2026-10-25 02:01+00') ->> 'late', '1', 'a minute after 03:00 local it is late');
select is(vigil.check_heartbeats('2026-10-25 02:14+00') ->> 'down', '0', 'within the grace it is not down');
select is(vigil.check_heartbeats('2026-10-25 02:16+00') ->> 'down', '1', 'after the grace it is down');
select is(vigil._ping(:'token', 'success', null, '2026-10-25 02:20+00') ->> 'state', 'up', 'the run that comes brings it back');

-- Spring: the job ran at 03:01 Berlin winter time (02:01 UTC) on 28 March.
select vigil._ping(:'token', 'success', null, '2026-03-28 02:01+00');
select is(vigil.check_heartbeats('2026-03-29 01:10+00') ->> 'late', '1',
  'spring: 23 h 09 min after the last run it is late already, the next run being 23 h after it');
select is((select value from vigil.metric_heartbeat_late(:'t_tenant_id', tstzrange('2026-03-29 01:09+00', '2026-03-29 01:10+00'))), 1::numeric,
  'and heartbeat_late reads 1');

select throws_ok(format($$select vigil_api.create_monitor(%L, '{"name": "z", "type": "heartbeat", "schedule": "0 3 * * *", "schedule_tz": "Mars/Olympus"}')$$,
  :'t_tenant_id'), '22023', 'schedule_tz must be a time zone name, e.g. Europe/Berlin.', 'an unknown time zone is refused');
select is((select period_seconds from vigil.monitors where id = :'hb_id'), 86400, 'a daily schedule shows a period of a day');

select * from finish();
rollback;
