-- The statistics API: summary, operation_stats (with an exact mode), timeseries and compare read
-- rollups through vigil._rollup_stats; web_vitals, cache_stats and fallback_stats read the few raw
-- events of their kinds; export pages raw events out. Every function checks viewer access first.

-- Windows are half-open [since, until); a reversed or empty window is a caller's mistake, not "no data".
create function vigil._check_window(p_since timestamptz, p_until timestamptz) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_since is null or p_until is null then
    raise exception using errcode = '22023', message = 'since and until are required.';
  end if;
  if p_until <= p_since then
    raise exception using errcode = '22023', message = 'until must be after since.',
      hint = 'The window is [since, until): pass the earlier time first.';
  end if;
end
$$;
comment on function vigil._check_window(timestamptz, timestamptz) is 'Raises 22023 unless since < until.';

-- Exact percentiles over raw rows (percentile_disc: a value that occurred). Security definer so
-- RLS is not evaluated per row; it checks access first. Bounded to an hour by the caller.
create function vigil._exact_stats(p_tenant uuid, p_since timestamptz, p_until timestamptz, p_kind text, p_name text)
returns table (kind text, name text, count bigint, errors bigint, avg_ms double precision, p50_ms double precision,
               p95_ms double precision, p99_ms double precision, min_ms double precision, max_ms double precision,
               error_types jsonb)
language sql stable security definer
set search_path = ''
set jit = off
as $$
  select e.kind::text, e.name::text, pg_catalog.count(*), pg_catalog.count(*) filter (where not e.success),
         pg_catalog.avg(e.duration_ms),
         pg_catalog.percentile_disc(0.50) within group (order by e.duration_ms),
         pg_catalog.percentile_disc(0.95) within group (order by e.duration_ms),
         pg_catalog.percentile_disc(0.99) within group (order by e.duration_ms),
         pg_catalog.min(e.duration_ms), pg_catalog.max(e.duration_ms),
         coalesce((select pg_catalog.jsonb_object_agg(t.error_type, t.n) from (
            select coalesce(x.error_type, 'unknown') error_type, pg_catalog.count(*) n from vigil.events x
            where x.tenant_id = p_tenant and x.kind = e.kind and x.name = e.name and not x.success
              and x.occurred_at >= p_since and x.occurred_at < p_until
            group by 1) t), '{}'::jsonb)
  from vigil.events e
  where vigil.has_role(p_tenant, 'viewer')
    and e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until
    and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
  group by e.kind, e.name
$$;
comment on function vigil._exact_stats(uuid, timestamptz, timestamptz, text, text) is
  'operation_stats over raw rows with exact percentile_disc quantiles; returns nothing to a caller who is not a viewer of the tenant.';

create function vigil_api.operation_stats(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_kind text default null,
  p_name text default null,
  p_limit integer default 100,
  p_exact boolean default false,
  p_order_by text default 'count'
) returns table (
  kind text,
  name text,
  count bigint,
  success_rate double precision,
  avg_ms double precision,
  p50_ms double precision,
  p95_ms double precision,
  p99_ms double precision,
  min_ms double precision,
  max_ms double precision,
  errors bigint,
  errors_by_type jsonb
)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  if p_limit is null or p_limit not between 1 and 1000 then
    raise exception using errcode = '22023', message = 'limit must be between 1 and 1000.';
  end if;
  if p_order_by is null or p_order_by not in ('count', 'errors', 'error_rate', 'p95', 'p99', 'name') then
    raise exception using errcode = '22023', message = 'order_by must be one of count, errors, error_rate, p95, p99, name.';
  end if;
  if coalesce(p_exact, false) and p_until - p_since > interval '1 hour' then
    raise exception using errcode = '22023', message = 'Exact percentiles are available for windows of at most one hour.',
      hint = 'Narrow the window, or drop p_exact: histogram percentiles are within 1% of the exact ones.';
  end if;

  return query
  with s as (
    select x.kind, x.name, x.count, x.errors, x.avg_ms, x.p50_ms, x.p95_ms, x.p99_ms, x.min_ms, x.max_ms, x.error_types
    from vigil._exact_stats(p_tenant, p_since, p_until, p_kind, p_name) x where p_exact
    union all
    select x.kind, x.name, x.count, x.errors, x.avg_ms, x.p50_ms, x.p95_ms, x.p99_ms, x.min_ms, x.max_ms, x.error_types
    from vigil._rollup_stats(p_tenant, p_since, p_until, p_kind, p_name, null, true) x where not coalesce(p_exact, false)
  )
  select s.kind, s.name, s.count, 1 - s.errors::double precision / s.count, s.avg_ms, s.p50_ms, s.p95_ms, s.p99_ms,
         s.min_ms, s.max_ms, s.errors, s.error_types
  from s
  order by case p_order_by when 'count' then s.count::double precision when 'errors' then s.errors::double precision
                           when 'error_rate' then s.errors::double precision / s.count
                           when 'p95' then s.p95_ms when 'p99' then s.p99_ms end desc nulls last,
           s.kind, s.name
  limit p_limit;
end
$$;
comment on function vigil_api.operation_stats(uuid, timestamptz, timestamptz, text, text, integer, boolean, text) is
$$Per operation (kind, name) in [p_since, p_until): count, success rate, avg/p50/p95/p99/min/max duration in ms, errors
and errors by type. Filters: p_kind, p_name; p_order_by count (default), errors, error_rate, p95, p99 or name; p_limit
1..1000. Percentiles come from log histograms (within 1% of the exact value); p_exact => true computes them exactly
over raw rows, for windows of at most one hour. Viewers and up, or the service role.
Example: select * from vigil_api.operation_stats('<tenant>', now() - interval '24 hours');$$;

create function vigil_api.summary(p_tenant uuid, p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns jsonb
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
declare
  v_total record;
  v_names bigint;
  v_alerts bigint;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  select * into v_total from vigil._rollup_stats(p_tenant, p_since, p_until, null, null, null, false);
  select pg_catalog.count(*) into v_names from vigil._rollup_stats(p_tenant, p_since, p_until, null, null, null, true);
  -- Alerting plugs in here by defining vigil.count_open_alerts(uuid); until then the field is null.
  if pg_catalog.to_regprocedure('vigil.count_open_alerts(uuid)') is not null then
    execute 'select vigil.count_open_alerts($1)' into v_alerts using p_tenant;
  end if;
  return pg_catalog.jsonb_build_object(
    'since', p_since, 'until', p_until,
    'count', coalesce(v_total.count, 0),
    'errors', coalesce(v_total.errors, 0),
    'success_rate', case when v_total.count > 0 then 1 - v_total.errors::double precision / v_total.count end,
    'p50_ms', v_total.p50_ms, 'p95_ms', v_total.p95_ms, 'p99_ms', v_total.p99_ms,
    'series', v_names,
    'open_alerts', v_alerts,
    'top_errors', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('error_type', t.key, 'count', t.value::bigint)
                                                        order by t.value::bigint desc, t.key)
                            from (select j.key, j.value from pg_catalog.jsonb_each_text(coalesce(v_total.error_types, '{}'::jsonb)) j
                                  order by j.value::bigint desc, j.key limit 5) t), '[]'::jsonb));
end
$$;
comment on function vigil_api.summary(uuid, timestamptz, timestamptz) is
$$The dashboard header for [p_since, p_until): total events, errors, success rate, p50/p95/p99 over every timed event,
how many (kind, name) series, open alerts (null until alerting defines vigil.count_open_alerts) and the 5 most
frequent error types. Viewers and up, or the service role.$$;

create function vigil_api.timeseries(
  p_tenant uuid,
  p_metric text,
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_bucket interval default interval '5 minutes',
  p_name text default null,
  p_kind text default null
) returns table (
  bucket_start timestamptz,
  value double precision,
  count bigint,
  errors bigint,
  error_rate double precision,
  p50_ms double precision,
  p95_ms double precision,
  p99_ms double precision
)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  if p_metric is null or p_metric not in ('count', 'errors', 'error_rate', 'success_rate', 'avg_ms',
                                          'latency_p50', 'latency_p95', 'latency_p99') then
    raise exception using errcode = '22023',
      message = pg_catalog.format('Unknown metric %s: use count, errors, error_rate, success_rate, avg_ms, latency_p50, latency_p95 or latency_p99.',
                                  coalesce(pg_catalog.quote_literal(p_metric), 'null'));
  end if;
  if p_bucket is null or p_bucket <= interval '0' then
    raise exception using errcode = '22023', message = 'bucket must be a positive interval.';
  end if;
  if extract(epoch from p_until - p_since) / extract(epoch from p_bucket) > 5000 then
    raise exception using errcode = '22023', message = 'A series holds at most 5000 buckets: widen the bucket or narrow the window.';
  end if;

  return query
  with slots as (
    select g as s from pg_catalog.generate_series(p_since, p_until - interval '1 microsecond', p_bucket) g
  ), st as (
    select * from vigil._rollup_stats(p_tenant, p_since, p_until, p_kind, p_name, p_bucket, false)
  )
  select sl.s,
         case p_metric
           when 'count' then coalesce(st.count, 0)::double precision
           when 'errors' then coalesce(st.errors, 0)::double precision
           when 'error_rate' then case when st.count > 0 then st.errors::double precision / st.count else 0 end
           when 'success_rate' then case when st.count > 0 then 1 - st.errors::double precision / st.count end
           when 'avg_ms' then st.avg_ms
           when 'latency_p50' then st.p50_ms
           when 'latency_p95' then st.p95_ms
           when 'latency_p99' then st.p99_ms
         end,
         coalesce(st.count, 0), coalesce(st.errors, 0),
         case when st.count > 0 then st.errors::double precision / st.count else 0 end,
         st.p50_ms, st.p95_ms, st.p99_ms
  from slots sl left join st on st.slot_start = sl.s
  order by sl.s;
end
$$;
comment on function vigil_api.timeseries(uuid, text, timestamptz, timestamptz, interval, text, text) is
$$A series over [p_since, p_until) in buckets of p_bucket starting at p_since (at most 5000): value is p_metric (count,
errors, error_rate, success_rate, avg_ms, latency_p50, latency_p95, latency_p99), next to count, errors, error rate and
p50/p95/p99 ms. Empty buckets are present with count 0 (latencies null). Optional p_name / p_kind filters. Buckets that
are whole multiples of 5 minutes from a 5-minute-aligned start are served from rollups; others from raw events.
Viewers and up, or the service role.$$;

create function vigil_api.compare(
  p_tenant uuid,
  p_window interval default interval '1 day',
  p_until timestamptz default pg_catalog.now(),
  p_kind text default null
) returns table (
  kind text,
  name text,
  count bigint,
  count_before bigint,
  count_change double precision,
  error_rate double precision,
  error_rate_before double precision,
  error_rate_change double precision,
  p95_ms double precision,
  p95_before_ms double precision,
  p95_change double precision
)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_window is null or p_window <= interval '0' or p_window > interval '7 days' then
    raise exception using errcode = '22023', message = 'window must be a positive interval of at most 7 days.';
  end if;
  if p_until is null then
    raise exception using errcode = '22023', message = 'until is required.';
  end if;
  return query
  with now_ as (select * from vigil._rollup_stats(p_tenant, p_until - p_window, p_until, p_kind, null, null, true)),
       before as (select * from vigil._rollup_stats(p_tenant, p_until - p_window - interval '7 days',
                                                    p_until - interval '7 days', p_kind, null, null, true))
  select coalesce(a.kind, b.kind), coalesce(a.name, b.name), coalesce(a.count, 0), coalesce(b.count, 0),
         case when b.count > 0 then coalesce(a.count, 0)::double precision / b.count - 1 end,
         a.errors::double precision / a.count, b.errors::double precision / b.count,
         a.errors::double precision / a.count - b.errors::double precision / b.count,
         a.p95_ms, b.p95_ms,
         case when b.p95_ms > 0 then a.p95_ms / b.p95_ms - 1 end
  from now_ a full join before b on a.kind = b.kind and a.name = b.name
  order by coalesce(a.count, 0) desc, 1, 2;
end
$$;
comment on function vigil_api.compare(uuid, interval, timestamptz, text) is
$$Each operation in [p_until - p_window, p_until) against the same window one week earlier: counts, error rates and
p95 now and then, with the change (count and p95 as a relative change, 0.25 = +25%; error rate as a difference).
An operation present in only one window appears with zeros and nulls on the other side. Viewers and up, or the service role.$$;

-- Raw-event readers for the small kinds. Security definer so RLS is not evaluated per row; each
-- checks access first.
create function vigil._web_vitals(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (name text, count bigint, p75 double precision, rating text, good double precision,
               needs_improvement double precision, poor double precision, good_threshold double precision,
               poor_threshold double precision)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
  -- web.dev's thresholds: good at or under the first, poor above the second.
  with t(name, good, poor, ord) as (values ('LCP', 2500::float8, 4000::float8, 1), ('INP', 200, 500, 2),
                                           ('CLS', 0.1, 0.25, 3), ('FCP', 1800, 3000, 4), ('TTFB', 800, 1800, 5)),
  v as (
    select e.name, e.value from vigil.events e
    where e.tenant_id = p_tenant and e.kind = 'web_vital' and e.occurred_at >= p_since and e.occurred_at < p_until
      and e.name in ('LCP', 'INP', 'CLS', 'FCP', 'TTFB') and e.value is not null
  ), agg as (
    select v.name, pg_catalog.count(*) n,
           pg_catalog.percentile_disc(0.75) within group (order by v.value) p75,
           pg_catalog.count(*) filter (where v.value <= t.good) g,
           pg_catalog.count(*) filter (where v.value > t.good and v.value <= t.poor) ni,
           pg_catalog.count(*) filter (where v.value > t.poor) p
    from v join t on t.name = v.name group by v.name
  )
  select t.name, coalesce(a.n, 0), a.p75,
         case when a.p75 is null then null when a.p75 <= t.good then 'good'
              when a.p75 <= t.poor then 'needs-improvement' else 'poor' end,
         a.g::float8 / a.n, a.ni::float8 / a.n, a.p::float8 / a.n, t.good, t.poor
  from t left join agg a on a.name = t.name
  order by t.ord;
end
$$;

create function vigil_api.web_vitals(p_tenant uuid, p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns table (name text, count bigint, p75 double precision, rating text, good double precision,
               needs_improvement double precision, poor double precision, good_threshold double precision,
               poor_threshold double precision)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  return query select * from vigil._web_vitals(p_tenant, p_since, p_until);
end
$$;
comment on function vigil_api.web_vitals(uuid, timestamptz, timestamptz) is
$$Core Web Vitals in [p_since, p_until): one row per vital (LCP, INP, CLS, FCP, TTFB; ms except CLS) with the count,
the p75 (the value Google rates a page by), its rating (good / needs-improvement / poor at LCP 2500/4000, INP 200/500,
CLS 0.1/0.25, FCP 1800/3000, TTFB 800/1800) and the share of samples in each rating. Viewers and up, or the service role.$$;

create function vigil._cache_stats(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (name text, layer text, lookups bigint, hits bigint, misses bigint, hit_rate double precision)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
  select e.name::text, e.attributes ->> 'layer', pg_catalog.count(*),
         pg_catalog.count(*) filter (where e.value >= 1), pg_catalog.count(*) filter (where coalesce(e.value, 0) < 1),
         (pg_catalog.count(*) filter (where e.value >= 1))::float8 / pg_catalog.count(*)
  from vigil.events e
  where e.tenant_id = p_tenant and e.kind = 'cache' and e.occurred_at >= p_since and e.occurred_at < p_until
  group by 1, 2
  order by 3 desc, 1, 2;
end
$$;

create function vigil_api.cache_stats(p_tenant uuid, p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns table (name text, layer text, lookups bigint, hits bigint, misses bigint, hit_rate double precision)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  return query select * from vigil._cache_stats(p_tenant, p_since, p_until);
end
$$;
comment on function vigil_api.cache_stats(uuid, timestamptz, timestamptz) is
$$Cache events (value 1 = hit, 0 = miss) in [p_since, p_until) per cache name and attributes.layer (null when absent):
lookups, hits, misses and hit rate, busiest first. Viewers and up, or the service role.$$;

create function vigil._fallback_stats(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (name text, layer text, fallbacks bigint, fallback_successes bigint, operations bigint,
               fallback_rate double precision)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
  with f as (
    select e.name::text name, e.attributes ->> 'layer' layer, pg_catalog.count(*) n,
           pg_catalog.count(*) filter (where e.success) ok
    from vigil.events e
    where e.tenant_id = p_tenant and e.kind = 'fallback' and e.occurred_at >= p_since and e.occurred_at < p_until
    group by 1, 2
  ), ops as (
    select s.name, s.count from vigil._rollup_stats(p_tenant, p_since, p_until, 'operation', null, null, true) s
    where s.name in (select f.name from f)
  )
  select f.name, f.layer, f.n, f.ok, coalesce(o.count, 0),
         case when o.count > 0 then f.n::float8 / o.count end
  from f left join ops o on o.name = f.name
  order by f.n desc, f.name, f.layer;
end
$$;

create function vigil_api.fallback_stats(p_tenant uuid, p_since timestamptz, p_until timestamptz default pg_catalog.now())
returns table (name text, layer text, fallbacks bigint, fallback_successes bigint, operations bigint,
               fallback_rate double precision)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  return query select * from vigil._fallback_stats(p_tenant, p_since, p_until);
end
$$;
comment on function vigil_api.fallback_stats(uuid, timestamptz, timestamptz) is
$$Fallback events in [p_since, p_until) per operation name and attributes.layer (what served it): how many, how many
produced a result, the operation events of that name, and fallback_rate = fallbacks / operation events (null when the
operation has no events). Viewers and up, or the service role.$$;

-- CSV needs quoting only where a field holds a comma, quote or line break (RFC 4180).
create function vigil._csv_field(p_value text) returns text
language sql immutable
set search_path = ''
as $$
  select case when p_value is null then ''
              when p_value ~ '[",\r\n]' then '"' || pg_catalog.replace(p_value, '"', '""') || '"'
              else p_value end
$$;

create function vigil._export(p_tenant uuid, p_since timestamptz, p_until timestamptz, p_format text,
                              p_cursor text, p_limit integer)
returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_after_at timestamptz;
  v_after_id bigint;
  v_rows jsonb;
  v_count integer;
  v_last record;
  v_csv text;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_cursor is not null then
    begin
      v_after_at := pg_catalog.split_part(p_cursor, '|', 1)::timestamptz;
      v_after_id := pg_catalog.split_part(p_cursor, '|', 2)::bigint;
    exception when others then
      raise exception using errcode = '22023', message = 'cursor is not one this function returned.';
    end;
  end if;
  -- Keyset paging on (occurred_at, id): stable under concurrent inserts, no offset to rescan.
  select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) order by x.occurred_at, x.id), pg_catalog.count(*)
  into v_rows, v_count
  from (
    select e.id, e.kind::text kind, e.name::text name, e.occurred_at, e.received_at, e.duration_ms, e.value, e.success,
           e.status_code, e.error_type, e.error_message, e.fingerprint, e.user_id, e.session_id, e.trace_id,
           e.release, e.environment, e.source, e.attributes
    from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until
      and (v_after_at is null or (e.occurred_at, e.id) > (v_after_at, v_after_id))
    order by e.occurred_at, e.id
    limit p_limit
  ) x;
  v_rows := coalesce(v_rows, '[]'::jsonb);
  if v_count = p_limit then
    select (v_rows -> (v_count - 1) ->> 'occurred_at') || '|' || (v_rows -> (v_count - 1) ->> 'id') into v_csv;
  else
    v_csv := null;
  end if;
  if p_format = 'json' then
    return pg_catalog.jsonb_build_object('format', 'json', 'count', v_count, 'next_cursor', v_csv, 'data', v_rows);
  end if;
  return pg_catalog.jsonb_build_object('format', 'csv', 'count', v_count, 'next_cursor', v_csv, 'data',
    case when p_cursor is null
         then 'id,kind,name,occurred_at,received_at,duration_ms,value,success,status_code,error_type,error_message,fingerprint,user_id,session_id,trace_id,release,environment,source,attributes' || E'\n'
         else '' end
    || coalesce((select pg_catalog.string_agg(
         pg_catalog.concat_ws(',', r ->> 'id', vigil._csv_field(r ->> 'kind'), vigil._csv_field(r ->> 'name'),
           r ->> 'occurred_at', r ->> 'received_at', r ->> 'duration_ms', r ->> 'value', r ->> 'success', r ->> 'status_code',
           vigil._csv_field(r ->> 'error_type'), vigil._csv_field(r ->> 'error_message'), vigil._csv_field(r ->> 'fingerprint'),
           vigil._csv_field(r ->> 'user_id'), vigil._csv_field(r ->> 'session_id'), vigil._csv_field(r ->> 'trace_id'),
           vigil._csv_field(r ->> 'release'), vigil._csv_field(r ->> 'environment'), vigil._csv_field(r ->> 'source'),
           vigil._csv_field(r ->> 'attributes')) || E'\n', '' order by o)
       from pg_catalog.jsonb_array_elements(v_rows) with ordinality a(r, o)), ''));
end
$$;

create function vigil_api.export(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_format text default 'csv',
  p_cursor text default null,
  p_limit integer default 1000
) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
  if p_format is null or p_format not in ('csv', 'json') then
    raise exception using errcode = '22023', message = 'format must be csv or json.';
  end if;
  if p_limit is null or p_limit not between 1 and 10000 then
    raise exception using errcode = '22023', message = 'limit must be between 1 and 10000.';
  end if;
  return vigil._export(p_tenant, p_since, p_until, p_format, p_cursor, p_limit);
end
$$;
comment on function vigil_api.export(uuid, timestamptz, timestamptz, text, text, integer) is
$$Raw events of [p_since, p_until) in occurrence order, one page of at most p_limit (default 1000, at most 10000):
{"format", "count", "next_cursor", "data"}, where data is CSV text (a header line on the first page) or a JSON array.
Pass next_cursor back as p_cursor for the next page; it is null on the last page. Viewers and up, or the service role.$$;

grant execute on function vigil._check_window(timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._exact_stats(uuid, timestamptz, timestamptz, text, text) to authenticated, service_role;
grant execute on function vigil._web_vitals(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._cache_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._fallback_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._csv_field(text) to authenticated, service_role;
grant execute on function vigil._export(uuid, timestamptz, timestamptz, text, text, integer) to authenticated, service_role;
grant execute on function vigil_api.operation_stats(uuid, timestamptz, timestamptz, text, text, integer, boolean, text) to authenticated, service_role;
grant execute on function vigil_api.summary(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.timeseries(uuid, text, timestamptz, timestamptz, interval, text, text) to authenticated, service_role;
grant execute on function vigil_api.compare(uuid, interval, timestamptz, text) to authenticated, service_role;
grant execute on function vigil_api.web_vitals(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.cache_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.fallback_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.export(uuid, timestamptz, timestamptz, text, text, integer) to authenticated, service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
