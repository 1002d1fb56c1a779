-- Database watch: each maintenance run samples the database's vital signs into db_metric events of
-- the vigil-system tenant, where alert rules (db_connections_pct, db_size_pct) and db_health read them.

create function vigil.sample_db_health(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_max integer := pg_catalog.current_setting('max_connections')::integer;
  v_reserved integer := pg_catalog.current_setting('superuser_reserved_connections')::integer;
  v_used integer;
  v_size bigint := pg_catalog.pg_database_size(pg_catalog.current_database());
  v_quota bigint;
  v_hit double precision;
  v_longest_query double precision;
  v_longest_xact double precision;
  v_query text;
  v_pss text;
  v_slow jsonb;
  v_sample jsonb;
begin
  perform vigil._require_trusted('Only the service role or a database session may sample database health.');
  select s.db_quota_bytes into v_quota from vigil.maintenance_settings s;
  -- Connections count cluster-wide: max_connections is a cluster limit.
  select pg_catalog.count(*)::integer into v_used from pg_catalog.pg_stat_activity a where a.backend_type = 'client backend';
  select case when d.blks_hit + d.blks_read > 0 then d.blks_hit::double precision / (d.blks_hit + d.blks_read) end
  into v_hit from pg_catalog.pg_stat_database d where d.datname = pg_catalog.current_database();
  -- Durations are measured on the real clock: pg_stat_activity knows nothing of p_now.
  -- Without pg_read_all_stats another role's query_start and xact_start read as null, and are not counted.
  select extract(epoch from pg_catalog.clock_timestamp() - a.query_start)::double precision, pg_catalog.left(a.query, 200)
  into v_longest_query, v_query
  from pg_catalog.pg_stat_activity a
  where a.state = 'active' and a.pid <> pg_catalog.pg_backend_pid() and a.backend_type = 'client backend'
    and a.query_start is not null
  order by a.query_start limit 1;
  select pg_catalog.max(extract(epoch from pg_catalog.clock_timestamp() - a.xact_start))::double precision into v_longest_xact
  from pg_catalog.pg_stat_activity a
  where a.pid <> pg_catalog.pg_backend_pid() and a.backend_type = 'client backend' and a.xact_start is not null;
  -- pg_stat_statements, where the project enabled it, names the slowest statements.
  select n.nspname::text into v_pss from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
  where e.extname = 'pg_stat_statements';
  if v_pss is not null then
    begin
      execute pg_catalog.format(
        'select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''query'', pg_catalog.left(s.query, 200), ''calls'', s.calls,'
        ' ''mean_ms'', pg_catalog.round(s.mean_exec_time::numeric, 3), ''total_ms'', pg_catalog.round(s.total_exec_time::numeric, 3)))'
        ' from (select * from %I.pg_stat_statements where calls > 0 order by mean_exec_time desc limit 5) s', v_pss)
        into v_slow;
    exception when others then
      v_slow := null;  -- Not preloaded (shared_preload_libraries): the view exists but cannot be read.
    end;
  end if;

  v_sample := pg_catalog.jsonb_build_object(
    'connections_pct', pg_catalog.round((100.0 * v_used / greatest(v_max - v_reserved, 1))::numeric, 2),
    'connections', v_used, 'max_connections', v_max - v_reserved,
    'db_size_pct', pg_catalog.round((100.0 * v_size / v_quota)::numeric, 2),
    'db_size_bytes', v_size, 'db_quota_bytes', v_quota,
    'cache_hit_ratio', pg_catalog.round(v_hit::numeric, 4),
    'longest_query_seconds', coalesce(pg_catalog.round(v_longest_query::numeric, 3), 0),
    'longest_query', v_query,
    'longest_transaction_seconds', coalesce(pg_catalog.round(v_longest_xact::numeric, 3), 0),
    'slow_statements', v_slow);

  perform vigil._record_system_event('db_metric', 'connections_pct', (v_sample ->> 'connections_pct')::double precision,
    pg_catalog.jsonb_build_object('connections', v_used, 'max_connections', v_max - v_reserved), p_now);
  perform vigil._record_system_event('db_metric', 'db_size_pct', (v_sample ->> 'db_size_pct')::double precision,
    pg_catalog.jsonb_build_object('db_size_bytes', v_size, 'db_quota_bytes', v_quota), p_now);
  if v_hit is not null then
    perform vigil._record_system_event('db_metric', 'cache_hit_ratio', (v_sample ->> 'cache_hit_ratio')::double precision, '{}'::jsonb, p_now);
  end if;
  perform vigil._record_system_event('db_metric', 'longest_query_seconds', (v_sample ->> 'longest_query_seconds')::double precision,
    pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object('query', v_query)), p_now);
  perform vigil._record_system_event('db_metric', 'longest_transaction_seconds',
    (v_sample ->> 'longest_transaction_seconds')::double precision, '{}'::jsonb, p_now);
  if v_slow is not null then
    perform vigil._record_system_event('db_metric', 'slowest_statement_mean_ms', (v_slow -> 0 ->> 'mean_ms')::double precision,
      pg_catalog.jsonb_build_object('statements', v_slow), p_now);
  end if;
  return v_sample;
end
$$;
comment on function vigil.sample_db_health(timestamptz) is
$$Samples connections (of max_connections less the superuser reserve), database size against
maintenance_settings.db_quota_bytes, cache hit ratio, the longest running query and transaction, and with
pg_stat_statements the five slowest statements; stores each as a db_metric event of the vigil-system tenant.$$;

create function vigil._step_db_health(p_now timestamptz default pg_catalog.now()) returns jsonb
language sql
set search_path = ''
as $$ select vigil.sample_db_health(p_now) - 'slow_statements' - 'longest_query' $$;
comment on function vigil._step_db_health(timestamptz) is 'Maintenance step: one database health sample.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('db_health', 'vigil._step_db_health(timestamptz)', 50,
        'Sample connections, size, cache hit ratio and long queries into db_metric events.');

-- The latest value of one db_metric, for alert metrics: db_connections_pct reads
-- latest_db_metric('connections_pct'), db_size_pct reads latest_db_metric('db_size_pct').
create function vigil.latest_db_metric(p_name text, p_now timestamptz default pg_catalog.now(),
                                       p_max_age interval default '15 minutes')
returns double precision
language sql stable
set search_path = ''
as $$
  select e.value from vigil.events e
  where e.tenant_id = vigil.system_tenant_id() and e.kind = 'db_metric' and e.name = p_name
    and e.occurred_at > p_now - p_max_age and e.occurred_at <= p_now
  order by e.occurred_at desc limit 1
$$;
comment on function vigil.latest_db_metric(text, timestamptz, interval) is
  'The latest sample of a db_metric (connections_pct, db_size_pct, cache_hit_ratio, ...) no older than p_max_age; null when none. For alert metrics.';

create function vigil_api.db_health(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_system uuid := vigil.system_tenant_id();
  v_at timestamptz;
  v_metrics jsonb;
begin
  perform vigil.require_role(v_system, 'viewer');
  select pg_catalog.max(e.occurred_at) into v_at from vigil.events e
  where e.tenant_id = v_system and e.kind = 'db_metric' and e.name = 'connections_pct'
    and e.occurred_at > p_now - interval '1 day' and e.occurred_at <= p_now;
  if v_at is null then
    return pg_catalog.jsonb_build_object('sampled_at', null, 'metrics', '{}'::jsonb,
      'note', 'No sample in the last day: is maintenance running? See vigil_api.maintenance_status().');
  end if;
  -- Thresholds of DESIGN.md's default rules: connections > 90% critical, size > 80% warning.
  select pg_catalog.jsonb_object_agg(m.name, pg_catalog.jsonb_build_object('value', m.value, 'threshold', t.threshold,
           'status', case when t.threshold is null then 'info'
                          when (t.below and m.value < t.threshold) or (not t.below and m.value > t.threshold) then t.severity
                          else 'ok' end) || m.attributes)
  into v_metrics
  from vigil.events m
  left join (values ('connections_pct', 90::double precision, false, 'critical'),
                    ('db_size_pct', 80, false, 'warning'),
                    ('cache_hit_ratio', 0.99, true, 'warning')) t(name, threshold, below, severity) on t.name = m.name
  where m.tenant_id = v_system and m.kind = 'db_metric' and m.occurred_at = v_at;
  return pg_catalog.jsonb_build_object('sampled_at', v_at, 'metrics', v_metrics);
end
$$;
comment on function vigil_api.db_health(timestamptz) is
$$The latest database health sample: each db_metric with its value, threshold and status (connections_pct > 90
critical, db_size_pct > 80 warning, cache_hit_ratio < 0.99 warning). Service role and vigil-system members.$$;

grant execute on function vigil.sample_db_health(timestamptz) to service_role;
grant execute on function vigil._step_db_health(timestamptz) to service_role;
grant execute on function vigil.latest_db_metric(text, timestamptz, interval) to service_role;
grant execute on function vigil_api.db_health(timestamptz) to authenticated, service_role;

-- Scheduler watch, because a pg_cron "succeeded" proves little and a job that silently stopped
-- running proves nothing: failed runs and missed runs of every job in the database become events
-- of the vigil-system tenant and the cron_job_failures metric; old run history is pruned.
-- Every reference to cron runs only after to_regclass has found pg_cron's tables (PL/pgSQL plans a
-- statement when it first runs it), so all of this installs and runs without pg_cron.

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
select vigil._create_policies('vigil.cron_job_watch', null, 'viewer');

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
  perform vigil._require_trusted('Only the service role or a database session may watch the scheduler.');
  select * into v_settings from vigil.maintenance_settings;
  v_since := coalesce(v_settings.cron_watched_until, p_now - interval '1 hour');

  -- pg_net, where installed, is how jobs call edge functions: a "succeeded" job whose HTTP call came
  -- back non-2xx or timed out failed all the same. pg_net keeps responses for 6 hours.
  if pg_catalog.to_regclass('net._http_response') is not null then
    -- Where pg_net is absent (locally, in CI) plpgsql_check cannot resolve its table: it skips this
    -- loop, which runs only where the table exists. A no-op at run time.
    perform 'PRAGMA:disable:check';
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
  for v_job in select j.jobid, j.jobname, j.schedule from cron.job j where j.active loop
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
  delete from vigil.cron_job_watch w where not exists (select 1 from cron.job j where j.jobid = w.jobid and j.active);

  -- pg_cron keeps every run forever; prune past the history window, bounded so one run stays short.
  v_pruned := vigil._prune('cron.job_run_details', 'end_time', p_now - pg_catalog.make_interval(days => v_settings.cron_history_days), 10000);

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

-- The watch is its own maintenance step: it already takes the run's clock and returns its summary.
insert into vigil.maintenance_steps (name, fn, position, description)
values ('scheduler_watch', 'vigil.watch_scheduler(timestamptz)', 60,
        'Record failed and missed pg_cron runs of every job as events; prune old cron.job_run_details.');

-- The cron_job_failures alert metric: failed runs that ended in the window plus jobs now missing.
create function vigil.cron_job_failures(p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns double precision
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_failed bigint := 0::bigint;
  v_http bigint := 0::bigint;
begin
  if pg_catalog.to_regclass('net._http_response') is not null then
    -- Where pg_net is absent plpgsql_check cannot resolve its table: skip it (a no-op at run time).
    perform 'PRAGMA:disable:check';
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
grant execute on function vigil.cron_job_failures(timestamptz, timestamptz) to service_role;

-- Database-wide alert metrics. Maintenance measures facts about the whole database (heartbeat, connections, size, cron jobs, stale
-- views); alerting evaluates registered metrics fn(tenant, window). This wires the first into the second.
-- Those facts belong to the vigil-system tenant (their events live there, only its members read them),
-- so their rules do too: a rule on a database-wide metric is refused on any other tenant. Who may
-- create one then follows from the usual rule check: admins of vigil-system, and the service role.
-- An app tenant's admin could otherwise read the database's size or connection count through alert values.
-- (The check itself, vigil._check_rule_scope, is a trigger on alert_rules.)

-- Thin wrappers with the registry's contract: upper(window) is "now", lower(window) is "since". For
-- any tenant but vigil-system they return null (no data), so a rule that got there anyway by a
-- direct insert reads nothing it should not.
--
-- Alert evaluation is itself a maintenance step, and a run writes its heartbeat only when its steps are
-- done: evaluated inside a run, heartbeat_missing would read the previous heartbeat, and page on the first
-- run after installing (never ran) or after an outage (when it is over). A run in progress in this very
-- transaction proves maintenance is alive, so the metric reads 0 there. It can only page when something
-- outside maintenance evaluates (the vigil-watchdog cron job: see docs/alerting.md).
create function vigil.metric_heartbeat_missing(p_tenant uuid, p_window tstzrange) returns numeric
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

create function vigil.metric_db_connections_pct(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.latest_db_metric('connections_pct', pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_db_connections_pct(uuid, tstzrange) is
  'Alert metric db_connections_pct (vigil-system only): the latest connections sample (percent of usable connections) no older than 15 minutes at the window''s end; null when none.';

create function vigil.metric_db_size_pct(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.latest_db_metric('db_size_pct', pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_db_size_pct(uuid, tstzrange) is
  'Alert metric db_size_pct (vigil-system only): the latest database size sample, percent of maintenance_settings.db_quota_bytes; null when none in 15 minutes.';

create function vigil.metric_cron_job_failures(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id()
              then vigil.cron_job_failures(pg_catalog.lower(p_window), pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_cron_job_failures(uuid, tstzrange) is
  'Alert metric cron_job_failures (vigil-system only): pg_cron runs and pg_net calls that failed in the window, plus jobs missing now.';

create function vigil.metric_stale_views(p_tenant uuid, p_window tstzrange) returns numeric
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id() then vigil.stale_view_count(pg_catalog.upper(p_window))::numeric end
$$;
comment on function vigil.metric_stale_views(uuid, tstzrange) is
  'Alert metric stale_views (vigil-system only): registered materialized views whose last refresh failed or is older than twice their interval.';

insert into vigil.alert_metrics (name, fn, unit, scope, description) values
  ('heartbeat_missing', 'vigil.metric_heartbeat_missing(uuid, tstzrange)', 'number', 'system',
   '1 when vigil.run_maintenance has not completed a run for three intervals (or ever), else 0. Database-wide: rules on the vigil-system tenant.'),
  ('db_connections_pct', 'vigil.metric_db_connections_pct(uuid, tstzrange)', 'percent', 'system',
   'Connections in use, percent of max_connections less the reserved ones (latest db_health sample). Database-wide.'),
  ('db_size_pct', 'vigil.metric_db_size_pct(uuid, tstzrange)', 'percent', 'system',
   'Database size, percent of the configured quota (latest db_health sample). Database-wide.'),
  ('cron_job_failures', 'vigil.metric_cron_job_failures(uuid, tstzrange)', 'count', 'system',
   'pg_cron runs (and pg_net calls) that failed in the window, plus jobs whose expected run is missing. Database-wide.'),
  ('stale_views', 'vigil.metric_stale_views(uuid, tstzrange)', 'count', 'system',
   'Registered materialized views that failed their last refresh or are older than twice their interval. Database-wide.')
on conflict (name) do update
  set fn = excluded.fn, unit = excluded.unit, scope = excluded.scope, description = excluded.description;

-- The defaults DESIGN lists for the database. Samples come every minute; connections must stay high
-- for 5 minutes (a deploy's burst is not an incident); size moves slowly, so one reminder a day;
-- heartbeat_missing already waits three intervals, so it fires at once.
insert into vigil.default_alert_rules (name, position, rule) values
  ('Database connections above 90%', 50, $json${"metric": "db_connections_pct", "comparator": "gt", "threshold": 90,
     "window": "5 minutes", "for": "5 minutes", "keep_firing_for": "5 minutes", "cooldown": "1 hour", "severity": "critical",
     "description": "More than 90% of the usable connections are in use: new ones will soon be refused."}$json$),
  ('Database size above 80%', 60, $json${"metric": "db_size_pct", "comparator": "gt", "threshold": 80,
     "window": "15 minutes", "keep_firing_for": "15 minutes", "cooldown": "24 hours", "severity": "warning",
     "description": "The database uses more than 80% of its quota (vigil.maintenance_settings.db_quota_bytes)."}$json$),
  ('Maintenance heartbeat missing', 70, $json${"metric": "heartbeat_missing", "comparator": "gt", "threshold": 0,
     "window": "5 minutes", "cooldown": "1 hour", "severity": "critical",
     "description": "vigil.run_maintenance has not completed a run for three intervals: partitions, rollups, healing and alert evaluation have stopped."}$json$)
on conflict (name) do nothing;

grant execute on function vigil.metric_heartbeat_missing(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_db_connections_pct(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_db_size_pct(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_cron_job_failures(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_stale_views(uuid, tstzrange) to service_role;
