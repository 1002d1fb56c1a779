-- schedule() adds a second named job, `vigil-watchdog`, that evaluates alerts on its own every five
-- minutes. Alert evaluation otherwise runs inside maintenance, so the default "maintenance heartbeat
-- missing" rule could never fire when maintenance itself had stopped: the watchdog is what sees it.
-- unschedule() removes both jobs.

create or replace function vigil._schedule(p_every text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_jobid bigint;
  v_seconds integer;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database administrator may schedule maintenance.';
  end if;
  if pg_catalog.to_regnamespace('cron') is null then
    raise exception using errcode = '55000',
      message = 'pg_cron is not installed in this database, so maintenance cannot be scheduled.',
      hint = 'Enable the pg_cron extension (Supabase: Database > Extensions), then call vigil_api.schedule() again; or run select vigil.run_maintenance() from any scheduler every minute.';
  end if;
  if p_every is null or pg_catalog.btrim(p_every) = '' then
    raise exception using errcode = '22023', message = 'A schedule is required, for example ''* * * * *''.';
  end if;
  v_seconds := vigil._cron_interval_seconds(p_every);
  begin
    -- Named job: pg_cron upserts by name, so scheduling twice changes the schedule and keeps one job.
    -- The command is one function call; nothing secret is ever written into it.
    execute 'select cron.schedule($1, $2, $3)' into v_jobid
      using 'vigil-maintenance', p_every, 'select vigil.run_maintenance()';
  exception when invalid_parameter_value or internal_error then
    raise exception using errcode = '22023',
      message = pg_catalog.format('%L is not a schedule pg_cron accepts.', p_every),
      hint = 'Use cron syntax, for example ''* * * * *'' (every minute) or ''*/5 * * * *''.';
  end;
  -- The watchdog: alert evaluation on its own every 5 minutes, so a maintenance run that stopped or
  -- hangs still pages through heartbeat_missing (which only the evaluator outside maintenance sees).
  execute 'select cron.schedule($1, $2, $3)' using 'vigil-watchdog', '*/5 * * * *', 'select vigil.evaluate_alerts()';
  update vigil.maintenance_settings
  set schedule = p_every, scheduled_at = pg_catalog.now(), interval_seconds = coalesce(v_seconds, 3600);
  return pg_catalog.jsonb_build_object('job', 'vigil-maintenance', 'jobid', v_jobid, 'schedule', p_every,
    'watchdog', 'vigil-watchdog',
    'interval_seconds', coalesce(v_seconds, 3600));
end
$$;

create or replace function vigil._unschedule() returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_jobid bigint;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database administrator may unschedule maintenance.';
  end if;
  if pg_catalog.to_regnamespace('cron') is null then
    return false;
  end if;
  execute 'select j.jobid from cron.job j where j.jobname = $1 and j.username = current_user limit 1'
    into v_jobid using 'vigil-maintenance';
  if v_jobid is null then
    return false;
  end if;
  execute 'select cron.unschedule($1)' using v_jobid;
  execute 'select cron.unschedule(j.jobid) from cron.job j where j.jobname = $1 and j.username = current_user'
    using 'vigil-watchdog';
  update vigil.maintenance_settings set schedule = null, scheduled_at = null;
  return true;
end
$$;

comment on function vigil_api.schedule(text) is
$$Registers maintenance with pg_cron as the job `vigil-maintenance` running `select vigil.run_maintenance()` on
p_every (cron syntax, default every minute), and `vigil-watchdog` evaluating alerts every 5 minutes on its own so a
stopped maintenance still pages (heartbeat_missing). Scheduling again only changes the schedule. Service role and
database sessions only; raises 55000 when pg_cron is not installed.$$;

revoke execute on all functions in schema vigil, vigil_api from public;
