-- The maintenance runner and its step registry: each capability registers the step it needs run every
-- minute (partitions, rollups, alert evaluation, ...), and run_maintenance runs them in order.

create table vigil.maintenance_steps (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  fn text not null constraint maintenance_steps_fn_signature
    check (fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(((timestamptz|timestamp with time zone))?\)$'),
  position integer not null,
  enabled boolean not null default true,
  description text not null
);
comment on table vigil.maintenance_steps is
  'Steps vigil.run_maintenance() runs, by position. fn takes no argument and returns jsonb (what it did); each step runs isolated, so one failing never stops the next.';
-- fn is text, not regprocedure: pg_upgrade refuses a cluster with a reg* column other than regclass,
-- regrole or regtype in a user table (its OIDs are not preserved), so such a column would block the
-- project's next major upgrade (Supabase's linter, 0018 unsupported_reg_types). Nor would it protect
-- anything: a value in a column creates no dependency. The runner resolves fn when the step runs, so a
-- dropped function fails only its own step. A step may take the run's clock (one timestamptz) so tests
-- can drive "now".
comment on column vigil.maintenance_steps.fn is
  'The step function''s schema-qualified signature, as text: no argument, or one timestamptz (the run''s clock). Returns jsonb.';

alter table vigil.maintenance_steps enable row level security;
grant select on vigil.maintenance_steps to service_role;
create policy maintenance_steps_service_read on vigil.maintenance_steps for select to service_role using (true);

create function vigil._step_partitions() returns jsonb
language sql
set search_path = ''
as $$ select pg_catalog.jsonb_build_object('created', vigil.ensure_partitions()) $$;
comment on function vigil._step_partitions() is 'Maintenance step: day partitions for the 7-day ingest window behind and the 7 days ahead.';

-- Creating a partition locks vigil.events exclusively until the maintenance run commits; early in the run
-- that lock would stop ingest for the whole run (seconds, when views refresh) on the day a partition is
-- due. Late in the run, beside retention, the lock lasts only for the commit.
insert into vigil.maintenance_steps (name, fn, position, description)
values ('partitions', 'vigil._step_partitions()', 94, 'Create event partitions for the ingest window and 7 days ahead.');

-- The maintenance runner: runs the registered steps in order, each isolated and timed, under an
-- advisory lock, records a heartbeat per run, and reports how maintenance is doing.

-- Facts about the whole database (connections, size, cron jobs, maintenance failures) belong to no
-- app tenant. They are stored as events of this one tenant, which has no member at first: only the
-- service role reads it, until an admin adds DBAs or operators to it like to any other tenant.
insert into vigil.tenants (name, slug) values ('Vigil system', 'vigil-system') on conflict (slug) do nothing;

-- Security definer: callers that cannot see the system tenant through RLS still need its id to be
-- refused by name (42501) rather than by a missing id.
create function vigil.system_tenant_id() returns uuid
language sql stable security definer
set search_path = ''
as $$ select t.id from vigil.tenants t where t.slug = 'vigil-system' $$;
comment on function vigil.system_tenant_id() is
  'The tenant that holds database-wide events (db_metric samples, cron failures, maintenance errors). Its members may read maintenance and database status.';

create table vigil.maintenance_settings (
  id boolean primary key default true check (id),
  interval_seconds integer not null default 60 check (interval_seconds between 1 and 604800),
  schedule text,
  scheduled_at timestamptz,
  db_quota_bytes bigint not null default 8589934592 check (db_quota_bytes > 0),
  run_history_days integer not null default 7 check (run_history_days between 1 and 365),
  heal_history_days integer not null default 30 check (heal_history_days between 1 and 3650),
  cron_history_days integer not null default 7 check (cron_history_days between 1 and 365),
  cron_watched_until timestamptz
);
insert into vigil.maintenance_settings default values;
comment on table vigil.maintenance_settings is
  'One row of maintenance settings. A DBA edits it in SQL (update vigil.maintenance_settings set db_quota_bytes = ...).';
comment on column vigil.maintenance_settings.interval_seconds is
  'How often maintenance is expected to run; set by vigil_api.schedule(). Three intervals without a heartbeat is stale.';
comment on column vigil.maintenance_settings.db_quota_bytes is
  'The database size the db_size_pct metric is measured against (default 8 GB, a Supabase Pro disk).';
comment on column vigil.maintenance_settings.cron_history_days is 'Rows of cron.job_run_details older than this are pruned.';
comment on column vigil.maintenance_settings.cron_watched_until is 'Scheduler watch watermark: cron failures up to here have become events.';

create table vigil.maintenance_runs (
  id bigint generated always as identity primary key,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  duration_ms double precision not null,
  steps_failed integer not null,
  summary jsonb not null
);
create index maintenance_runs_finished_idx on vigil.maintenance_runs (finished_at desc);
comment on table vigil.maintenance_runs is
  'One row per completed vigil.run_maintenance(): the heartbeat (finished_at) and the JSON summary. Pruned after run_history_days.';
comment on column vigil.maintenance_runs.started_at is 'The run''s clock (p_now), so tests driving the clock see their own runs.';

alter table vigil.maintenance_settings enable row level security;
alter table vigil.maintenance_runs enable row level security;
grant select on vigil.maintenance_settings, vigil.maintenance_runs to authenticated;
grant all on vigil.maintenance_settings, vigil.maintenance_runs to service_role;
-- Database-wide rows: readable by members of the system tenant, like its events.
select vigil._create_policies('vigil.maintenance_settings', null, 'viewer');
select vigil._create_policies('vigil.maintenance_runs', null, 'viewer');
-- The step registry is database-wide too.
grant select on vigil.maintenance_steps to authenticated;
create policy maintenance_steps_system_read on vigil.maintenance_steps for select to authenticated
  using (vigil.has_role(vigil.system_tenant_id(), 'viewer'));

-- Writes one event of the system tenant (a maintenance error, a db_metric sample, a cron failure),
-- creating the day's partition when the clock is outside the ingest window (tests drive it).
create function vigil._record_system_event(
  p_kind text, p_name text, p_value double precision, p_attributes jsonb, p_at timestamptz default pg_catalog.now()
) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform vigil._require_trusted('Only the service role or a database session may record system events.');
  perform vigil.lock_events_for_writing();
  perform vigil._ensure_partition((p_at at time zone 'UTC')::date);
  insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, source, attributes)
  values (vigil.system_tenant_id(), p_kind, pg_catalog.left(p_name, 200), p_at, p_value,
          coalesce(p_attributes ->> 'level', 'info') not in ('error', 'critical'), 'vigil',
          coalesce(p_attributes, '{}'::jsonb));
end
$$;
comment on function vigil._record_system_event(text, text, double precision, jsonb, timestamptz) is
  'Stores one event of the system tenant. success is false for log events of level error or critical.';

-- The period of a cron schedule in seconds, for the shapes schedules take in practice; null when the
-- expression is irregular (then staleness and missed-run checks fall back or skip, see callers).
create function vigil._cron_interval_seconds(p_schedule text) returns integer
language plpgsql immutable
set search_path = ''
as $$
declare
  v text := pg_catalog.btrim(pg_catalog.regexp_replace(coalesce(p_schedule, ''), '\s+', ' ', 'g'));
  v_m text[];
begin
  if v ~ '^[0-9]+ seconds?$' then
    return pg_catalog.split_part(v, ' ', 1)::integer;
  elsif v = '* * * * *' then
    return 60;
  elsif v ~ '^\*/[0-9]+ \* \* \* \*$' then
    v_m := pg_catalog.regexp_match(v, '^\*/([0-9]+) ');
    return v_m[1]::integer * 60;
  elsif v ~ '^[0-9]+ \* \* \* \*$' or v = '@hourly' then
    return 3600;
  elsif v ~ '^[0-9]+ \*/[0-9]+ \* \* \*$' then
    v_m := pg_catalog.regexp_match(v, '^[0-9]+ \*/([0-9]+) ');
    return v_m[1]::integer * 3600;
  elsif v ~ '^[0-9]+ [0-9]+ \* \* \*$' or v = '@daily' then
    return 86400;
  elsif v ~ '^[0-9]+ [0-9]+ \* \* [0-9]$' or v = '@weekly' then
    return 604800;
  end if;
  return null;
end
$$;
comment on function vigil._cron_interval_seconds(text) is
  'Seconds between runs of a cron schedule (every minute, */N minutes, hourly, */N hours, daily, weekly, N seconds); null for other expressions.';

-- Milliseconds from p_since to this instant (clock_timestamp, not the transaction's start), to the
-- microsecond: how a maintenance run, each of its steps and a view refresh report their duration.
create function vigil._ms_since(p_since timestamptz) returns double precision
language sql volatile
set search_path = ''
as $$ select pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - p_since) * 1000)::numeric, 3)::double precision $$;
comment on function vigil._ms_since(timestamptz) is 'Milliseconds elapsed since p_since by the wall clock, rounded to the microsecond.';

-- A table's primary key columns, quoted and in key order: what a batched delete names its rows by
-- (never ctid, which a distributed table cannot push down to its shards; docs/scale-out.md).
create function vigil._primary_key(p_table regclass) returns text
language sql stable
set search_path = ''
as $$
  select pg_catalog.string_agg(pg_catalog.quote_ident(a.attname), ', ' order by k.ord)
  from pg_catalog.pg_index i
  cross join lateral pg_catalog.unnest(i.indkey) with ordinality k (attnum, ord)
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
  where i.indrelid = p_table and i.indisprimary
$$;
comment on function vigil._primary_key(regclass) is
  'The primary key columns of p_table, quoted, comma-separated, in key order; null without one. Internal: batched deletes by key.';

-- Bookkeeping that grows every minute (Vigil's own and pg_cron's) is pruned by age, a bounded batch
-- per maintenance run, so one run stays short and a backlog drains over a few runs.
create function vigil._prune(p_table regclass, p_column text, p_before timestamptz, p_limit integer) returns integer
language plpgsql
set search_path = ''
as $$
-- plpgsql_check cannot see that a dynamic DELETE writes, and would call this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_count integer;
  v_key text;
begin
  -- Batches bounded by the primary key, not by ctid: a ctid names a row only inside one physical
  -- table, so a distributed table (docs/scale-out.md) cannot push such a delete down to its shards.
  v_key := vigil._primary_key(p_table);
  if v_key is null then
    raise exception using errcode = '22023', message = pg_catalog.format('%s has no primary key to prune by.', p_table);
  end if;
  execute pg_catalog.format(
    'delete from %1$s t where (%2$s) in (select %2$s from %1$s x where x.%3$I < $1 limit $2)',
    p_table, v_key, p_column)
    using p_before, p_limit;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function vigil._prune(regclass, text, timestamptz, integer) is
  'Deletes at most p_limit rows of p_table whose p_column is before p_before. Internal; for bookkeeping tables only.';

create function vigil.run_maintenance(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_step record;
  v_t timestamptz;
  v_result jsonb;
  v_steps jsonb := '[]'::jsonb;
  v_failed integer := 0;
  v_state text;
  v_msg text;
  v_ms double precision;
  v_run_id bigint;
  v_summary jsonb;
begin
  perform vigil._require_trusted('Only the service role or a database session (pg_cron, a DBA) may run maintenance.');
  -- Transaction-level: released at commit or rollback, so a crashed run never leaves it held.
  if not pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtext('vigil.run_maintenance')) then
    return pg_catalog.jsonb_build_object('status', 'skipped', 'reason', 'Another maintenance run holds the lock.');
  end if;

  for v_step in
    -- fn is text (a reg* column would block pg_upgrade): resolved here, and a step whose function
    -- is gone stays in the loop with no proname, so it fails on its own instead of vanishing.
    select s.name, s.fn, n.nspname, p.proname, p.pronargs, p.proargtypes[0] as argtype
    from vigil.maintenance_steps s
    left join pg_catalog.pg_proc p on p.oid = pg_catalog.to_regprocedure(s.fn)
    left join pg_catalog.pg_namespace n on n.oid = p.pronamespace
    where s.enabled
    order by s.position, s.name
  loop
    v_t := pg_catalog.clock_timestamp();
    v_result := null;
    -- Each step is a subtransaction: whatever it did is undone when it raises, and the run goes on.
    begin
      if v_step.proname is null then
        raise exception using errcode = '42883',
          message = pg_catalog.format('Step %s names a function that does not exist: %s.', v_step.name, v_step.fn);
      elsif v_step.pronargs = 0 then
        execute pg_catalog.format('select %I.%I()', v_step.nspname, v_step.proname) into v_result;
      elsif v_step.pronargs = 1 and v_step.argtype = 'pg_catalog.timestamptz'::pg_catalog.regtype then
        -- A step that takes the run's clock gets it, so tests can drive every step's "now".
        execute pg_catalog.format('select %I.%I($1)', v_step.nspname, v_step.proname) into v_result using p_now;
      else
        raise exception using errcode = '22023',
          message = pg_catalog.format('Step %s must take no argument or one timestamptz.', v_step.name);
      end if;
      v_ms := vigil._ms_since(v_t);
      v_steps := v_steps || pg_catalog.jsonb_build_object('step', v_step.name, 'status', 'ok', 'duration_ms', v_ms,
                                                          'result', coalesce(v_result, '{}'::jsonb));
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
      v_failed := v_failed + 1;
      v_ms := vigil._ms_since(v_t);
      v_steps := v_steps || pg_catalog.jsonb_build_object('step', v_step.name, 'status', 'failed', 'duration_ms', v_ms,
                                                          'error', v_msg, 'sqlstate', v_state);
      begin
        perform vigil._record_system_event('log', 'maintenance step failed: ' || v_step.name, null,
          pg_catalog.jsonb_build_object('level', 'error', 'step', v_step.name, 'sqlstate', v_state,
                                        'message', pg_catalog.left(v_msg, 2000)), p_now);
      exception when others then
        null;  -- The summary and the run row still carry the error; losing the event is the lesser harm.
      end;
    end;
  end loop;

  v_ms := vigil._ms_since(v_started);
  v_summary := pg_catalog.jsonb_build_object('status', case when v_failed = 0 then 'ok' else 'failed' end,
    'started_at', p_now, 'duration_ms', v_ms, 'steps_failed', v_failed, 'steps', v_steps);
  insert into vigil.maintenance_runs (started_at, finished_at, duration_ms, steps_failed, summary)
  values (p_now, p_now + pg_catalog.make_interval(secs => v_ms / 1000), v_ms, v_failed, v_summary)
  returning id into v_run_id;
  return v_summary || pg_catalog.jsonb_build_object('run_id', v_run_id);
end
$$;
comment on function vigil.run_maintenance(timestamptz) is
$$Runs the enabled steps of vigil.maintenance_steps by position, each timed and in its own subtransaction: a step
that raises is undone, recorded (summary, maintenance_runs, a log event of the system tenant) and the next step
runs. A second concurrent run returns {"status": "skipped"} at once. Records a heartbeat row per run.
What pg_cron calls: select vigil.run_maintenance();$$;

-- Seconds since the last heartbeat; null when maintenance never ran.
create function vigil.heartbeat_age_seconds(p_now timestamptz default pg_catalog.now()) returns double precision
language sql stable
set search_path = ''
as $$
  select extract(epoch from p_now - pg_catalog.max(r.finished_at))::double precision from vigil.maintenance_runs r
$$;
comment on function vigil.heartbeat_age_seconds(timestamptz) is
  'Seconds since the last completed maintenance run; null if it never ran. Internal: read through maintenance_status.';

-- The heartbeat_missing alert metric: 1 when stale (no heartbeat for three intervals, or never), else 0.
create function vigil.heartbeat_missing(p_now timestamptz default pg_catalog.now()) returns double precision
language sql stable
set search_path = ''
as $$
  select case when a.age is null or a.age > 3 * s.interval_seconds then 1 else 0 end::double precision
  from vigil.maintenance_settings s, (select vigil.heartbeat_age_seconds(p_now) as age) a
$$;
comment on function vigil.heartbeat_missing(timestamptz) is
  'The heartbeat_missing alert metric: 1 when maintenance has not completed a run for three intervals (or ever), else 0.';

create function vigil._maintenance_job() returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_job jsonb;
begin
  -- Other jobs' commands may hold anything; only the maintenance job's schedule is shown, and only to
  -- those who may read maintenance status.
  if not vigil.has_role(vigil.system_tenant_id(), 'viewer') then
    raise exception using errcode = '42501', message = 'You must be a viewer of this tenant to do this.';
  end if;
  if pg_catalog.to_regclass('cron.job') is null then
    return null;
  end if;
  execute 'select pg_catalog.jsonb_build_object(''jobid'', j.jobid, ''schedule'', j.schedule, ''active'', j.active)
           from cron.job j where j.jobname = $1 order by j.jobid limit 1'
    into v_job using 'vigil-maintenance';
  return v_job;
end
$$;
comment on function vigil._maintenance_job() is 'The vigil-maintenance pg_cron job (jobid, schedule, active), or null (not scheduled, or no pg_cron).';

-- schedule() registers `vigil-maintenance` and a second named job, `vigil-watchdog`, that evaluates
-- alerts on its own every five minutes. Alert evaluation otherwise runs inside maintenance, so the
-- default "maintenance heartbeat missing" rule could never fire when maintenance itself had stopped:
-- the watchdog is what sees it. unschedule() removes both jobs.

create function vigil._schedule(p_every text) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_jobid bigint;
  v_seconds integer;
begin
  perform vigil._require_trusted('Only the service role or a database administrator may schedule maintenance.');
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

create function vigil._unschedule() returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_jobid bigint;
begin
  perform vigil._require_trusted('Only the service role or a database administrator may unschedule maintenance.');
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

create function vigil_api.schedule(p_every text default '* * * * *') returns jsonb
language sql volatile security invoker
set search_path = ''
as $$ select vigil._schedule(p_every) $$;
comment on function vigil_api.schedule(text) is
$$Registers maintenance with pg_cron as the job `vigil-maintenance` running `select vigil.run_maintenance()` on
p_every (cron syntax, default every minute), and `vigil-watchdog` evaluating alerts every 5 minutes on its own so a
stopped maintenance still pages (heartbeat_missing). Scheduling again only changes the schedule. Service role and
database sessions only; raises 55000 when pg_cron is not installed.$$;

create function vigil_api.unschedule() returns boolean
language sql volatile security invoker
set search_path = ''
as $$ select vigil._unschedule() $$;
comment on function vigil_api.unschedule() is
  'Removes the vigil-maintenance pg_cron job; true if there was one. Service role and database sessions only.';

create function vigil_api.maintenance_status(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_settings vigil.maintenance_settings;
  v_last vigil.maintenance_runs;
  v_age double precision;
begin
  perform vigil.require_role(vigil.system_tenant_id(), 'viewer');
  select * into v_settings from vigil.maintenance_settings;
  select * into v_last from vigil.maintenance_runs order by finished_at desc limit 1;
  v_age := vigil.heartbeat_age_seconds(p_now);
  return pg_catalog.jsonb_build_object(
    'scheduled', coalesce((vigil._maintenance_job() ->> 'active')::boolean, false),
    'schedule', v_settings.schedule,
    'interval_seconds', v_settings.interval_seconds,
    'last_run_at', v_last.started_at,
    'last_duration_ms', v_last.duration_ms,
    'last_status', v_last.summary ->> 'status',
    'last_steps', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('step', s ->> 'step', 'status', s ->> 'status',
                                                                                 'duration_ms', s -> 'duration_ms'))
                            from pg_catalog.jsonb_array_elements(v_last.summary -> 'steps') s), '[]'::jsonb),
    'failed_steps', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('step', s ->> 'step', 'error', s ->> 'error', 'sqlstate', s ->> 'sqlstate'))
                              from pg_catalog.jsonb_array_elements(v_last.summary -> 'steps') s where s ->> 'status' = 'failed'), '[]'::jsonb),
    'heartbeat_age_seconds', pg_catalog.round(v_age::numeric, 3),
    'stale', v_age is null or v_age > 3 * v_settings.interval_seconds,
    'runs_last_24h', (select pg_catalog.count(*) from vigil.maintenance_runs r where r.finished_at > p_now - interval '24 hours'),
    'failed_runs_last_24h', (select pg_catalog.count(*) from vigil.maintenance_runs r
                             where r.finished_at > p_now - interval '24 hours' and r.steps_failed > 0));
end
$$;
comment on function vigil_api.maintenance_status(timestamptz) is
$$When maintenance last ran, how long it took, which steps failed, and whether it is stale (no heartbeat for three
intervals, or never ran). For the service role and members of the vigil-system tenant.$$;

grant execute on function vigil.system_tenant_id() to authenticated, service_role;
grant execute on function vigil._record_system_event(text, text, double precision, jsonb, timestamptz) to service_role;
grant execute on function vigil._cron_interval_seconds(text) to service_role;
grant execute on function vigil._ms_since(timestamptz) to service_role;
grant execute on function vigil._primary_key(regclass) to service_role;
grant execute on function vigil._prune(regclass, text, timestamptz, integer) to service_role;
grant execute on function vigil.run_maintenance(timestamptz) to service_role;
grant execute on function vigil.heartbeat_age_seconds(timestamptz) to authenticated, service_role;
grant execute on function vigil.heartbeat_missing(timestamptz) to service_role;
grant execute on function vigil._maintenance_job() to authenticated, service_role;
grant execute on function vigil._schedule(text) to service_role;
grant execute on function vigil._unschedule() to service_role;
grant execute on function vigil_api.schedule(text) to service_role;
grant execute on function vigil_api.unschedule() to service_role;
grant execute on function vigil_api.maintenance_status(timestamptz) to authenticated, service_role;
