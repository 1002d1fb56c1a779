-- Business metrics: the value of events (an order total, a score) summed, averaged and broken down by
-- registered dimensions, read from rollups plus the raw edges like operation_stats; targets per
-- metric and period with progress; alert metrics on values; and business_summary, the numbers an
-- executive dashboard shows, with its console card. The fold keeps the values and the dimension rows
-- (20261124000100_rollups.sql); this file is the API over them.

-- Dimensions ----------------------------------------------------------------------------------------

create function vigil_api.register_dimension(p_tenant uuid, p_kind text, p_name text, p_attribute text,
                                             p_cap integer default 20) returns jsonb
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_row vigil.metric_dimensions;
begin
  perform vigil.require_role(p_tenant, 'admin');
  perform vigil._check_name(p_name, 200);
  if p_attribute is null or p_attribute !~ '^[A-Za-z0-9_.:-]{1,64}$' then
    raise exception using errcode = '22023', message = 'attribute must be 1 to 64 letters, digits, or _ . : -';
  end if;
  if p_cap is null or p_cap not between 1 and 200 then
    raise exception using errcode = '22023', message = 'cap must be between 1 and 200 values.',
      hint = 'Values past the cap are counted as ''other''; a dimension is for a few values (payment methods, plans, countries).';
  end if;
  insert into vigil.metric_dimensions (tenant_id, kind, name, attribute, cap)
  values (p_tenant, p_kind, p_name, p_attribute, p_cap)
  on conflict (tenant_id, kind, name, attribute) do update set cap = excluded.cap
  returning * into v_row;
  return pg_catalog.to_jsonb(v_row);
end
$$;
comment on function vigil_api.register_dimension(uuid, text, text, text, integer) is
$$Registers attribute p_attribute of events of p_kind named p_name as a dimension: from now on the fold keeps rollups per
value of it (the first p_cap values seen, 1..200, default 20; later values count as 'other'; events without it as '').
Registering again changes the cap (values already kept stay). Admins, or the service role.
Example: select vigil_api.register_dimension('<tenant>', 'milestone', 'order_paid', 'payment_method', 10);$$;

create function vigil_api.remove_dimension(p_tenant uuid, p_kind text, p_name text, p_attribute text) returns void
language plpgsql volatile security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'admin');
  delete from vigil.metric_dimensions d
  where d.tenant_id = p_tenant and d.kind = p_kind and d.name = p_name and d.attribute = p_attribute;
  if not found then
    raise exception using errcode = 'P0002', message = 'No dimension of this tenant has that kind, name and attribute.';
  end if;
end
$$;
comment on function vigil_api.remove_dimension(uuid, text, text, text) is
  'Removes a dimension with its kept values and its rollup rows. Admins, or the service role.';

create function vigil_api.list_dimensions(p_tenant uuid)
returns table (kind text, name text, attribute text, cap integer, values_kept bigint, created_at timestamptz)
language plpgsql stable security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
  select d.kind::text, d.name::text, d.attribute::text, d.cap,
         (select pg_catalog.count(*) from vigil.dimension_values v
          where v.tenant_id = d.tenant_id and v.kind = d.kind and v.name = d.name and v.attribute = d.attribute),
         d.created_at
  from vigil.metric_dimensions d where d.tenant_id = p_tenant
  order by 1, 2, 3;
end
$$;
comment on function vigil_api.list_dimensions(uuid) is
  'The tenant''s dimensions with their cap and how many values have rows of their own. Viewers and up, or the service role.';

-- Value statistics ----------------------------------------------------------------------------------

-- Per slot, name (and dimension value): counts and value statistics from vigil._stats_parts (rollup
-- buckets and raw edges, the same tiling as operation_stats), the quantiles walked over the merged
-- signed value histogram. One _stats_parts call per name asked for (all names of the kind: one call).
-- Internal: callers check access first (and _stats_parts checks it again).
create function vigil._value_stats(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz,
  p_kind text,
  p_names text[] default null,
  p_dimension text default null,
  p_slot interval default null,
  p_unfolded vigil.unfolded_event[] default null
) returns table (
  slot_start timestamptz, kind text, name text, dimension_value text, count bigint, errors bigint, valued bigint,
  sum_value double precision, avg_value double precision, min_value double precision, max_value double precision,
  p50_value double precision, p95_value double precision, p99_value double precision
)
language plpgsql stable
set search_path = ''
set jit = off
as $$
begin
  return query
  with parts as materialized (
    select nm.nm, x.*, (pg_catalog.dense_rank() over (order by x.s, x.k, nm.nm, x.n))::integer gid
    from (select pg_catalog.unnest(p_names) nm union all select null where p_names is null) nm
    cross join lateral vigil._stats_parts(p_tenant, p_since, p_until, p_kind, nm.nm, p_slot, true, p_unfolded, p_dimension) x
  ), tot as materialized (
    select p.gid, pg_catalog.min(p.s) s, pg_catalog.min(p.k) k, pg_catalog.min(p.nm) nm, pg_catalog.min(p.n) n,
           pg_catalog.sum(p.c)::bigint c, pg_catalog.sum(p.er)::bigint er, pg_catalog.sum(p.vn)::bigint vn,
           pg_catalog.sum(p.vs) vs, pg_catalog.min(p.vmn) vmn, pg_catalog.max(p.vmx) vmx
    from parts p group by p.gid
  ), hist as (
    select h.gid, h.key, pg_catalog.sum(h.cnt) over (partition by h.gid order by h.key) running
    from (select p.gid, u.key, pg_catalog.sum(u.cnt) cnt
          from parts p cross join lateral unnest(p.vk, p.vc) u(key, cnt)
          where p.vn > 0 group by 1, 2) h
  ), q as (
    -- The first key whose running count reaches the rank percentile_disc uses (ceil(p * n)).
    select t.gid,
           pg_catalog.min(h.key) filter (where h.running >= pg_catalog.ceil(0.50 * t.vn)) k50,
           pg_catalog.min(h.key) filter (where h.running >= pg_catalog.ceil(0.95 * t.vn)) k95,
           pg_catalog.min(h.key) filter (where h.running >= pg_catalog.ceil(0.99 * t.vn)) k99
    from tot t join hist h on h.gid = t.gid
    group by t.gid
  )
  select t.s, t.k, case when p_dimension is null then t.n else t.nm end,
         case when p_dimension is not null then t.n end,
         t.c, t.er, t.vn, case when t.vn > 0 then t.vs end, t.vs / nullif(t.vn, 0), t.vmn, t.vmx,
         -- Clamped to the observed min and max, as latencies are.
         greatest(least(vigil._value_of_key(q.k50), t.vmx), t.vmn),
         greatest(least(vigil._value_of_key(q.k95), t.vmx), t.vmn),
         greatest(least(vigil._value_of_key(q.k99), t.vmx), t.vmn)
  from tot t left join q on q.gid = t.gid;
end
$$;
comment on function vigil._value_stats(uuid, timestamptz, timestamptz, text, text[], text, interval, vigil.unfolded_event[]) is
  'Per slot and name (or dimension value): count, errors and the value''s count, sum, avg, min, max, p50, p95, p99 (within 1% of percentile_disc) in [p_since, p_until), from vigil._stats_parts. Internal: callers check access first.';

-- The checks metric_stats and metric_timeseries share: the window, a kind, and a dimension only on one
-- name it is registered for.
create function vigil._check_metric_call(p_tenant uuid, p_since timestamptz, p_until timestamptz, p_kind text,
                                         p_names text[], p_dimension text) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_kind is null then
    raise exception using errcode = '22023', message = 'kind is required (milestone, operation, custom, ...).';
  end if;
  if p_dimension is not null then
    if p_names is null or pg_catalog.cardinality(p_names) <> 1 then
      raise exception using errcode = '22023', message = 'A breakdown by dimension takes exactly one name.';
    end if;
    if not exists (select 1 from vigil.metric_dimensions d
                   where d.tenant_id = p_tenant and d.kind = p_kind and d.name = p_names[1] and d.attribute = p_dimension) then
      raise exception using errcode = '22023',
        message = pg_catalog.format('%s is not a dimension of %s/%s.', p_dimension, p_kind, p_names[1]),
        hint = 'Register it with vigil_api.register_dimension; unregistered attributes stay in raw events only.';
    end if;
  end if;
end
$$;
comment on function vigil._check_metric_call(uuid, timestamptz, timestamptz, text, text[], text) is
  'Raises 42501 unless a viewer, 22023 for a bad window, a missing kind, or a dimension not registered on the one name given.';

create function vigil_api.metric_stats(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_kind text default 'milestone',
  p_names text[] default null,
  p_dimension text default null
) returns table (
  name text,
  dimension_value text,
  count bigint,
  errors bigint,
  valued bigint,
  sum double precision,
  avg double precision,
  min double precision,
  max double precision,
  p50 double precision,
  p95 double precision,
  p99 double precision,
  count_share double precision,
  sum_share double precision
)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
begin
  perform vigil._check_metric_call(p_tenant, p_since, p_until, p_kind, p_names, p_dimension);
  return query
  select v.name, v.dimension_value, v.count, v.errors, v.valued, v.sum_value, v.avg_value, v.min_value, v.max_value,
         v.p50_value, v.p95_value, v.p99_value,
         v.count::double precision / nullif(pg_catalog.sum(v.count) over (partition by v.name), 0),
         v.sum_value / nullif(pg_catalog.sum(v.sum_value) over (partition by v.name), 0)
  from vigil._value_stats(p_tenant, p_since, p_until, p_kind, p_names, p_dimension) v
  order by v.name, v.count desc, v.dimension_value;
end
$$;
comment on function vigil_api.metric_stats(uuid, timestamptz, timestamptz, text, text[], text) is
$$Value statistics of events of p_kind (default milestone) in [p_since, p_until), per name (p_names: those only): events,
failed events, events with a value, and the value's sum, avg, min, max, p50, p95, p99 (percentiles within 1% of the exact
ones). With p_dimension (registered on the one name given), a row per value of it, with its share of the events and of
the sum: the payment mix. Read from rollups plus the raw edges, like operation_stats. Viewers and up, or the service role.
Example: select * from vigil_api.metric_stats('<tenant>', now() - interval '7 days', now(), 'milestone', '{order_paid}', 'payment_method');$$;

create function vigil_api.metric_timeseries(
  p_tenant uuid,
  p_kind text,
  p_name text,
  p_since timestamptz,
  p_until timestamptz default pg_catalog.now(),
  p_bucket interval default interval '1 hour',
  p_dimension text default null
) returns table (
  bucket_start timestamptz,
  dimension_value text,
  count bigint,
  valued bigint,
  sum double precision,
  avg double precision,
  p50 double precision,
  p95 double precision
)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
begin
  perform vigil._check_metric_call(p_tenant, p_since, p_until, p_kind, array[p_name], p_dimension);
  if p_name is null then
    raise exception using errcode = '22023', message = 'name is required.';
  end if;
  perform vigil._check_buckets(p_since, p_until, p_bucket);
  return query
  with v as (
    select * from vigil._value_stats(p_tenant, p_since, p_until, p_kind, array[p_name], p_dimension, p_bucket)
  )
  -- Without a dimension every bucket is present (0 events, null values); with one, the values seen.
  select g, null::text, 0::bigint, 0::bigint, null::double precision, null::double precision, null::double precision,
         null::double precision
  from pg_catalog.generate_series(p_since, p_until - interval '1 microsecond', p_bucket) g
  where p_dimension is null and not exists (select 1 from v where v.slot_start = g)
  union all
  select v.slot_start, v.dimension_value, v.count, v.valued, v.sum_value, v.avg_value, v.p50_value, v.p95_value from v
  order by 1, 2;
end
$$;
comment on function vigil_api.metric_timeseries(uuid, text, text, timestamptz, timestamptz, interval, text) is
$$The values of events p_kind/p_name over [p_since, p_until) in buckets of p_bucket (default 1 hour, at most 5000
buckets): events, events with a value, sum, avg, p50, p95 of the value. With p_dimension, a row per bucket and value of
it. Empty buckets are present with count 0 when there is no dimension. Viewers and up, or the service role.$$;

-- Targets ---------------------------------------------------------------------------------------------

create table vigil.metric_targets (
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  kind text collate "C" not null,
  name text collate "C" not null,
  statistic text not null check (statistic in ('sum', 'count', 'avg')),
  period text not null check (period in ('day', 'week', 'month')),
  target double precision not null,
  updated_at timestamptz not null default pg_catalog.now(),
  primary key (tenant_id, kind, name, statistic, period)
);
comment on table vigil.metric_targets is
  'A target per metric and calendar period (UTC): revenue per day (sum of order_paid values), orders per week (count), average order value per month (avg). vigil_api.metric_progress reports progress.';
alter table vigil.metric_targets enable row level security;
grant select, insert, update, delete on vigil.metric_targets to authenticated;
grant all on vigil.metric_targets to service_role;
select vigil._create_policies('vigil.metric_targets', 'tenant_id', 'viewer', 'admin');

create function vigil_api.set_metric_target(p_tenant uuid, p_kind text, p_name text, p_period text, p_target double precision,
                                            p_statistic text default 'sum') returns jsonb
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_row vigil.metric_targets;
begin
  perform vigil.require_role(p_tenant, 'admin');
  perform vigil._check_name(p_name, 200);
  if p_period is null or p_period not in ('day', 'week', 'month') then
    raise exception using errcode = '22023', message = 'period must be day, week or month.';
  end if;
  if p_statistic is null or p_statistic not in ('sum', 'count', 'avg') then
    raise exception using errcode = '22023', message = 'statistic must be sum, count or avg.';
  end if;
  if p_target is null or p_target = 'NaN'::double precision or p_target in ('Infinity', '-Infinity') then
    raise exception using errcode = '22023', message = 'target must be a finite number.';
  end if;
  insert into vigil.metric_targets (tenant_id, kind, name, statistic, period, target)
  values (p_tenant, p_kind, p_name, p_statistic, p_period, p_target)
  on conflict (tenant_id, kind, name, statistic, period) do update set target = excluded.target, updated_at = pg_catalog.now()
  returning * into v_row;
  return pg_catalog.to_jsonb(v_row);
end
$$;
comment on function vigil_api.set_metric_target(uuid, text, text, text, double precision, text) is
$$Sets the target of a metric for a calendar period (UTC day, ISO week, month): p_statistic sum (default) of the value,
count of events, or avg of the value. Admins, or the service role.
Example: select vigil_api.set_metric_target('<tenant>', 'milestone', 'order_paid', 'day', 5000);$$;

create function vigil_api.delete_metric_target(p_tenant uuid, p_kind text, p_name text, p_period text,
                                               p_statistic text default 'sum') returns void
language plpgsql volatile security invoker
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'admin');
  delete from vigil.metric_targets t
  where t.tenant_id = p_tenant and t.kind = p_kind and t.name = p_name and t.period = p_period and t.statistic = p_statistic;
  if not found then
    raise exception using errcode = 'P0002', message = 'No target of this tenant matches.';
  end if;
end
$$;
comment on function vigil_api.delete_metric_target(uuid, text, text, text, text) is 'Deletes a target. Admins, or the service role.';

create function vigil_api.metric_progress(p_tenant uuid, p_now timestamptz default pg_catalog.now())
returns table (kind text, name text, statistic text, period text, period_start timestamptz, period_end timestamptz,
               actual double precision, target double precision, progress double precision, elapsed double precision)
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
  with t as (
    select x.*, pg_catalog.date_trunc(x.period, p_now, 'UTC') ps,
           pg_catalog.date_trunc(x.period, p_now, 'UTC') + ('1 ' || x.period)::interval pe
    from vigil.metric_targets x where x.tenant_id = p_tenant
  )
  select t.kind::text, t.name::text, t.statistic, t.period, t.ps, t.pe, a.v, t.target, a.v / nullif(t.target, 0),
         extract(epoch from p_now - t.ps)::double precision / extract(epoch from t.pe - t.ps)::double precision
  from t
  cross join lateral (
    select case t.statistic when 'sum' then coalesce(pg_catalog.sum(s.sum_value), 0)
                            when 'count' then coalesce(pg_catalog.sum(s.count), 0)::double precision
                            else pg_catalog.sum(s.sum_value) / nullif(pg_catalog.sum(s.valued), 0) end v
    from vigil._value_stats(p_tenant, t.ps, p_now, t.kind, array[t.name::text]) s
  ) a
  where p_now > t.ps
  order by 1, 2, 3, t.period = 'month', t.period = 'week';
end
$$;
comment on function vigil_api.metric_progress(uuid, timestamptz) is
$$Each target of the tenant for the period that contains p_now (UTC day, ISO week, month): the actual value so far, the
target, progress (actual / target) and elapsed (the share of the period gone), so "0.6 of the target at 0.5 of the day"
reads as ahead. Viewers and up, or the service role.$$;

-- Alert metrics on values ---------------------------------------------------------------------------

-- Built in: evaluated rule by rule (vigil._alert_rule_values calls vigil._value_alert_values), a
-- rule's kind and name as the filter (group_by_name: a series per name) and, with the rule's
-- dimension and dimension_value, one value of a registered dimension ('other' included).
insert into vigil.alert_metrics (name, unit, description) values
  ('value_sum', 'number', 'Sum of the events'' value (an order total) of the filtered kind and name in the window; with a dimension filter, of one dimension value.'),
  ('value_avg', 'number', 'Average value of the filtered events in the window (average order value).'),
  ('value_p95', 'number', '95th percentile of the filtered events'' value in the window (within 1%).');

create function vigil._value_alert_values(p_rule vigil.alert_rules, p_now timestamptz)
returns table (series_labels jsonb, metric_value double precision, events bigint)
language plpgsql stable
set search_path = ''
as $$
begin
  if p_rule.event_kind is null then
    raise exception using errcode = '22023', message = pg_catalog.format('metric %s needs a kind.', p_rule.metric);
  end if;
  return query
  with s as (
    select v.name, v.valued, v.sum_value, v.p95_value
    from vigil._value_stats(p_rule.tenant_id, p_now - p_rule.time_window, p_now, p_rule.event_kind,
                            case when p_rule.event_name is not null then array[p_rule.event_name] end,
                            p_rule.dimension) v
    where (p_rule.event_name_like is null or v.name like p_rule.event_name_like)
      and (p_rule.dimension is null or v.dimension_value = p_rule.dimension_value)
  ), g as (
    select case when p_rule.group_by_name then pg_catalog.jsonb_build_object('name', s.name) else '{}'::jsonb end labels,
           pg_catalog.sum(s.valued)::bigint n, pg_catalog.sum(s.sum_value) total, pg_catalog.max(s.p95_value) p95
    from s group by 1
  )
  select g.labels,
         case p_rule.metric when 'value_sum' then coalesce(g.total, 0)
                            when 'value_avg' then g.total / nullif(g.n, 0)
                            else g.p95 end,
         g.n
  from g
  union all
  select '{}'::jsonb, case when p_rule.metric = 'value_sum' then 0::double precision end, 0::bigint
  where not p_rule.group_by_name and not exists (select 1 from g);
end
$$;
comment on function vigil._value_alert_values(vigil.alert_rules, timestamptz) is
  'Series values of a rule on value_sum, value_avg or value_p95 (over several names: the sum, the average, the worst p95), filtered to one dimension value when the rule names one.';

-- Business summary ----------------------------------------------------------------------------------

-- Which events are the shop's revenue and its transactions: a row per tenant, set by admins.
create table vigil.business_settings (
  tenant_id uuid primary key references vigil.tenants (id) on delete cascade,
  revenue_kind text collate "C" not null default 'milestone',
  revenue_name text collate "C" not null,
  transactions_kind text collate "C" not null default 'operation',
  transactions_name text collate "C" not null,
  currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
  updated_at timestamptz not null default pg_catalog.now()
);
comment on table vigil.business_settings is
  'Per tenant: the events whose value is revenue (revenue_kind/revenue_name, e.g. milestone/order_paid) and the operation whose events are transactions (success rate), for vigil_api.business_summary.';
alter table vigil.business_settings enable row level security;
grant select, insert, update, delete on vigil.business_settings to authenticated;
grant all on vigil.business_settings to service_role;
select vigil._create_policies('vigil.business_settings', 'tenant_id', 'viewer', 'admin');

create function vigil_api.set_business_metrics(p_tenant uuid, p_revenue_name text, p_transactions_name text,
                                               p_revenue_kind text default 'milestone',
                                               p_transactions_kind text default 'operation',
                                               p_currency text default 'EUR') returns jsonb
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_row vigil.business_settings;
begin
  perform vigil.require_role(p_tenant, 'admin');
  perform vigil._check_name(p_revenue_name, 200);
  perform vigil._check_name(p_transactions_name, 200);
  if p_currency is null or p_currency !~ '^[A-Z]{3}$' then
    raise exception using errcode = '22023', message = 'currency must be a three-letter ISO code (EUR, USD).';
  end if;
  insert into vigil.business_settings (tenant_id, revenue_kind, revenue_name, transactions_kind, transactions_name, currency)
  values (p_tenant, coalesce(p_revenue_kind, 'milestone'), p_revenue_name, coalesce(p_transactions_kind, 'operation'),
          p_transactions_name, p_currency)
  on conflict (tenant_id) do update set revenue_kind = excluded.revenue_kind, revenue_name = excluded.revenue_name,
    transactions_kind = excluded.transactions_kind, transactions_name = excluded.transactions_name,
    currency = excluded.currency, updated_at = pg_catalog.now()
  returning * into v_row;
  return pg_catalog.to_jsonb(v_row);
end
$$;
comment on function vigil_api.set_business_metrics(uuid, text, text, text, text, text) is
$$Names the events business_summary reads: p_revenue_name (of p_revenue_kind, default milestone) whose value is revenue,
and p_transactions_name (of p_transactions_kind, default operation) whose success rate is the transactions'. Admins,
or the service role. Example: select vigil_api.set_business_metrics('<tenant>', 'order_paid', 'checkout');$$;

-- Active users come from the active-users sketches (vigil._business_active_users, …655_active_users).
create function vigil_api.business_summary(p_tenant uuid, p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
declare
  v_set vigil.business_settings;
  v_day timestamptz := pg_catalog.date_trunc('day', p_now, 'UTC');
  v_revenue jsonb := '{}'::jsonb;
  v_period text;
  v_start timestamptz;
  v_sum double precision;
  v_orders bigint;
  v_target double precision;
  v_tx record;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_now is null then
    raise exception using errcode = '22023', message = 'now is required.';
  end if;
  select * into v_set from vigil.business_settings s where s.tenant_id = p_tenant;
  if v_set.tenant_id is null then
    return pg_catalog.jsonb_build_object('configured', false,
      'hint', 'Name the revenue and transaction events with vigil_api.set_business_metrics.',
      'active_users_today', vigil._business_active_users(p_tenant, v_day, p_now));
  end if;
  foreach v_period in array array['day', 'week', 'month'] loop
    v_start := pg_catalog.date_trunc(v_period, p_now, 'UTC');
    select coalesce(s.sum_value, 0), coalesce(s.valued, 0) into v_sum, v_orders
    from vigil._value_stats(p_tenant, v_start, p_now, v_set.revenue_kind, array[v_set.revenue_name::text]) s;
    select t.target into v_target from vigil.metric_targets t
    where t.tenant_id = p_tenant and t.kind = v_set.revenue_kind and t.name = v_set.revenue_name
      and t.statistic = 'sum' and t.period = v_period;
    v_revenue := v_revenue || pg_catalog.jsonb_build_object(case v_period when 'day' then 'today' else v_period end,
      pg_catalog.jsonb_build_object('since', v_start, 'revenue', coalesce(v_sum, 0), 'orders', coalesce(v_orders, 0),
        'average_order_value', v_sum / nullif(v_orders, 0), 'target', v_target,
        'progress', v_sum / nullif(v_target, 0),
        'elapsed', extract(epoch from p_now - v_start) / extract(epoch from v_start + ('1 ' || v_period)::interval - v_start)));
  end loop;
  select coalesce(pg_catalog.sum(s.count), 0) n, coalesce(pg_catalog.sum(s.errors), 0) er into v_tx
  from vigil._rollup_stats(p_tenant, v_day, p_now, v_set.transactions_kind, v_set.transactions_name, null, true) s
  where v_day < p_now;
  return pg_catalog.jsonb_build_object(
    'configured', true, 'currency', v_set.currency, 'at', p_now,
    'revenue', v_revenue,
    'transactions_today', pg_catalog.jsonb_build_object('name', v_set.transactions_name, 'count', v_tx.n,
      'failed', v_tx.er, 'success_rate', 1 - v_tx.er::double precision / nullif(v_tx.n, 0)),
    'average_order_value_today', v_revenue -> 'today' -> 'average_order_value',
    'active_users_today', vigil._business_active_users(p_tenant, v_day, p_now),
    -- Open alerts of the business metrics and of the revenue and transaction events.
    'alerts', coalesce((
      select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('rule', r.name, 'metric', r.metric, 'state', a.state,
                                                                'severity', r.severity, 'value', a.value, 'since', a.state_since)
                                  order by r.severity = 'critical' desc, a.state_since)
      from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
      where a.tenant_id = p_tenant and a.state in ('pending', 'firing', 'recovering')
        and (r.metric in ('value_sum', 'value_avg', 'value_p95', 'active_users')
             or (r.event_kind = v_set.revenue_kind and r.event_name = v_set.revenue_name)
             or (r.event_kind = v_set.transactions_kind and r.event_name = v_set.transactions_name))), '[]'::jsonb));
end
$$;
comment on function vigil_api.business_summary(uuid, timestamptz) is
$$The business in one call, for the events named by set_business_metrics: revenue, orders and average order value today,
this ISO week and this month (UTC) against the revenue targets (progress and the share of the period elapsed), today's
transactions and their success rate, today's active users, and the open alerts of these metrics. {"configured": false}
until set_business_metrics is called. Viewers and up, or the service role.
Example: select vigil_api.business_summary('<tenant>');$$;

-- The console's card: today's revenue against its target (warn when behind the day's pace by a fifth,
-- bad when a business alert is open); absent until the business events are named. The window is not
-- used: the day so far is a fact of now (p_until).
create function vigil.dashboard_card_business(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language sql stable
set search_path = ''
as $$
  select case when (b.s ->> 'configured')::boolean then pg_catalog.jsonb_build_object(
    'name', 'business', 'title', 'Revenue today', 'value', b.s -> 'revenue' -> 'today' -> 'revenue', 'unit', b.s ->> 'currency',
    'status', case when pg_catalog.jsonb_array_length(b.s -> 'alerts') > 0 then 'bad'
                   when b.s -> 'revenue' -> 'today' ->> 'progress' is null then 'none'
                   when (b.s -> 'revenue' -> 'today' ->> 'progress')::double precision
                        < 0.8 * (b.s -> 'revenue' -> 'today' ->> 'elapsed')::double precision then 'warn'
                   else 'ok' end,
    'detail', pg_catalog.concat_ws(' · ',
      'target ' || (b.s -> 'revenue' -> 'today' ->> 'target'),
      (b.s -> 'revenue' -> 'today' ->> 'orders') || ' orders',
      'average ' || pg_catalog.round((b.s ->> 'average_order_value_today')::numeric, 2),
      pg_catalog.round((b.s -> 'transactions_today' ->> 'success_rate')::numeric * 100, 1) || '% of ' || (b.s -> 'transactions_today' ->> 'name') || ' succeeded',
      (b.s ->> 'active_users_today') || ' active users'),
    'at', b.s -> 'at') end
  -- Nothing to show, and nothing computed, until the tenant names its revenue and transactions; the
  -- summary is materialized so that it is computed once, not in each of the card's places that read it.
  from (with b as materialized (
          select vigil_api.business_summary(p_tenant, least(p_until, pg_catalog.now())) s
          where exists (select 1 from vigil.business_settings x where x.tenant_id = p_tenant))
        select * from b) b
$$;
comment on function vigil.dashboard_card_business(uuid, timestamptz, timestamptz) is
  'Dashboard card: today''s revenue against its target, orders, average order value, transaction success rate and active users (vigil_api.business_summary); null until the business events are named.';
insert into vigil.dashboard_cards (name, fn, position, description) values
  ('business', 'vigil.dashboard_card_business(uuid, timestamptz, timestamptz)', 50,
   'Revenue today against target, orders, average order value, transaction success rate, active users.');

grant execute on function vigil_api.register_dimension(uuid, text, text, text, integer) to authenticated, service_role;
grant execute on function vigil_api.remove_dimension(uuid, text, text, text) to authenticated, service_role;
grant execute on function vigil_api.list_dimensions(uuid) to authenticated, service_role;
grant execute on function vigil._value_stats(uuid, timestamptz, timestamptz, text, text[], text, interval, vigil.unfolded_event[]) to authenticated, service_role;
grant execute on function vigil._check_metric_call(uuid, timestamptz, timestamptz, text, text[], text) to authenticated, service_role;
grant execute on function vigil_api.metric_stats(uuid, timestamptz, timestamptz, text, text[], text) to authenticated, service_role;
grant execute on function vigil_api.metric_timeseries(uuid, text, text, timestamptz, timestamptz, interval, text) to authenticated, service_role;
grant execute on function vigil_api.set_metric_target(uuid, text, text, text, double precision, text) to authenticated, service_role;
grant execute on function vigil_api.delete_metric_target(uuid, text, text, text, text) to authenticated, service_role;
grant execute on function vigil_api.metric_progress(uuid, timestamptz) to authenticated, service_role;
grant execute on function vigil._value_alert_values(vigil.alert_rules, timestamptz) to service_role;
grant execute on function vigil_api.set_business_metrics(uuid, text, text, text, text, text) to authenticated, service_role;
grant execute on function vigil_api.business_summary(uuid, timestamptz) to authenticated, service_role;
grant execute on function vigil.dashboard_card_business(uuid, timestamptz, timestamptz) to authenticated, service_role;
