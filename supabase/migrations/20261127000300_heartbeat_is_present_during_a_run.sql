-- Alert evaluation is itself a maintenance step, and a run writes its heartbeat only when its steps
-- are done: evaluated inside a run, heartbeat_missing would read the previous heartbeat, and page on
-- the first run after installing (never ran) or after an outage (when it is over). A run in progress
-- in this very transaction proves maintenance is alive, so the metric reads 0 there. It can only page
-- when something outside maintenance evaluates (a separate vigil-alerts cron job: see docs/alerting.md).

create or replace function vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case
    when p_tenant is distinct from vigil.system_tenant_id() then null
    -- This transaction holds run_maintenance's advisory lock (bigint key k: classid = k >> 32, objid = k & 0xffffffff).
    when exists (select 1 from pg_catalog.pg_locks l
                 where l.locktype = 'advisory' and l.pid = pg_catalog.pg_backend_pid() and l.granted and l.objsubid = 1
                   and ((l.classid::bigint << 32) | l.objid::bigint) = pg_catalog.hashtext('vigil.run_maintenance')::bigint) then 0
    else vigil.heartbeat_missing(pg_catalog.upper(p_window))::numeric
  end
$$;
comment on function vigil.metric_heartbeat_missing(uuid, tstzrange) is
  'Alert metric heartbeat_missing (vigil-system only): 1 when maintenance has not completed a run for three intervals at the window''s end, else 0; 0 inside a maintenance run, which is itself the heartbeat.';

revoke execute on all functions in schema vigil, vigil_api from public;
