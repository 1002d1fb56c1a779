-- The monitor state machine, driven by results recorded through vigil.record_check_results with the
-- clock as a parameter: retries before DOWN (PENDING meanwhile), successes needed before UP, a quorum
-- of regions, the degraded threshold, and maintenance from a mute window.
begin;
select plan(22);

select * from tests.make_tenant('uptime-sm') \gset t_
select vigil.set_outbound_allow_loopback(false);
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "api", "type": "http", "url": "https://api.example.com/health",
  "retries": 2, "recovery_successes": 2, "degraded_ms": 500}') ->> 'id') as api \gset
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "multi", "type": "http", "url": "https://multi.example.com/",
  "regions": ["eu", "us", "ap"], "quorum": 2}') ->> 'id') as multi \gset

create function pg_temp.check(p_monitor uuid, p_ok boolean, p_at text, p_region text default 'default', p_ms int default 100) returns text
language sql as $$
  select vigil.record_check_results(jsonb_build_array(jsonb_build_object('monitor_id', p_monitor, 'ok', p_ok, 'region', p_region,
    'duration_ms', p_ms, 'status_code', case when p_ok then 200 else 500 end, 'reason', case when not p_ok then 'status: 500' end)),
    p_at::timestamptz)::text;
  select state from vigil.monitor_state where monitor_id = p_monitor;
$$;

select is((select state from vigil.monitor_state where monitor_id = :'api'), 'pending', 'a new monitor is pending until its first check');
select is(pg_temp.check(:'api', true, '2026-11-30 10:00'), 'up', 'a success makes it up');
select is(pg_temp.check(:'api', false, '2026-11-30 10:01'), 'pending', 'retries 2: the first failure is pending');
select is((select (next_check_at ->> 'default')::timestamptz from vigil.monitor_state where monitor_id = :'api'), '2026-11-30 10:01:20+00'::timestamptz,
  'and it is checked again after the shorter retry interval');
select is(pg_temp.check(:'api', false, '2026-11-30 10:01:20'), 'pending', 'the second failure is still pending');
select is(pg_temp.check(:'api', false, '2026-11-30 10:01:40'), 'down', 'the third failure is down');
select is((select (next_check_at ->> 'default')::timestamptz from vigil.monitor_state where monitor_id = :'api'), '2026-11-30 10:02:40+00'::timestamptz,
  'a down monitor is checked at its normal interval');
select is(pg_temp.check(:'api', true, '2026-11-30 10:02:40'), 'down', 'one success with two needed stays down');
select is(pg_temp.check(:'api', false, '2026-11-30 10:03:40'), 'down', 'a failure in between starts the count again');
select is(pg_temp.check(:'api', true, '2026-11-30 10:04:40'), 'down', 'one success again stays down');
select is(pg_temp.check(:'api', true, '2026-11-30 10:05:40'), 'up', 'the second success in a row brings it up');
select is(pg_temp.check(:'api', true, '2026-11-30 10:06:40', 'default', 900), 'degraded', 'a success slower than degraded_ms is degraded');
select is((select state_since from vigil.monitor_state where monitor_id = :'api'), '2026-11-30 10:06:40+00'::timestamptz, 'state_since is the clock of the change');

select is(pg_temp.check(:'multi', true, '2026-11-30 10:00', 'eu'), 'up', 'multi-region: eu up');
select is(pg_temp.check(:'multi', false, '2026-11-30 10:00:05', 'us'), 'up', 'quorum 2 of 3: one region failing is not a failure');
select is(pg_temp.check(:'multi', false, '2026-11-30 10:00:10', 'ap'), 'down', 'a second region failing is, and with no retries it is down');
select is(pg_temp.check(:'multi', true, '2026-11-30 10:01', 'us'), 'up', 'one of them recovering leaves one failing region: up again');
select is(pg_temp.check(:'multi', false, '2026-11-30 10:10', 'us'), 'up', 'a failure old results cannot join (over two intervals apart) stays alone');

select is((select count(*)::int from vigil.events where tenant_id = :'t_tenant_id' and kind = 'api_call' and name = 'check:api'), 9,
  'each result is one api_call event named check:<monitor>');
select is((select jsonb_build_object('ok', success, 'status', status_code, 'reason', error_message, 'type', error_type)
           from vigil.events where tenant_id = :'t_tenant_id' and name = 'check:api' and occurred_at = '2026-11-30 10:01:40'),
  '{"ok": false, "status": 500, "reason": "status: 500", "type": "status"}'::jsonb, 'a failed check carries its status code and reason');

-- A mute window matching the monitor shows it as maintenance, and the state underneath stays.
select vigil_api.create_mute_window(:'t_tenant_id', 'deploys', '00:00', '23:59', '{1,2,3,4,5,6,7}', 'UTC', '{"monitor": "api"}');
select is(pg_temp.check(:'api', false, '2026-11-30 10:07'), 'maintenance', 'during a matching mute window the monitor shows maintenance');

select throws_ok($$select vigil.record_check_results('[{"ok": true}]')$$, '22023',
  'each result needs monitor_id (a uuid) and ok (true or false).', 'a result without a monitor is refused with its reason');

select * from finish();
rollback;
