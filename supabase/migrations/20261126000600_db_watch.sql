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
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or a database session may sample database health.';
  end if;
  select s.db_quota_bytes into v_quota from vigil.maintenance_settings s;
  -- Connections count cluster-wide: max_connections is a cluster limit.
  select pg_catalog.count(*) into v_used from pg_catalog.pg_stat_activity a where a.backend_type = 'client backend';
  select case when d.blks_hit + d.blks_read > 0 then d.blks_hit::double precision / (d.blks_hit + d.blks_read) end
  into v_hit from pg_catalog.pg_stat_database d where d.datname = pg_catalog.current_database();
  -- Durations are measured on the real clock: pg_stat_activity knows nothing of p_now.
  -- Without pg_read_all_stats another role's query_start and xact_start read as null, and are not counted.
  select extract(epoch from pg_catalog.clock_timestamp() - a.query_start), pg_catalog.left(a.query, 200)
  into v_longest_query, v_query
  from pg_catalog.pg_stat_activity a
  where a.state = 'active' and a.pid <> pg_catalog.pg_backend_pid() and a.backend_type = 'client backend'
    and a.query_start is not null
  order by a.query_start limit 1;
  select pg_catalog.max(extract(epoch from pg_catalog.clock_timestamp() - a.xact_start)) into v_longest_xact
  from pg_catalog.pg_stat_activity a
  where a.pid <> pg_catalog.pg_backend_pid() and a.backend_type = 'client backend' and a.xact_start is not null;
  -- pg_stat_statements, where the project enabled it, names the slowest statements.
  select n.nspname into v_pss from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
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

revoke execute on all functions in schema vigil, vigil_api from public;
