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
-- used: maintenance health is a fact of now (p_until). maintenance_status is read once, in a
-- materialized CTE: from a plain subquery the planner pulled the call up into each of the eight places
-- that read it, and the card cost 5 ms of CPU a page at 1M events instead of 1.5 ms.
create function vigil.dashboard_card_maintenance(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language sql stable
set search_path = ''
as $$
  -- No row (so null) for a caller who may not see it: the condition is checked before the call.
  with m as materialized (
    select vigil_api.maintenance_status(p_until) as s where vigil.has_role(vigil.system_tenant_id(), 'viewer'))
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
  from m
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
-- Generic plans for every statement of the page, its own and those of the functions it calls (a
-- setting of the function holds for the calls it makes). With custom plans, the default for the first
-- five runs of a statement and kept for as long as a generic plan looks dearer, every refresh planned
-- again each of the large queries of _stats_parts and _rollup_stats it runs eight and five times:
-- measured at 1M events (CPU time of the backend, 24 h, busiest tenant), 92 ms a page, against 60 ms
-- with generic plans, which prune partitions at run time as well.
set plan_cache_mode = force_generic_plan
as $$
declare
  v_bucket interval := coalesce(p_bucket, vigil._dashboard_bucket(p_since, p_until));
  v_summary jsonb;
  v_series jsonb;
  v_marks jsonb;
  v_operations jsonb;
  v_edge timestamptz;
  v_spark_bucket interval;
  v_spark_edge timestamptz;
  v_compare interval := least(p_until - p_since, interval '7 days');
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

  -- Buckets on the clock's grid (from 2000-01-01 UTC), not counted from p_since: a bucket then holds
  -- the same events at every refresh, and buckets of whole rollup grains are read from rollup rows. A
  -- grid from p_since matches no rollup row unless p_since happens to fall on it, and the whole window
  -- was read raw (at 1M events, 154 ms for 24 h in 15-minute buckets against 21 ms on the grid). The
  -- window's start before the first boundary is a bucket of its own, at p_since.
  v_edge := least(p_until, pg_catalog.date_bin(v_bucket, p_since - interval '1 microsecond', timestamptz '2000-01-01 00:00:00+00') + v_bucket);

  -- Columnar, as a chart library wants it: one array per measure, one element per bucket.
  select pg_catalog.jsonb_build_object(
           't', coalesce(pg_catalog.jsonb_agg(s.bucket_start order by s.bucket_start), '[]'::jsonb),
           'count', coalesce(pg_catalog.jsonb_agg(s.count order by s.bucket_start), '[]'::jsonb),
           'errors', coalesce(pg_catalog.jsonb_agg(s.errors order by s.bucket_start), '[]'::jsonb),
           'error_rate', coalesce(pg_catalog.jsonb_agg(s.error_rate order by s.bucket_start), '[]'::jsonb),
           'p95_ms', coalesce(pg_catalog.jsonb_agg(s.p95_ms order by s.bucket_start), '[]'::jsonb))
  into v_series
  -- The piece before the first boundary is one bucket: what timeseries() answers for it, read without
  -- a slot so that its whole 5-minute buckets come from rollup rows (as a slot of its own width it
  -- was read raw, up to a bucket of the tenant's events).
  from (select p_since as bucket_start, coalesce(r.count, 0) as count, coalesce(r.errors, 0) as errors,
               case when r.count > 0 then r.errors::double precision / r.count else 0 end as error_rate, r.p95_ms
        from (select v_edge where v_edge > p_since) x(e)
        left join lateral vigil._rollup_stats(p_tenant, p_since, x.e, null, null, null, false) r on true
        union all
        select b.bucket_start, b.count, b.errors, b.error_rate, b.p95_ms from pg_catalog.generate_series(0, ceil(extract(epoch from p_until - v_edge) / extract(epoch from v_bucket) / 5000)::integer - 1) c(i),
                        lateral vigil_api.timeseries(p_tenant, 'count', v_edge + c.i * 5000 * v_bucket,
                                                     least(p_until, v_edge + (c.i + 1) * 5000 * v_bucket), v_bucket) b) s;

  v_marks := vigil._dashboard_markers(p_tenant, p_since, p_until);

  -- The top operations, their sparklines and the week-over-week change, from three reads instead of
  -- operation_stats, compare (two windows of every operation) and a sparkline pass over 5-minute rows:
  -- 1. Sparkline counts of every operation, at the coarsest rollup grain that gives at most 30 points
  --    (5 min up to 2.5 h, 15 min up to 7.5 h, 1 h up to 30 h, else 6 h), on the clock's grid as the
  --    series is, the start before the first boundary a point of its own: so the points add up to the
  --    operation's count in the window, and those counts choose the top ten as operation_stats would.
  -- 2. _rollup_stats over the window, percentiles merged for those ten only (operation_stats merges
  --    every operation's histogram, and a group's answer does not depend on the others).
  -- 3. The same for the week before, as compare() does, and its arithmetic (compare's own "now" is this
  --    window when it is at most 7 days, else a read of its own).
  v_spark_bucket := case when p_until - p_since <= interval '150 minutes' then interval '5 minutes'
                         when p_until - p_since <= interval '450 minutes' then interval '15 minutes'
                         when p_until - p_since <= interval '30 hours' then interval '1 hour'
                         else interval '6 hours' end;
  v_spark_edge := least(p_until, pg_catalog.date_bin(v_spark_bucket, p_since - interval '1 microsecond', timestamptz '2000-01-01 00:00:00+00') + v_spark_bucket);
  with parts as materialized (
    select p.s, p.k, p.n, pg_catalog.sum(p.c)::bigint c
    from (select h.s, h.k, h.n, h.c from vigil._stats_parts(p_tenant, p_since, v_spark_edge, null, null, null, true) h
          union all
          select b.s, b.k, b.n, b.c from vigil._stats_parts(p_tenant, v_spark_edge, p_until, null, null, v_spark_bucket, true) b) p
    group by p.s, p.k, p.n
  ), top as materialized (
    select p.k, p.n, pg_catalog.sum(p.c) c from parts p group by p.k, p.n order by 3 desc, 1, 2 limit 10
  ), names as materialized (
    -- LIKE patterns matching exactly these names (vigil._rollup_stats takes patterns).
    select coalesce(pg_catalog.array_agg(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(t.n, '\', '\\'), '%', '\%'), '_', '\_')), '{}') patterns
    from top t
  ), stats as materialized (
    select x.* from vigil._rollup_stats(p_tenant, p_since, p_until, null, null, null, true, (select names.patterns from names)) x
    join top t on t.k = x.kind and t.n = x.name
  ), cmp_now as (
    select x.kind, x.name, x.count, x.errors, x.p95_ms from stats x where v_compare = p_until - p_since
    union all
    select x.kind, x.name, x.count, x.errors, x.p95_ms
    from vigil._rollup_stats(p_tenant, p_until - v_compare, p_until, null, null, null, true, (select names.patterns from names)) x
    where v_compare < p_until - p_since
  ), cmp_before as (
    select x.kind, x.name, x.count, x.errors, x.p95_ms
    from vigil._rollup_stats(p_tenant, p_until - v_compare - interval '7 days', p_until - interval '7 days', null, null, null, true,
                             (select names.patterns from names)) x
  ), sparks as (
    select t.k, t.n, pg_catalog.jsonb_agg(coalesce(pp.c, 0) order by sl.s) spark
    from top t
    cross join (select p_since where v_spark_edge > p_since
                union all
                select g from pg_catalog.generate_series(v_spark_edge, p_until - interval '1 microsecond', v_spark_bucket) g) sl(s)
    left join parts pp on pp.s = sl.s and pp.k = t.k and pp.n = t.n
    group by t.k, t.n
  )
  -- Each operation is operation_stats()'s row, with compare()'s columns and the sparkline.
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
           'kind', o.kind, 'name', o.name, 'count', o.count, 'success_rate', 1 - o.errors::double precision / o.count,
           'avg_ms', o.avg_ms, 'p50_ms', o.p50_ms, 'p95_ms', o.p95_ms, 'p99_ms', o.p99_ms, 'min_ms', o.min_ms,
           'max_ms', o.max_ms, 'errors', o.errors, 'errors_by_type', o.error_types,
           'error_rate', o.errors::double precision / o.count,
           'count_before', coalesce(b.count, 0),
           'count_change', case when b.count > 0 then coalesce(a.count, 0)::double precision / b.count - 1 end,
           'error_rate_before', b.errors::double precision / b.count,
           'error_rate_change', a.errors::double precision / a.count - b.errors::double precision / b.count,
           'p95_before_ms', b.p95_ms,
           'p95_change', case when b.p95_ms > 0 then a.p95_ms / b.p95_ms - 1 end,
           'spark', sp.spark)
           order by o.count desc, o.kind, o.name), '[]'::jsonb)
  into v_operations
  from stats o
  left join cmp_now a on a.kind = o.kind and a.name = o.name
  left join cmp_before b on b.kind = o.kind and b.name = o.name
  left join sparks sp on sp.k = o.kind and sp.n = o.name;

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
