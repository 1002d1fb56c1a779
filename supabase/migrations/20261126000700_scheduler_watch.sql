-- Scheduler watch, because a pg_cron "succeeded" proves little and a job that silently stopped
-- running proves nothing: failed runs and missed runs of every job in the database become events
-- of the vigil-system tenant and the cron_job_failures metric; old run history is pruned.
-- Every reference to cron is dynamic SQL, so all of this installs and runs without pg_cron.

create table vigil.cron_job_watch (
  jobid bigint primary key,
  jobname text,
  first_seen_at timestamptz not null,
  missing_since timestamptz
);
comment on table vigil.cron_job_watch is
  'What the scheduler watch knows of each pg_cron job: when it first saw it (a new job is not missing yet) and since when its expected run is missing.';
comment on column vigil.cron_job_watch.missing_since is 'Set when the job has not started for three of its periods; one event is recorded then, not one per run.';

alter table vigil.cron_job_watch enable row level security;
grant select on vigil.cron_job_watch to authenticated;
grant all on vigil.cron_job_watch to service_role;
create policy cron_job_watch_system_read on vigil.cron_job_watch for select to authenticated
  using (vigil.has_role(vigil.system_tenant_id(), 'viewer'));
create policy cron_job_watch_service on vigil.cron_job_watch for all to service_role using (true) with check (true);

create function vigil.watch_scheduler(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_settings vigil.maintenance_settings;
  v_since timestamptz;
  v_run record;
  v_job record;
  v_failed integer := 0;
  v_missing integer := 0;
  v_newly_missing integer := 0;
  v_pruned integer := 0;
  v_period integer;
  v_last_start timestamptz;
  v_http_failed integer := 0;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database session may watch the scheduler.';
  end if;
  select * into v_settings from vigil.maintenance_settings;
  v_since := coalesce(v_settings.cron_watched_until, p_now - interval '1 hour');

  -- pg_net, where installed, is how jobs call edge functions: a "succeeded" job whose HTTP call came
  -- back non-2xx or timed out failed all the same. pg_net keeps responses for 6 hours.
  if pg_catalog.to_regclass('net._http_response') is not null then
    for v_run in execute
      'select r.id, r.status_code, r.timed_out, r.error_msg, pg_catalog.left(r.content, 200) as content, r.created
       from net._http_response r
       where r.created > $1 and r.created <= $2
         and (coalesce(r.timed_out, false) or r.error_msg is not null or r.status_code is null or r.status_code not between 200 and 299)
       order by r.created limit 200'
      using v_since, p_now
    loop
      perform vigil._record_system_event('log',
        'http call failed: ' || case when v_run.timed_out then 'timeout' else coalesce(v_run.status_code::text, 'error') end, null,
        pg_catalog.jsonb_build_object('level', 'error', 'request_id', v_run.id, 'status_code', v_run.status_code,
          'timed_out', v_run.timed_out, 'error_msg', pg_catalog.left(v_run.error_msg, 500), 'content', v_run.content),
        v_run.created);
      v_http_failed := v_http_failed + 1;
    end loop;
  end if;

  if pg_catalog.to_regclass('cron.job_run_details') is null then
    update vigil.maintenance_settings set cron_watched_until = p_now;
    return pg_catalog.jsonb_build_object('skipped', 'pg_cron is not installed', 'failed_http_calls', v_http_failed);
  end if;

  -- Failed runs that ended since the last watch, each an error log event (bounded per run).
  for v_run in execute
    'select d.jobid, d.runid, d.return_message, d.start_time, d.end_time, j.jobname, pg_catalog.left(d.command, 200) as command
     from cron.job_run_details d left join cron.job j on j.jobid = d.jobid
     where d.status = ''failed'' and d.end_time > $1 and d.end_time <= $2
     order by d.end_time limit 200'
    using v_since, p_now
  loop
    perform vigil._record_system_event('log', 'cron job failed: ' || coalesce(v_run.jobname, 'job ' || v_run.jobid), null,
      pg_catalog.jsonb_build_object('level', 'error', 'jobid', v_run.jobid, 'jobname', v_run.jobname, 'runid', v_run.runid,
        'command', v_run.command, 'return_message', pg_catalog.left(v_run.return_message, 1000), 'start_time', v_run.start_time),
      v_run.end_time);
    v_failed := v_failed + 1;
  end loop;
  update vigil.maintenance_settings set cron_watched_until = p_now;

  -- Missed runs: an active job with a regular schedule that has not started for three periods.
  for v_job in execute 'select j.jobid, j.jobname, j.schedule from cron.job j where j.active' loop
    insert into vigil.cron_job_watch (jobid, jobname, first_seen_at) values (v_job.jobid, v_job.jobname, p_now)
    on conflict (jobid) do update set jobname = excluded.jobname;
    v_period := vigil._cron_interval_seconds(v_job.schedule);
    continue when v_period is null;
    execute 'select pg_catalog.max(d.start_time) from cron.job_run_details d where d.jobid = $1' into v_last_start using v_job.jobid;
    if coalesce(v_last_start, (select w.first_seen_at from vigil.cron_job_watch w where w.jobid = v_job.jobid))
       < p_now - pg_catalog.make_interval(secs => 3 * greatest(v_period, 60)) then
      v_missing := v_missing + 1;
      update vigil.cron_job_watch set missing_since = p_now where jobid = v_job.jobid and missing_since is null;
      if found then
        v_newly_missing := v_newly_missing + 1;
        perform vigil._record_system_event('log', 'cron job missed: ' || coalesce(v_job.jobname, 'job ' || v_job.jobid), null,
          pg_catalog.jsonb_build_object('level', 'error', 'jobid', v_job.jobid, 'jobname', v_job.jobname,
            'schedule', v_job.schedule, 'last_start', v_last_start), p_now);
      end if;
    else
      update vigil.cron_job_watch set missing_since = null where jobid = v_job.jobid and missing_since is not null;
    end if;
  end loop;
  -- Jobs that were unscheduled or deactivated are no longer expected to run.
  execute 'delete from vigil.cron_job_watch w where not exists (select 1 from cron.job j where j.jobid = w.jobid and j.active)';

  -- pg_cron keeps every run forever; prune past the history window, bounded so one run stays short.
  execute 'delete from cron.job_run_details d where d.runid in (
             select x.runid from cron.job_run_details x where x.end_time < $1 limit 10000)'
    using p_now - pg_catalog.make_interval(days => v_settings.cron_history_days);
  get diagnostics v_pruned = row_count;

  return pg_catalog.jsonb_build_object('failed_runs', v_failed, 'failed_http_calls', v_http_failed, 'missing_jobs', v_missing,
                                       'newly_missing', v_newly_missing, 'pruned_run_details', v_pruned);
end
$$;
comment on function vigil.watch_scheduler(timestamptz) is
$$Turns failed pg_cron runs (since the last watch), jobs whose expected run is missing (three periods without a
start) and, where pg_net is installed, HTTP calls that came back non-2xx, errored or timed out into error log
events of the vigil-system tenant, for every job in the database, and prunes
cron.job_run_details older than maintenance_settings.cron_history_days (10,000 rows per call). Without pg_cron it
does nothing.$$;

create function vigil._step_scheduler_watch(p_now timestamptz default pg_catalog.now()) returns jsonb
language sql
set search_path = ''
as $$ select vigil.watch_scheduler(p_now) $$;
comment on function vigil._step_scheduler_watch(timestamptz) is 'Maintenance step: the scheduler watch.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('scheduler_watch', 'vigil._step_scheduler_watch(timestamptz)', 60,
        'Record failed and missed pg_cron runs of every job as events; prune old cron.job_run_details.');

-- The cron_job_failures alert metric: failed runs that ended in the window plus jobs now missing.
create function vigil.cron_job_failures(p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns double precision
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_failed bigint := 0;
  v_http bigint := 0;
begin
  if pg_catalog.to_regclass('net._http_response') is not null then
    execute 'select pg_catalog.count(*) from net._http_response r where r.created > $1 and r.created <= $2
               and (coalesce(r.timed_out, false) or r.error_msg is not null or r.status_code is null or r.status_code not between 200 and 299)'
      into v_http using p_since, p_until;
  end if;
  if pg_catalog.to_regclass('cron.job_run_details') is null then
    return v_http::double precision;
  end if;
  execute 'select pg_catalog.count(*) from cron.job_run_details d where d.status = ''failed'' and d.end_time > $1 and d.end_time <= $2'
    into v_failed using p_since, p_until;
  return (v_failed + v_http + (select pg_catalog.count(*) from vigil.cron_job_watch w where w.missing_since is not null))::double precision;
end
$$;
comment on function vigil.cron_job_failures(timestamptz, timestamptz) is
  'The cron_job_failures alert metric: pg_cron runs that failed in (p_since, p_until], pg_net calls that failed in it (non-2xx, error, timeout), plus jobs whose expected run is missing now. 0 without either.';

grant execute on function vigil.watch_scheduler(timestamptz) to service_role;
grant execute on function vigil._step_scheduler_watch(timestamptz) to service_role;
grant execute on function vigil.cron_job_failures(timestamptz, timestamptz) to service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
