-- The console's one round trip per screen: vigil_api.dashboard, built from the other RPCs, and the two
-- registries (cards and markers) through which later capabilities (deployments, backups, uptime) add
-- their own status card and their own marks on the chart without editing this file.

create table vigil.dashboard_cards (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  fn text not null constraint dashboard_cards_fn_signature
    check (fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(uuid, ?timestamptz, ?timestamptz\)$'),
  position integer not null,
  description text not null
);
comment on table vigil.dashboard_cards is
$$Status cards of the console after its own (errors, error rate, p95, alerts), by position. fn(p_tenant uuid, p_since
timestamptz, p_until timestamptz) returns jsonb: one card {"name", "title", "value", "unit", "status": ok|warn|bad|none,
"detail", "at"?}, or null when it has nothing to show the caller. dashboard() runs each in its own subtransaction, so a
failing card shows as an error card and never fails the page. Written by migrations only.$$;
-- Text, not regprocedure, for the reason given on vigil.maintenance_steps.fn (a reg* column blocks pg_upgrade).
comment on column vigil.dashboard_cards.fn is
  'The card function''s schema-qualified signature, as text: (uuid, timestamptz, timestamptz). Resolved when the page is built.';

create table vigil.dashboard_markers (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  fn text not null constraint dashboard_markers_fn_signature
    check (fn ~ '^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\(uuid, ?timestamptz, ?timestamptz\)$'),
  description text not null
);
comment on table vigil.dashboard_markers is
$$Sources of marks on the console's time axis. fn(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns
table(at timestamptz, kind text, label text, severity text, ref jsonb). Each source runs in its own subtransaction;
one that fails is named in the answer's marker_errors and the others still show. Written by migrations only.$$;
comment on column vigil.dashboard_markers.fn is
  'The marker function''s schema-qualified signature, as text: (uuid, timestamptz, timestamptz).';

-- Every caller of dashboard() reads the registries (the function is security invoker); they hold
-- function names and descriptions only, nothing of a tenant.
alter table vigil.dashboard_cards enable row level security;
alter table vigil.dashboard_markers enable row level security;
grant select on vigil.dashboard_cards, vigil.dashboard_markers to authenticated, service_role;
create policy dashboard_cards_read on vigil.dashboard_cards for select to authenticated, service_role using (true);
create policy dashboard_markers_read on vigil.dashboard_markers for select to authenticated, service_role using (true);

-- The maintenance card: only members of the vigil-system tenant (and the service role) may see how
-- maintenance is doing, so for everyone else the card is absent rather than an error. The window is not
-- used: maintenance health is a fact of now (p_until).
create function vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language sql stable
set search_path = ''
as $$
  select case when vigil.has_role(vigil.system_tenant_id(), 'viewer') then (
    select pg_catalog.jsonb_build_object(
      'name', 'maintenance', 'title', 'Maintenance',
      'value', m.s -> 'heartbeat_age_seconds', 'unit', 's ago',
      'status', case when (m.s ->> 'stale')::boolean then 'bad'
                     when pg_catalog.jsonb_array_length(m.s -> 'failed_steps') > 0 then 'warn'
                     else 'ok' end,
      'detail', case when (m.s ->> 'stale')::boolean then 'stale: no run for three intervals (is pg_cron scheduled?)'
                     when pg_catalog.jsonb_array_length(m.s -> 'failed_steps') > 0
                       then 'failed steps: ' || (select pg_catalog.string_agg(f ->> 'step', ', ')
                                                 from pg_catalog.jsonb_array_elements(m.s -> 'failed_steps') f)
                     else 'running every ' || (m.s ->> 'interval_seconds') || ' s' end,
      'at', m.s -> 'last_run_at')
    from (select vigil_api.maintenance_status(p_until) as s) m) end
$$;
comment on function vigil.dashboard_card_maintenance(uuid, timestamptz, timestamptz) is
  'Dashboard card: maintenance health from maintenance_status (stale is bad, a failed step warns); null for callers who may not see it.';

-- Alert transitions as markers, read through alert_history (the RPC, so its access rule applies).
-- Only real state changes: an acknowledgement keeps the state and is not a mark on the chart.
create function vigil.dashboard_markers_alerts(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (at timestamptz, kind text, label text, severity text, ref jsonb)
language sql stable
set search_path = ''
as $$
  select h.at, 'alert'::text, h.rule || ': ' || h.from_state || ' → ' || h.to_state, r.severity::text,
         pg_catalog.jsonb_build_object('alert_id', h.alert_id, 'rule_id', h.rule_id, 'from_state', h.from_state,
                                       'to_state', h.to_state, 'value', h.value)
  from vigil_api.alert_history(p_tenant, null, p_since, 5000) h
  join vigil.alert_rules r on r.id = h.rule_id
  where h.at < p_until and h.from_state <> h.to_state
$$;
comment on function vigil.dashboard_markers_alerts(uuid, timestamptz, timestamptz) is
  'Dashboard markers: every alert state change in [p_since, p_until), from alert_history (at most 5000).';

insert into vigil.dashboard_cards (name, fn, position, description) values
  ('maintenance', 'vigil.dashboard_card_maintenance(uuid, timestamptz, timestamptz)', 100,
   'Maintenance health (vigil-system members and the service role only).');
insert into vigil.dashboard_markers (name, fn, description) values
  ('alerts', 'vigil.dashboard_markers_alerts(uuid, timestamptz, timestamptz)', 'Alert state changes.');

-- The bucket a window gets when the caller names none: about 60 to 300 points, each a whole number of
-- 5-minute rollup buckets from 15 minutes up so the series is read from rollups.
create function vigil._dashboard_bucket(p_since timestamptz, p_until timestamptz) returns interval
language sql immutable
set search_path = ''
as $$
  select case when p_until - p_since <= interval '1 hour' then interval '1 minute'
              when p_until - p_since <= interval '6 hours' then interval '5 minutes'
              when p_until - p_since <= interval '1 day' then interval '15 minutes'
              else interval '1 hour' end
$$;
comment on function vigil._dashboard_bucket(timestamptz, timestamptz) is
  'The series bucket for a window: 1 min up to 1 h, 5 min up to 6 h, 15 min up to 1 day, 1 hour beyond.';

-- A registered fn (text) resolved to the function to call, or 42883 when it is gone: the card or the
-- marker source then fails alone, inside its caller's subtransaction.
create function vigil._dashboard_function(p_fn text, out schema_name text, out function_name text)
language plpgsql stable
set search_path = ''
as $$
begin
  select n.nspname::text, p.proname::text into schema_name, function_name
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where p.oid = pg_catalog.to_regprocedure(p_fn);
  if function_name is null then
    raise exception using errcode = '42883', message = pg_catalog.format('Function %s does not exist.', p_fn);
  end if;
end
$$;
comment on function vigil._dashboard_function(text) is
  'The schema and name of a registered dashboard function given by its signature; 42883 when there is none.';

-- Each registered card, in its own subtransaction: a card whose function raises or is gone becomes
-- an error card, and the rest of the page is built all the same.
create function vigil._dashboard_registered_cards(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_card record;
  v_target record;
  v_result jsonb;
  v_cards jsonb := '[]'::jsonb;
  v_state text;
  v_msg text;
begin
  for v_card in select c.name, c.fn from vigil.dashboard_cards c order by c.position, c.name loop
    begin
      v_target := vigil._dashboard_function(v_card.fn);
      execute pg_catalog.format('select %I.%I($1, $2, $3)', v_target.schema_name, v_target.function_name)
        into v_result using p_tenant, p_since, p_until;
      if v_result is not null then
        v_cards := v_cards || pg_catalog.jsonb_build_array(v_result);
      end if;
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
      v_cards := v_cards || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object(
        'name', v_card.name, 'title', v_card.name, 'value', null, 'unit', null, 'status', 'bad',
        'detail', 'this card failed: ' || v_msg, 'error', v_state));
    end;
  end loop;
  return v_cards;
end
$$;
comment on function vigil._dashboard_registered_cards(uuid, timestamptz, timestamptz) is
  'The cards of vigil.dashboard_cards, each isolated: a failing one is {"status": "bad", "error": sqlstate, "detail": message}.';

create function vigil._dashboard_markers(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_source record;
  v_target record;
  v_rows jsonb;
  v_markers jsonb := '[]'::jsonb;
  v_errors jsonb := '[]'::jsonb;
  v_state text;
  v_msg text;
begin
  for v_source in select m.name, m.fn from vigil.dashboard_markers m order by m.name loop
    begin
      v_target := vigil._dashboard_function(v_source.fn);
      execute pg_catalog.format(
        $q$select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('at', m.at, 'kind', m.kind, 'label', m.label,
                                                                               'severity', m.severity, 'ref', m.ref, 'source', $4)),
                           '[]'::jsonb)
           from %I.%I($1, $2, $3) m$q$, v_target.schema_name, v_target.function_name)
        into v_rows using p_tenant, p_since, p_until, v_source.name;
      v_markers := v_markers || v_rows;
    exception when others then
      get stacked diagnostics v_state = returned_sqlstate, v_msg = message_text;
      v_errors := v_errors || pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('source', v_source.name, 'error', v_state, 'message', v_msg));
    end;
  end loop;
  return pg_catalog.jsonb_build_object(
    'markers', (select coalesce(pg_catalog.jsonb_agg(x order by x ->> 'at'), '[]'::jsonb) from pg_catalog.jsonb_array_elements(v_markers) x),
    'errors', v_errors);
end
$$;
comment on function vigil._dashboard_markers(uuid, timestamptz, timestamptz) is
  'The marks of every vigil.dashboard_markers source, by time; a failing source is listed in errors and left out.';

create function vigil_api.dashboard(p_tenant uuid, p_since timestamptz, p_until timestamptz default pg_catalog.now(),
                                    p_bucket interval default null) returns jsonb
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
declare
  v_bucket interval := coalesce(p_bucket, vigil._dashboard_bucket(p_since, p_until));
  v_summary jsonb;
  v_series jsonb;
  v_marks jsonb;
  v_operations jsonb;
  v_spark_bucket interval;
  v_spark_since timestamptz;
  v_sparks jsonb;
  v_system jsonb;
  v_error_rate double precision;
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if v_bucket <= interval '0' then
    raise exception using errcode = '22023', message = 'bucket must be a positive interval.';
  end if;
  -- timeseries answers at most 5000 buckets a call; a week in minutes (10,080) is asked in pieces of
  -- 5000 from the same start, so the buckets line up as one series would.
  if extract(epoch from p_until - p_since) / extract(epoch from v_bucket) > 20000 then
    raise exception using errcode = '22023', message = 'The dashboard''s series holds at most 20000 buckets: widen the bucket or narrow the window.';
  end if;
  v_summary := vigil_api.summary(p_tenant, p_since, p_until);

  -- Columnar, as a chart library wants it: one array per measure, one element per bucket.
  select pg_catalog.jsonb_build_object(
           't', coalesce(pg_catalog.jsonb_agg(s.bucket_start order by s.bucket_start), '[]'::jsonb),
           'count', coalesce(pg_catalog.jsonb_agg(s.count order by s.bucket_start), '[]'::jsonb),
           'errors', coalesce(pg_catalog.jsonb_agg(s.errors order by s.bucket_start), '[]'::jsonb),
           'error_rate', coalesce(pg_catalog.jsonb_agg(s.error_rate order by s.bucket_start), '[]'::jsonb),
           'p95_ms', coalesce(pg_catalog.jsonb_agg(s.p95_ms order by s.bucket_start), '[]'::jsonb))
  into v_series
  from pg_catalog.generate_series(0, ceil(extract(epoch from p_until - p_since) / extract(epoch from v_bucket) / 5000)::integer - 1) c(i),
       lateral vigil_api.timeseries(p_tenant, 'count', p_since + c.i * 5000 * v_bucket,
                                    least(p_until, p_since + (c.i + 1) * 5000 * v_bucket), v_bucket) s;

  v_marks := vigil._dashboard_markers(p_tenant, p_since, p_until);

  -- Sparklines: about 24 points per operation, in whole 5-minute buckets from an aligned start, so they
  -- come from rollups; week-over-week from compare over the same window length (at most 7 days).
  v_spark_bucket := pg_catalog.make_interval(mins => 5 * greatest(1, ceil(extract(epoch from p_until - p_since) / 24 / 300)::integer));
  v_spark_since := pg_catalog.date_bin(interval '5 minutes', p_since, timestamptz '2000-01-01 00:00:00+00');
  -- One pass for every operation's counts (what timeseries would add up per series, without its
  -- percentiles): ten timeseries calls cost six times a summary in the bench.
  with parts as materialized (
    select p.s, p.k, p.n, pg_catalog.sum(p.c)::bigint c
    from vigil._stats_parts(p_tenant, v_spark_since, p_until, null, null, v_spark_bucket, true) p
    group by p.s, p.k, p.n
  )
  select coalesce(pg_catalog.jsonb_object_agg(t.series, t.spark), '{}'::jsonb) into v_sparks
  from (select sr.k || ':' || sr.n as series, pg_catalog.jsonb_agg(coalesce(pp.c, 0) order by sl.s) as spark
        from (select distinct x.k, x.n from parts x) sr
        cross join pg_catalog.generate_series(v_spark_since, p_until - interval '1 microsecond', v_spark_bucket) sl(s)
        left join parts pp on pp.s = sl.s and pp.k = sr.k and pp.n = sr.n
        group by sr.k, sr.n) t;
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(o) || pg_catalog.jsonb_build_object(
           'count_before', c.count_before, 'count_change', c.count_change,
           'error_rate', case when o.count > 0 then o.errors::double precision / o.count end,
           'error_rate_before', c.error_rate_before, 'error_rate_change', c.error_rate_change,
           'p95_before_ms', c.p95_before_ms, 'p95_change', c.p95_change,
           'spark', v_sparks -> (o.kind || ':' || o.name))
           order by o.count desc, o.kind, o.name), '[]'::jsonb)
  into v_operations
  from vigil_api.operation_stats(p_tenant, p_since, p_until, null, null, 10) o
  left join vigil_api.compare(p_tenant, least(p_until - p_since, interval '7 days'), p_until) c
    on c.kind = o.kind and c.name = o.name;

  if vigil.has_role(vigil.system_tenant_id(), 'viewer') then
    v_system := pg_catalog.jsonb_build_object('maintenance', vigil_api.maintenance_status(p_until), 'db_health', vigil_api.db_health(p_until));
  end if;

  v_error_rate := 1 - (v_summary ->> 'success_rate')::double precision;
  return pg_catalog.jsonb_build_object(
    'tenant', p_tenant, 'since', p_since, 'until', p_until, 'bucket', v_bucket,
    'can_operate', vigil.has_role(p_tenant, 'operator'),
    'summary', v_summary,
    'cards', pg_catalog.jsonb_build_array(
      pg_catalog.jsonb_build_object('name', 'errors', 'title', 'Errors', 'value', v_summary -> 'errors', 'unit', null,
        'status', case when (v_summary ->> 'count')::bigint = 0 then 'none' when (v_summary ->> 'errors')::bigint > 0 then 'warn' else 'ok' end,
        'detail', (v_summary ->> 'count') || ' events'),
      -- Thresholds of DESIGN.md's default rules: error rate over 5% is critical, p95 over 2 s a warning.
      pg_catalog.jsonb_build_object('name', 'error_rate', 'title', 'Error rate', 'value', v_error_rate, 'unit', 'ratio',
        'status', case when v_error_rate is null then 'none' when v_error_rate > 0.05 then 'bad' when v_error_rate > 0.01 then 'warn' else 'ok' end,
        'detail', 'bad above 5%'),
      pg_catalog.jsonb_build_object('name', 'p95', 'title', 'p95 latency', 'value', v_summary -> 'p95_ms', 'unit', 'ms',
        'status', case when v_summary -> 'p95_ms' = 'null'::jsonb then 'none' when (v_summary ->> 'p95_ms')::double precision > 2000 then 'warn' else 'ok' end,
        'detail', 'p50 ' || coalesce(pg_catalog.round((v_summary ->> 'p50_ms')::numeric)::text, '–') || ' ms, p99 '
                  || coalesce(pg_catalog.round((v_summary ->> 'p99_ms')::numeric)::text, '–') || ' ms'),
      pg_catalog.jsonb_build_object('name', 'alerts', 'title', 'Open alerts', 'value', v_summary -> 'open_alerts', 'unit', null,
        'status', case when (v_summary #>> '{open_alerts_by_state,firing}')::bigint > 0 then 'bad'
                       when (v_summary ->> 'open_alerts')::bigint > 0 then 'warn' else 'ok' end,
        'detail', (v_summary #>> '{open_alerts_by_state,firing}') || ' firing, ' || (v_summary #>> '{open_alerts_by_state,pending}') || ' pending, '
                  || (v_summary #>> '{open_alerts_by_state,unacknowledged}') || ' unacknowledged'))
      || vigil._dashboard_registered_cards(p_tenant, p_since, p_until),
    'series', v_series,
    'markers', v_marks -> 'markers',
    'marker_errors', v_marks -> 'errors',
    -- Firing intervals to shade: each stretch an alert spent firing that overlaps the window (from its
    -- last change before the window), open-ended ones closed at p_until.
    'firing', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('alert_id', f.alert_id, 'rule', r.name, 'severity', r.severity,
                                                                                  'from', greatest(f.at, p_since), 'until', least(coalesce(f.ended, p_until), p_until))
                                                   order by f.at), '[]'::jsonb)
               from (select h.alert_id, h.rule_id, h.at, h.to_state,
                            pg_catalog.lead(h.at) over (partition by h.alert_id order by h.at, h.id) as ended
                     from vigil.alert_history h
                     where h.tenant_id = p_tenant and h.at < p_until and h.at >= p_since - interval '30 days'
                       and h.from_state <> h.to_state) f
               join vigil.alert_rules r on r.id = f.rule_id
               where f.to_state = 'firing' and coalesce(f.ended, p_until) > p_since),
    'operations', v_operations,
    'alerts', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(a)), '[]'::jsonb)
               from vigil_api.list_alerts(p_tenant, '{pending,firing,recovering}', null, null, 50) a),
    -- New (first seen in the window) and regressed groups first: what changed is what to look at.
    'error_groups', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(g) || pg_catalog.jsonb_build_object('is_new', g.first_seen >= p_since)
                                                          order by (g.status = 'regressed' or g.first_seen >= p_since) desc, g.count desc, g.fingerprint), '[]'::jsonb)
                     from vigil_api.error_groups(p_tenant, p_since, p_until, 20) g),
    'web_vitals', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.to_jsonb(w) order by w.name), '[]'::jsonb)
                   from vigil_api.web_vitals(p_tenant, p_since, p_until) w),
    'system', v_system);
end
$$;
comment on function vigil_api.dashboard(uuid, timestamptz, timestamptz, interval) is
$$One round trip for the console over [p_since, p_until): summary(); status cards (errors, error rate, p95, open
alerts, then the registered cards of vigil.dashboard_cards, a failing one shown as an error card); one series of
count, errors, error rate and p95 per p_bucket (default: 1 min up to 1 h, 5 min up to 6 h, 15 min up to 1 day, else
1 h); markers (alert transitions and the other registered sources) and firing intervals; the top 10 operations of
operation_stats with a sparkline and the change from compare(); open alerts (list_alerts); error groups, new and
regressed first; web vitals; and, for vigil-system members, maintenance_status and db_health. can_operate says
whether the caller may act on alerts. Viewers and up, or the service role.
Example: select vigil_api.dashboard('<tenant>', now() - interval '1 hour');$$;

grant execute on function vigil.dashboard_card_maintenance(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil.dashboard_markers_alerts(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._dashboard_bucket(timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._dashboard_function(text) to authenticated, service_role;
grant execute on function vigil._dashboard_registered_cards(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._dashboard_markers(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.dashboard(uuid, timestamptz, timestamptz, interval) to authenticated, service_role;
