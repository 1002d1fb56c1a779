-- Computing alert metrics. Built-in metrics come from vigil.window_stats (rollups once the
-- statistics migrations replace its body), one call per tenant, window and kind however many rules
-- share it; cache_hit_rate and custom metrics are computed rule by rule.

create function vigil._compare(p_value double precision, p_comparator text, p_threshold double precision) returns boolean
language sql immutable
set search_path = ''
as $$
  select case p_comparator
    when 'gt' then p_value > p_threshold
    when 'gte' then p_value >= p_threshold
    when 'lt' then p_value < p_threshold
    when 'lte' then p_value <= p_threshold
    when 'eq' then p_value = p_threshold
  end
$$;

-- The share of events slower than p_threshold, read off the window's quantiles by linear
-- interpolation of the distribution between (min, 0), (p50, .5), (p95, .95), (p99, .99), (max, 1).
-- An estimate: window_stats carries quantiles, not a count under a threshold (see the SLO note).
create function vigil._fraction_slower(p_threshold double precision, p_min double precision, p_p50 double precision,
                                       p_p95 double precision, p_p99 double precision, p_max double precision)
returns double precision
language sql immutable
set search_path = ''
as $$
  select case
    when p_threshold is null or p_max is null then 0
    when p_threshold >= p_max then 0
    when p_threshold < p_min then 1
    else 1 - (
      select case when hi.x = lo.x then hi.q else lo.q + (hi.q - lo.q) * (p_threshold - lo.x) / (hi.x - lo.x) end
      from (select x, q from (values (p_min, 0.0), (p_p50, 0.5), (p_p95, 0.95), (p_p99, 0.99), (p_max, 1.0)) v(x, q)
            where x <= p_threshold order by q desc limit 1) lo,
           (select x, q from (values (p_min, 0.0), (p_p50, 0.5), (p_p95, 0.95), (p_p99, 0.99), (p_max, 1.0)) v(x, q)
            where x > p_threshold order by q limit 1) hi)
  end
$$;
comment on function vigil._fraction_slower(double precision, double precision, double precision, double precision, double precision, double precision) is
  'Estimated share of events slower than a threshold, interpolated between the window''s min, p50, p95, p99 and max.';

-- SLO burn rate of one window: how many times faster than allowed the error budget is spent.
-- This is the rule-carried SLO definition (objective, optional latency threshold); once vigil.slos
-- and slo_status exist, rules point at an SLO and this reads its good/total instead.
create function vigil._slo_burn(p_total double precision, p_good double precision, p_objective double precision)
returns double precision
language sql immutable
set search_path = ''
as $$
  select case when p_total is null or p_total <= 0 then null
              else (1 - least(greatest(p_good / p_total, 0), 1)) / (1 - p_objective) end
$$;

-- Values of every enabled rule whose metric is built on window_stats, one row per series.
create function vigil._alert_builtin_values(p_now timestamptz)
returns table (rule_id uuid, series_labels jsonb, metric_value double precision, events bigint)
language sql stable
set search_path = ''
as $$
  with r as materialized (
    select r.* from vigil.alert_rules r
    where r.enabled and r.metric in ('error_rate', 'success_rate', 'error_count', 'count', 'latency_p50',
                                     'latency_p95', 'latency_p99', 'fallback_rate', 'slo_burn_rate')
  ),
  -- What each rule needs from window_stats: its window (and for SLOs the short window, 1/12 of it)
  -- and its kind (for fallback_rate, fallback events and the operations they stand in for). Names
  -- are filtered here rather than passed on: one call per (tenant, window, kind) serves every rule
  -- of the tenant, which costs less than a call per operation both on rollups and on the raw body
  -- (whose generic plan cannot use the name index and reads the tenant's whole window each call).
  parts as (
    select r.id, r.tenant_id, p.part, p.win, k.kind, coalesce(k.kind, '*') as kind_key, r.metric, r.event_name,
           r.event_name_like, r.group_by_name, r.slo_latency_ms
    from r
    cross join lateral (values ('main', r.time_window),
                               ('short', case when r.metric = 'slo_burn_rate' then r.time_window / 12 end)) p(part, win)
    cross join lateral (
      select r.event_kind where r.metric <> 'fallback_rate'
      union all select 'fallback' where r.metric = 'fallback_rate'
      union all select coalesce(r.event_kind, 'operation') where r.metric = 'fallback_rate'
    ) k(kind)
    where p.win is not null
  ),
  req as (select distinct p.tenant_id, p.win, p.kind, p.kind_key from parts p),
  st as materialized (
    select q.tenant_id, q.win, q.kind_key, s.kind, s.name, s.count, s.errors,
           s.p50_ms, s.p95_ms, s.p99_ms, s.min_ms, s.max_ms
    from req q cross join lateral vigil.window_stats(q.tenant_id, p_now - q.win, p_now, q.kind, null) s
  ),
  -- Plain equalities (kind_key stands for a null kind) so rules and stats meet in one hash join; the
  -- rule's columns ride along in parts, because CTE row estimates are poor and a second join back
  -- to the rules turned into a nested loop over every pair.
  matched as (
    select p.id, p.part, p.metric, p.group_by_name, p.slo_latency_ms, s.kind, s.name, s.count, s.errors,
           s.p50_ms, s.p95_ms, s.p99_ms, s.min_ms, s.max_ms
    from parts p
    join st s on s.tenant_id = p.tenant_id and s.win = p.win and s.kind_key = p.kind_key
    where (p.event_name is null or s.name = p.event_name)
      and (p.event_name_like is null or s.name like p.event_name_like)
  ),
  agg as (
    select m.id, m.part,
           case when m.group_by_name then pg_catalog.jsonb_build_object('name', m.name) else '{}'::jsonb end as labels,
           pg_catalog.sum(m.count) filter (where m.metric <> 'fallback_rate' or m.kind <> 'fallback') as n,
           pg_catalog.sum(m.errors) filter (where m.metric <> 'fallback_rate' or m.kind <> 'fallback') as errs,
           pg_catalog.sum(m.count) filter (where m.metric = 'fallback_rate' and m.kind = 'fallback') as fallbacks,
           pg_catalog.max(m.p50_ms) as p50, pg_catalog.max(m.p95_ms) as p95, pg_catalog.max(m.p99_ms) as p99,
           pg_catalog.sum(case when m.metric = 'slo_burn_rate' then (m.count - m.errors)
             * (1 - vigil._fraction_slower(m.slo_latency_ms, m.min_ms, m.p50_ms, m.p95_ms, m.p99_ms, m.max_ms)) end) as good
    from matched m
    group by m.id, m.part, 3
  ),
  series as (
    select a.id, a.labels from agg a where a.part = 'main'
    union
    select r.id, '{}'::jsonb from r where not r.group_by_name
    union
    -- A grouped series that went quiet is still judged (as nodata), so it can leave pending.
    select al.rule_id, al.labels from vigil.alerts al join r on r.id = al.rule_id
    where r.group_by_name and al.state in ('pending', 'firing', 'recovering')
  )
  select s.id, s.labels,
         case r.metric
           when 'error_rate' then m.errs::double precision / nullif(m.n, 0)
           when 'success_rate' then 1 - m.errs::double precision / nullif(m.n, 0)
           when 'error_count' then coalesce(m.errs, 0)
           when 'count' then coalesce(m.n, 0)
           when 'latency_p50' then m.p50
           when 'latency_p95' then m.p95
           when 'latency_p99' then m.p99
           when 'fallback_rate' then coalesce(m.fallbacks, 0)::double precision / nullif(m.n, 0)
           -- Both windows must burn: a spike that is over (short window calm) stops paging.
           when 'slo_burn_rate' then least(vigil._slo_burn(m.n, m.good, r.slo_objective),
                                           coalesce(vigil._slo_burn(sh.n, sh.good, r.slo_objective), 0))
         end,
         coalesce(m.n, 0)::bigint
  from series s
  join r on r.id = s.id
  left join agg m on m.id = s.id and m.labels = s.labels and m.part = 'main'
  left join agg sh on sh.id = s.id and sh.labels = s.labels and sh.part = 'short'
$$;
comment on function vigil._alert_builtin_values(timestamptz) is
  'Metric value and event count per series of every enabled built-in rule, from one window_stats call per (tenant, window, kind).';

-- Metrics computed rule by rule: cache_hit_rate (window_stats has no value sums) and custom metrics.
-- Raises whatever the metric raises; evaluate_alerts turns that into the rule's error state.
create function vigil._alert_rule_values(p_rule vigil.alert_rules, p_now timestamptz)
returns table (series_labels jsonb, metric_value double precision, events bigint)
language plpgsql stable
set search_path = ''
as $$
declare
  v_metric vigil.alert_metrics;
  v_value numeric;
begin
  select * into v_metric from vigil.alert_metrics m where m.name = p_rule.metric;
  if p_rule.metric = 'cache_hit_rate' then
    -- Cache events are few next to operations; the (tenant, kind, name, time) index finds them.
    return query
      with c as (
        select e.name, pg_catalog.count(*) as n, pg_catalog.sum(e.value) as hits
        from vigil.events e
        where e.tenant_id = p_rule.tenant_id and e.kind = 'cache'
          and e.occurred_at >= p_now - p_rule.time_window and e.occurred_at < p_now
          and (p_rule.event_name is null or e.name = p_rule.event_name)
          and (p_rule.event_name_like is null or e.name like p_rule.event_name_like)
        group by e.name
      )
      select case when p_rule.group_by_name then pg_catalog.jsonb_build_object('name', c.name) else '{}'::jsonb end,
             pg_catalog.sum(c.hits) / nullif(pg_catalog.sum(c.n), 0), pg_catalog.sum(c.n)::bigint
      from c group by 1
      union all
      select '{}'::jsonb, null, 0 where not p_rule.group_by_name and not exists (select 1 from c);
  elsif v_metric.fn is not null and v_metric.returns_series then
    return query execute pg_catalog.format('select labels, value::double precision, null::bigint from %s($1, $2)', v_metric.fn::oid::regproc)
      using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
  elsif v_metric.fn is not null then
    execute pg_catalog.format('select %s($1, $2)', v_metric.fn::oid::regproc)
      into v_value using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
    return query select '{}'::jsonb, v_value::double precision, null::bigint;
  else
    raise exception using errcode = '22023', message = pg_catalog.format('metric %L is not computed rule by rule.', p_rule.metric);
  end if;
end
$$;
comment on function vigil._alert_rule_values(vigil.alert_rules, timestamptz) is
  'Series values of one rule whose metric is cache_hit_rate or a registered custom metric. A custom function receives (tenant, [now - window, now)).';

grant execute on function vigil._compare(double precision, text, double precision) to service_role;
grant execute on function vigil._fraction_slower(double precision, double precision, double precision, double precision, double precision, double precision) to service_role;
grant execute on function vigil._slo_burn(double precision, double precision, double precision) to service_role;
grant execute on function vigil._alert_builtin_values(timestamptz) to service_role;
grant execute on function vigil._alert_rule_values(vigil.alert_rules, timestamptz) to service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
