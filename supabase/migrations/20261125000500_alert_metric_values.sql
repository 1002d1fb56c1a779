-- Computing alert metrics. Built-in metrics come from the stats functions (vigil._rollup_stats, as
-- vigil.window_stats), one call per tenant, window and kind however many rules share it, with the
-- rows not folded yet read once for all of them;
-- cache_hit_rate and custom metrics are computed rule by rule.

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

-- SLO burn rate of one window: how many times faster than allowed the error budget is spent, from
-- the window's events and good events (the objective is the rule's own or its SLO's).
create function vigil._slo_burn(p_total double precision, p_good double precision, p_objective double precision)
returns double precision
language sql immutable
set search_path = ''
as $$
  select case when p_total is null or p_total <= 0 then null
              else (1 - least(greatest(p_good / p_total, 0), 1)) / (1 - p_objective) end
$$;

-- Values of every enabled rule whose metric is built on window_stats, one row per series.
-- Slow successes of an SLO with a latency threshold are counted from the rollup histograms
-- (vigil._slo_counts, as slo_status does), not interpolated between window quantiles.
-- p_rules narrows it to some rules: how change_pct and anomaly compute their metric again at an
-- earlier clock (vigil._alert_builtin_judged), one call per clock for all the rules that need it.
create function vigil._alert_builtin_values(p_now timestamptz, p_tenant uuid default null, p_rules uuid[] default null)
returns table (rule_id uuid, series_labels jsonb, metric_value double precision, events bigint)
language sql stable
set search_path = ''
as $$
  with r as materialized (
    -- A rule that points at an SLO takes its operation, objective and latency threshold from it.
    select r.id, r.tenant_id, r.metric, r.time_window, r.group_by_name, r.event_name_like,
           case when r.slo_id is null then r.event_kind else s.kind end as event_kind,
           case when r.slo_id is null then r.event_name else s.name end as event_name,
           case when r.slo_id is null then r.slo_objective else s.objective end as slo_objective,
           case when r.slo_id is null then r.slo_latency_ms else s.threshold_ms end as slo_latency_ms
    from vigil.alert_rules r
    left join vigil.slos s on s.id = r.slo_id
    where r.enabled and r.metric in ('error_rate', 'success_rate', 'error_count', 'count', 'latency_p50',
                                     'latency_p95', 'latency_p99', 'fallback_rate', 'slo_burn_rate')
      and (p_tenant is null or r.tenant_id = p_tenant)
      and (p_rules is null or r.id = any (p_rules))
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
  -- Percentiles (merging histograms, most of the work) only for the operations latency rules watch,
  -- as LIKE patterns (a rule's name escaped, or its name_like); for every name when one watches all.
  -- A window of 5 minutes or more starts on the whole minute nearest to p_now - window, so its start
  -- is a minute rollup row, not up to a minute of the tenant's raw events (which grows with its
  -- event rate). Evaluation runs at the top of each minute, where that is the window itself to
  -- within the scheduler's jitter. A start older than the minute rows (before
  -- rollup_state.minute_from: a 6-hour SLO window, a daily count) is the whole 5 minutes nearest
  -- instead, a 5-minute row: off by at most 2.5 minutes, which is under 1.4% of any window reaching
  -- past the default 3-hour horizon; on a whole minute it would read up to 4 minutes of raw events.
  -- Shorter windows (an SLO's short window) stay exact.
  req as (
    select p.tenant_id, p.win, p.kind, p.kind_key,
           case when p.win < interval '5 minutes' then p_now - p.win
                when pg_catalog.date_bin(interval '1 minute', p_now - p.win + interval '30 seconds', timestamptz '2000-01-01 00:00:00+00')
                     >= (select st.minute_from from vigil.rollup_state st)
                then pg_catalog.date_bin(interval '1 minute', p_now - p.win + interval '30 seconds', timestamptz '2000-01-01 00:00:00+00')
                else pg_catalog.date_bin(interval '5 minutes', p_now - p.win + interval '150 seconds', timestamptz '2000-01-01 00:00:00+00')
           end as since,
           case when pg_catalog.bool_or(p.metric in ('latency_p50', 'latency_p95', 'latency_p99')
                                        and p.event_name is null and p.event_name_like is null) then null
                else coalesce(pg_catalog.array_agg(distinct coalesce(
                                pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(p.event_name, '\', '\\'), '%', '\%'), '_', '\_'),
                                p.event_name_like))
                                filter (where p.metric in ('latency_p50', 'latency_p95', 'latency_p99')), '{}') end as pnames
    from parts p group by 1, 2, 3, 4
  ),
  -- The rows not folded yet, read once and handed to every call as its tenant's share ('{}': none):
  -- each call would otherwise scan every tenant's rows above the id floor, a minute or two of all
  -- traffic. After a backlog (a null tenant: too many to hold) each call reads its own (null).
  tail as materialized (
    select u.tenant_id, u.events from vigil._unfolded_events() u
  ),
  st as materialized (
    select q.tenant_id, q.win, q.since, q.kind_key, s.kind, s.name, s.count, s.errors,
           s.p50_ms, s.p95_ms, s.p99_ms, s.min_ms, s.max_ms
    from req q
    left join tail t on t.tenant_id = q.tenant_id
    cross join lateral vigil._rollup_stats(q.tenant_id, q.since, p_now, q.kind, null, null, true, q.pnames,
                                           case when not exists (select 1 from tail b where b.tenant_id is null)
                                                then coalesce(t.events, '{}') end) s
  ),
  -- Plain equalities (kind_key stands for a null kind) so rules and stats meet in one hash join; the
  -- rule's columns ride along in parts, because CTE row estimates are poor and a second join back
  -- to the rules turned into a nested loop over every pair.
  matched0 as materialized (
    select p.id, p.tenant_id, p.win, s.since, p.part, p.metric, p.group_by_name, p.slo_latency_ms, s.kind, s.name, s.count,
           s.errors, s.p50_ms, s.p95_ms, s.p99_ms
    from parts p
    join st s on s.tenant_id = p.tenant_id and s.win = p.win and s.kind_key = p.kind_key
    where (p.event_name is null or s.name = p.event_name)
      and (p.event_name_like is null or s.name like p.event_name_like)
  ),
  -- An SLO with a latency threshold counts slow successes as bad from the rollup histograms
  -- (vigil._slo_counts, as slo_status does), once per operation that had events; without one, bad
  -- is simply the failures window_stats counted. Its own CTE, filtered first: as a lateral join
  -- with the condition inside, the planner called the function for every row and filtered after.
  slow as materialized (
    select m.id, m.part, m.kind, m.name, x.total, x.bad
    from (select * from matched0 where metric = 'slo_burn_rate' and slo_latency_ms is not null offset 0) m
    left join tail t on t.tenant_id = m.tenant_id
    cross join lateral vigil._slo_counts(m.tenant_id, m.kind, m.name, m.slo_latency_ms, m.since, p_now,
                                          case when not exists (select 1 from tail b where b.tenant_id is null)
                                               then coalesce(t.events, '{}') end) x
  ),
  matched as (
    select m.*, sl.total as slo_total, sl.bad as slo_bad
    from matched0 m
    left join slow sl on sl.id = m.id and sl.part = m.part and sl.kind = m.kind and sl.name = m.name
  ),
  agg as (
    select m.id, m.part,
           case when m.group_by_name then pg_catalog.jsonb_build_object('name', m.name) else '{}'::jsonb end as labels,
           pg_catalog.sum(m.count) filter (where m.metric <> 'fallback_rate' or m.kind <> 'fallback') as n,
           pg_catalog.sum(m.errors) filter (where m.metric <> 'fallback_rate' or m.kind <> 'fallback') as errs,
           pg_catalog.sum(m.count) filter (where m.metric = 'fallback_rate' and m.kind = 'fallback') as fallbacks,
           pg_catalog.max(m.p50_ms) as p50, pg_catalog.max(m.p95_ms) as p95, pg_catalog.max(m.p99_ms) as p99,
           pg_catalog.sum(case when m.slo_latency_ms is null then m.count else m.slo_total end)
             filter (where m.metric = 'slo_burn_rate') as slo_n,
           pg_catalog.sum(case when m.slo_latency_ms is null then m.errors else m.slo_bad end)
             filter (where m.metric = 'slo_burn_rate') as slo_bad
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
           when 'slo_burn_rate' then least(vigil._slo_burn(m.slo_n, m.slo_n - m.slo_bad, r.slo_objective),
                                           coalesce(vigil._slo_burn(sh.slo_n, sh.slo_n - sh.slo_bad, r.slo_objective), 0))
         end,
         coalesce(m.n, 0)::bigint
  from series s
  join r on r.id = s.id
  left join agg m on m.id = s.id and m.labels = s.labels and m.part = 'main'
  left join agg sh on sh.id = s.id and sh.labels = s.labels and sh.part = 'short'
$$;
comment on function vigil._alert_builtin_values(timestamptz, uuid, uuid[]) is
  'Metric value and event count per series of every enabled built-in rule (or of the rules p_rules), from one vigil._rollup_stats call per (tenant, window, kind), percentiles only for the names latency rules watch.';

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
  elsif p_rule.metric in ('value_sum', 'value_avg', 'value_p95') then
    return query select * from vigil._value_alert_values(p_rule, p_now);
  elsif v_metric.fn is not null and v_metric.returns_series then
    return query execute pg_catalog.format('select labels, value::double precision, null::bigint from %s($1, $2)', pg_catalog.to_regprocedure(v_metric.fn)::pg_catalog.regproc)
      using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
  elsif v_metric.fn is not null then
    execute pg_catalog.format('select %s($1, $2)', pg_catalog.to_regprocedure(v_metric.fn)::pg_catalog.regproc)
      into v_value using p_rule.tenant_id, pg_catalog.tstzrange(p_now - p_rule.time_window, p_now);
    return query select '{}'::jsonb, v_value::double precision, null::bigint;
  else
    raise exception using errcode = '22023', message = pg_catalog.format('metric %L is not computed rule by rule.', p_rule.metric);
  end if;
end
$$;
comment on function vigil._alert_rule_values(vigil.alert_rules, timestamptz) is
  'Series values of one rule whose metric is cache_hit_rate or a registered custom metric. A custom function receives (tenant, [now - window, now)).';

-- The earlier clocks a rule's baseline is measured at: for change_pct a week (or its window)
-- before p_now; for anomaly the same hour of each of the last anomaly_weeks weeks, on the whole hour
-- nearest p_now - k weeks, so the windows (whole hours) are read from hourly and 6-hour rollups.
-- Whatever the rule, the clock is the same for every rule with the same offset: evaluation computes
-- each clock once for all of them.
create function vigil._alert_baseline_clocks(p_rule vigil.alert_rules, p_now timestamptz)
returns table (at timestamptz)
language sql immutable
set search_path = ''
as $$
  select p_now - case p_rule.compare_to when 'previous' then p_rule.time_window else interval '7 days' end
  where p_rule.condition = 'change_pct'
  union all
  select pg_catalog.date_bin(interval '1 hour', p_now - k * interval '7 days' + interval '30 minutes', timestamptz '2000-01-01 00:00:00+00')
  from pg_catalog.generate_series(1, p_rule.anomaly_weeks) k
  where p_rule.condition = 'anomaly'
$$;
comment on function vigil._alert_baseline_clocks(vigil.alert_rules, timestamptz) is
  'The clocks at which a change_pct or anomaly rule''s metric is measured again for its baseline (none for a threshold rule).';

-- What a rule compares with its thresholds, from its metric's value now and at its baseline clocks.
-- threshold: the value. change_pct: the change in percent; the volume guard counts the busier of the
-- two windows, so "3 against 1" is too few to judge while a drop from 100 to 0 is judged; no value
-- on either side, or 0 before, is no data. anomaly: the robust z-score (value - median) / (1.4826
-- MAD), the spread floored at 5% of the median so that a season repeating almost exactly does not
-- turn noise into an anomaly; fewer than 3 weeks with a value, or no spread at all, is no data.
create function vigil._alert_deviation(p_rule vigil.alert_rules, p_value double precision, p_events bigint,
                                       p_past double precision[], p_past_events bigint[],
                                       out value double precision, out events bigint,
                                       out observed double precision, out baseline double precision)
language plpgsql immutable
set search_path = ''
as $$
declare
  v_spread double precision;
  v_weeks bigint;
begin
  value := p_value;
  events := p_events;
  if p_rule.condition = 'threshold' then
    return;
  end if;
  observed := p_value;
  value := null;
  if p_rule.condition = 'change_pct' then
    baseline := p_past[1];
    events := greatest(p_events, p_past_events[1]);
    if p_value is not null and baseline <> 0 then
      value := (p_value - baseline) / pg_catalog.abs(baseline) * 100;
    end if;
    return;
  end if;
  select pg_catalog.percentile_cont(0.5) within group (order by x.v), pg_catalog.percentile_disc(0.5) within group (order by x.n),
         pg_catalog.count(*)
  into baseline, events, v_weeks
  from rows from (pg_catalog.unnest(p_past), pg_catalog.unnest(p_past_events)) x(v, n) where x.v is not null;
  if v_weeks < 3 then
    baseline := null;
    events := p_events;
    return;
  end if;
  events := greatest(p_events, events);
  select greatest(1.4826 * pg_catalog.percentile_cont(0.5) within group (order by pg_catalog.abs(x.v - baseline)),
                  0.05 * pg_catalog.abs(baseline))
  into v_spread from pg_catalog.unnest(p_past) x(v) where x.v is not null;
  if p_value is not null and v_spread > 0 then
    value := (p_value - baseline) / v_spread;
  end if;
end
$$;
comment on function vigil._alert_deviation(vigil.alert_rules, double precision, bigint, double precision[], bigint[]) is
  'What a rule''s thresholds are compared with: the value (threshold), its change in percent against p_past[1] (change_pct) or its robust z-score against the median and MAD of p_past (anomaly), with the event count of the volume guard, the value itself and its baseline.';

-- A rule-by-rule metric (cache_hit_rate, a registered function) judged: its series now, each with
-- the same series at the rule's baseline clocks.
create function vigil._alert_rule_judged(p_rule vigil.alert_rules, p_now timestamptz)
returns table (series_labels jsonb, value double precision, events bigint, observed double precision, baseline double precision)
language sql stable
set search_path = ''
as $$
  with now_values as materialized (
    select coalesce(v.series_labels, '{}'::jsonb) as labels, v.metric_value, v.events from vigil._alert_rule_values(p_rule, p_now) v
  ),
  past as materialized (
    select c.at, coalesce(v.series_labels, '{}'::jsonb) as labels, v.metric_value, v.events
    from vigil._alert_baseline_clocks(p_rule, p_now) c
    cross join lateral vigil._alert_rule_values(p_rule, c.at) v
  )
  select n.labels, d.value, d.events, d.observed, d.baseline
  from now_values n
  cross join lateral vigil._alert_deviation(p_rule, n.metric_value, n.events,
    array(select p.metric_value from past p where p.labels = n.labels order by p.at desc),
    array(select p.events from past p where p.labels = n.labels order by p.at desc)) d
$$;
comment on function vigil._alert_rule_judged(vigil.alert_rules, timestamptz) is
  'The series of a rule-by-rule metric (cache_hit_rate, custom) with what its thresholds are compared with (vigil._alert_deviation).';

-- Every enabled built-in rule's series as evaluation judges them. The baselines of all change_pct
-- and anomaly rules take one vigil._alert_builtin_values call per distinct clock (a week ago, each
-- earlier week's hour, each window of "previous"), not one per rule.
create function vigil._alert_builtin_judged(p_now timestamptz, p_tenant uuid default null)
returns table (rule vigil.alert_rules, series_labels jsonb, value double precision, events bigint,
               observed double precision, baseline double precision)
language sql stable
set search_path = ''
as $$
  with b as materialized (
    select * from vigil._alert_builtin_values(p_now, p_tenant)
  ),
  clocks as materialized (
    select r.id, c.at
    from vigil.alert_rules r
    cross join lateral vigil._alert_baseline_clocks(r, p_now) c
    where r.condition <> 'threshold' and r.id in (select b.rule_id from b)
  ),
  past as materialized (
    select v.rule_id, c.at, v.series_labels, v.metric_value, v.events
    from (select k.at, pg_catalog.array_agg(k.id) as ids from clocks k group by k.at) c
    cross join lateral vigil._alert_builtin_values(c.at, p_tenant, c.ids) v
    join clocks k on k.id = v.rule_id and k.at = c.at
  )
  select r, b.series_labels, d.value, d.events, d.observed, d.baseline
  from b
  join vigil.alert_rules r on r.id = b.rule_id
  cross join lateral vigil._alert_deviation(r, b.metric_value, b.events,
    array(select p.metric_value from past p where p.rule_id = b.rule_id and p.series_labels = b.series_labels order by p.at desc),
    array(select p.events from past p where p.rule_id = b.rule_id and p.series_labels = b.series_labels order by p.at desc)) d
  order by b.rule_id
$$;
comment on function vigil._alert_builtin_judged(timestamptz, uuid) is
  'The series of every enabled built-in rule (of p_tenant, or all) with what its thresholds are compared with (vigil._alert_deviation), baselines measured once per distinct clock.';

grant execute on function vigil._compare(double precision, text, double precision) to service_role;
grant execute on function vigil._slo_burn(double precision, double precision, double precision) to service_role;
grant execute on function vigil._alert_builtin_values(timestamptz, uuid, uuid[]) to service_role;
grant execute on function vigil._alert_rule_values(vigil.alert_rules, timestamptz) to service_role;
grant execute on function vigil._alert_baseline_clocks(vigil.alert_rules, timestamptz) to service_role;
grant execute on function vigil._alert_deviation(vigil.alert_rules, double precision, bigint, double precision[], bigint[]) to service_role;
grant execute on function vigil._alert_rule_judged(vigil.alert_rules, timestamptz) to service_role;
grant execute on function vigil._alert_builtin_judged(timestamptz, uuid) to service_role;
