-- Active users and retention: distinct users (or sessions) in any window from the fold's sketches
-- (vigil.actor_sketches), DAU/WAU/MAU and stickiness with a series by day, weekly cohorts, and the
-- active_users alert metric.

-- The whole buckets of p_grain (aligned on 2000-01-01 UTC, as the fold's) inside [p_since, p_until),
-- as [first_start, last_end); when none fits, an empty range at p_until, so the raw edges around it
-- still cover the window. PL/pgSQL rather than SQL so its plan is cached: it runs twice for every
-- sketch, and a SQL function that cannot be inlined is planned at every call (five times the cost).
create function vigil._whole_buckets(p_grain interval, p_since timestamptz, p_until timestamptz,
                                     out first_start timestamptz, out last_end timestamptz)
language plpgsql immutable
set search_path = ''
as $$
begin
  first_start := pg_catalog.date_bin(p_grain, p_since - interval '1 microsecond', timestamptz '2000-01-01 00:00:00+00') + p_grain;
  last_end := pg_catalog.date_bin(p_grain, p_until, timestamptz '2000-01-01 00:00:00+00');
  if first_start >= last_end then
    first_start := p_until;
    last_end := p_until;
  end if;
end
$$;
comment on function vigil._whole_buckets(interval, timestamptz, timestamptz) is
  'The whole p_grain buckets inside [p_since, p_until) as [first_start, last_end); both p_until when none fits.';

-- The sketch of the distinct actors of a tenant in [since, until): day sketches for the whole UTC
-- days inside, hour sketches for the whole hours left, raw events for the ragged edges (under an
-- hour each) and for every event not folded yet (ids above the floor; folded ones counted twice
-- change nothing, a union is idempotent). A 30-day window reads at most 29 + 2·23 sketches and two
-- partial hours of raw events, whatever its traffic. Security definer to read the watermark and
-- skip per-row RLS; it checks viewer access first.
create function vigil._actor_sketch(p_tenant uuid, p_since timestamptz, p_until timestamptz, p_actor text default 'user')
returns vigil.hll
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
declare
  v_h0 timestamptz;
  v_h1 timestamptz;
  v_d0 timestamptz;
  v_d1 timestamptz;
  v_floor bigint;
  v_sketch vigil.hll;
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_actor is null or p_actor not in ('user', 'session') then
    raise exception using errcode = '22023', message = 'actor must be user or session.';
  end if;
  -- Whole hours [h0, h1) inside the window, and whole days [d0, d1) inside those hours (each empty
  -- range collapses onto the end of the one around it).
  select b.first_start, b.last_end into v_h0, v_h1 from vigil._whole_buckets(interval '1 hour', p_since, p_until) b;
  select b.first_start, b.last_end into v_d0, v_d1 from vigil._whole_buckets(interval '1 day', v_h0, v_h1) b;
  select s.id_floor into v_floor from vigil.rollup_state s;

  -- Dense sketches are OR-ed; the hashes of explicit ones and of raw rows are gathered into one
  -- sketch first (an explicit sketch merged into a dense one is turned into bitmaps; once is enough).
  v_sketch := (
  with s as (
    select s.sketch from vigil.actor_sketches s
    where s.tenant_id = p_tenant and s.actor_type = p_actor
      and ((s.grain = 1440 and s.bucket_start >= v_d0 and s.bucket_start < v_d1)
           or (s.grain = 60 and s.bucket_start >= v_h0 and s.bucket_start < v_d0)
           or (s.grain = 60 and s.bucket_start >= v_d1 and s.bucket_start < v_h1))
  )
  select vigil.hll_union_agg(x.sketch)
  from (select s.sketch from s where (s.sketch).bitmaps is not null
        union all
        select vigil.hll_from_hashes(pg_catalog.array_agg(r.hash))
        from (select unnest((s.sketch).hashes) hash from s where (s.sketch).bitmaps is null
              union all
              select pg_catalog.hashtextextended(case p_actor when 'user' then e.user_id else e.session_id end, 0) hash
              from vigil.events e
              where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < v_h0
              union all
              select pg_catalog.hashtextextended(case p_actor when 'user' then e.user_id else e.session_id end, 0)
              from vigil.events e
              where e.tenant_id = p_tenant and e.occurred_at >= v_h1 and e.occurred_at < p_until
              union all
              select pg_catalog.hashtextextended(case p_actor when 'user' then e.user_id else e.session_id end, 0)
              from vigil.events e
              where e.tenant_id = p_tenant and e.id > v_floor and e.occurred_at >= p_since and e.occurred_at < p_until) r
        where r.hash is not null) x);
  return coalesce(v_sketch, vigil.hll_from_hashes('{}'));
end
$$;
comment on function vigil._actor_sketch(uuid, timestamptz, timestamptz, text) is
  'The sketch of the distinct users (p_actor user) or sessions of a tenant in [p_since, p_until), from day and hour sketches and raw edges. Viewers and up, or the service role.';

-- Business summary's active users (helper of vigil_api.business_summary, defined here).
create function vigil._business_active_users(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns bigint
language sql stable
set search_path = ''
as $$ select vigil.hll_estimate(vigil._actor_sketch(p_tenant, p_since, p_until, 'user')) $$;
comment on function vigil._business_active_users(uuid, timestamptz, timestamptz) is
  'Distinct users of a tenant in [p_since, p_until) (exact up to 1024, else within about 2%). Viewers and up, or the service role.';

-- The alert metric: distinct users in the rule's window.
create function vigil._alert_active_users(p_tenant uuid, p_window pg_catalog.tstzrange) returns numeric
language sql stable
set search_path = ''
as $$ select vigil._business_active_users(p_tenant, pg_catalog.lower(p_window), pg_catalog.upper(p_window))::numeric $$;
comment on function vigil._alert_active_users(uuid, pg_catalog.tstzrange) is
  'Alert metric active_users: distinct user_id values in the rule''s window.';

insert into vigil.alert_metrics (name, fn, unit, description)
values ('active_users', 'vigil._alert_active_users(uuid,tstzrange)', 'count',
        'Distinct user_id values in the window (exact up to 1024, else within about 2%).');

create function vigil_api.active_users(p_tenant uuid, p_until timestamptz default pg_catalog.now(),
                                       p_days integer default 30, p_actor text default 'user')
returns jsonb
language plpgsql stable security invoker
set search_path = ''
set jit = off
as $$
declare
  v_epoch constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
  v_last timestamptz;
  v_dau bigint;
  v_wau bigint;
  v_mau bigint;
  v_series jsonb;
begin
  perform vigil._check_stats_call(p_tenant, p_until - interval '30 days', p_until);
  perform vigil._check_limit(p_days, 366);
  -- Rolling windows ending at p_until.
  v_dau := vigil.hll_estimate(vigil._actor_sketch(p_tenant, p_until - interval '1 day', p_until, p_actor));
  v_wau := vigil.hll_estimate(vigil._actor_sketch(p_tenant, p_until - interval '7 days', p_until, p_actor));
  v_mau := vigil.hll_estimate(vigil._actor_sketch(p_tenant, p_until - interval '30 days', p_until, p_actor));
  -- The series: per UTC day d (the last one ends at p_until), the day's actors and the 7 and 30 days
  -- ending with it, each a union of day sketches (p_days + 29 of them).
  v_last := pg_catalog.date_bin(interval '1 day', p_until - interval '1 microsecond', v_epoch);
  with d as materialized (
    select g.day, vigil._actor_sketch(p_tenant, g.day, least(g.day + interval '1 day', p_until), p_actor) sketch
    from pg_catalog.generate_series(v_last - pg_catalog.make_interval(days => p_days + 28), v_last, interval '1 day') g(day)
  ), w as (
    select d.day, vigil.hll_estimate(d.sketch) dau,
           vigil.hll_estimate(vigil.hll_union_agg(d.sketch) over (order by d.day rows between 6 preceding and current row)) wau,
           vigil.hll_estimate(vigil.hll_union_agg(d.sketch) over (order by d.day rows between 29 preceding and current row)) mau
    from d
  )
  select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('day', (w.day at time zone 'UTC')::date, 'dau', w.dau, 'wau', w.wau,
                                                            'mau', w.mau, 'stickiness', w.dau::double precision / nullif(w.mau, 0))
                              order by w.day)
  into v_series
  from w where w.day > v_last - pg_catalog.make_interval(days => p_days);
  return pg_catalog.jsonb_build_object('until', p_until, 'actor', p_actor, 'dau', v_dau, 'wau', v_wau, 'mau', v_mau,
                                       'stickiness', v_dau::double precision / nullif(v_mau, 0), 'days', coalesce(v_series, '[]'::jsonb));
end
$$;
comment on function vigil_api.active_users(uuid, timestamptz, integer, text) is
$$Active users (p_actor 'user', the default) or sessions ('session'): dau, wau and mau over the 1, 7 and 30 days ending
at p_until, stickiness = dau / mau, and days: per UTC day of the last p_days (1..366; the last one ends at p_until) its
dau, wau, mau and stickiness. Exact up to 1024 distinct, else HyperLogLog estimates within about 2%. Viewers and up.
Example: select vigil_api.active_users('<tenant>');$$;

-- Cohorts from raw events: a sketch cannot say who came back, only how many were there. Each actor's
-- first p_cohort_event (by name, any kind) in the events still held, bucketed by period; then the
-- periods after it in which it did p_return_event. The cost grows with the number of those two
-- events' rows over the periods asked (read through the (tenant, kind, name, time) index per kind),
-- not with the tenant's other traffic.
create function vigil._retention(p_tenant uuid, p_cohort_event text, p_return_event text, p_period text,
                                 p_periods integer, p_until timestamptz, p_actor text)
returns table (cohort_start timestamptz, cohort_size bigint, period integer, returned bigint, rate double precision)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
declare
  v_width interval;
  v_since timestamptz;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_cohort_event is null or p_return_event is null then
    raise exception using errcode = '22023', message = 'cohort_event and return_event are required.';
  end if;
  if p_period is null or p_period not in ('day', 'week') then
    raise exception using errcode = '22023', message = 'period must be day or week.';
  end if;
  if p_actor is null or p_actor not in ('user', 'session') then
    raise exception using errcode = '22023', message = 'actor must be user or session.';
  end if;
  perform vigil._check_limit(p_periods, 52);
  v_width := case p_period when 'day' then interval '1 day' else interval '7 days' end;
  -- Weeks start on Monday 00:00 UTC (2000-01-03 was a Monday); the last period holds p_until.
  v_since := pg_catalog.date_bin(v_width, p_until - interval '1 microsecond', timestamptz '2000-01-03 00:00:00+00')
             - (p_periods - 1) * v_width;
  return query
  with a as (
    select x.actor, pg_catalog.min(x.occurred_at) first_at
    from (select case p_actor when 'user' then e.user_id else e.session_id end actor, e.occurred_at
          from vigil.events e
          where e.tenant_id = p_tenant and e.name = p_cohort_event and e.occurred_at < p_until) x
    where x.actor is not null
    group by 1
  ), c as (
    select a.actor, pg_catalog.floor(pg_catalog.date_part('epoch', a.first_at - v_since) / pg_catalog.date_part('epoch', v_width))::integer p
    from a where a.first_at >= v_since
  ), b as (
    select distinct x.actor, pg_catalog.floor(pg_catalog.date_part('epoch', x.occurred_at - v_since) / pg_catalog.date_part('epoch', v_width))::integer p
    from (select case p_actor when 'user' then e.user_id else e.session_id end actor, e.occurred_at
          from vigil.events e
          where e.tenant_id = p_tenant and e.name = p_return_event and e.occurred_at >= v_since and e.occurred_at < p_until) x
    where x.actor is not null
  ), sizes as (
    select c.p, pg_catalog.count(*) n from c group by 1
  )
  select v_since + s.p * v_width, s.n, k.k,
         case when k.k = 0 then s.n else (select pg_catalog.count(*) from c join b on b.actor = c.actor and b.p = c.p + k.k where c.p = s.p) end,
         case when k.k = 0 then 1 else (select pg_catalog.count(*) from c join b on b.actor = c.actor and b.p = c.p + k.k where c.p = s.p)::double precision / s.n end
  from sizes s cross join lateral pg_catalog.generate_series(0, p_periods - 1 - s.p) k(k)
  order by 1, 3;
end
$$;
comment on function vigil._retention(uuid, text, text, text, integer, timestamptz, text) is
  'Cohort retention from raw events; internal to vigil_api.retention.';

create function vigil_api.retention(p_tenant uuid, p_cohort_event text, p_return_event text, p_period text default 'week',
                                    p_periods integer default 8, p_until timestamptz default pg_catalog.now(),
                                    p_actor text default 'user')
returns table (cohort_start timestamptz, cohort_size bigint, period integer, returned bigint, rate double precision)
language sql stable security invoker
set search_path = ''
as $$ select * from vigil._retention(p_tenant, p_cohort_event, p_return_event, p_period, p_periods, p_until, p_actor) $$;
comment on function vigil_api.retention(uuid, text, text, text, integer, timestamptz, text) is
$$Cohort retention: the actors (users by default, or sessions) whose first p_cohort_event (an event name) falls in
each of the last p_periods periods (p_period 'week', Monday 00:00 UTC, or 'day'; 1..52; the last one holds p_until),
and per later period k how many of them did p_return_event in it (rate = returned / cohort_size; k = 0 is the
cohort itself). "First" is within the raw events still held. Exact; reads the two events' raw rows. Viewers and up.
Example: select * from vigil_api.retention('<tenant>', 'signed_up', 'checkout_paid');$$;

grant execute on function vigil._actor_sketch(uuid, timestamptz, timestamptz, text) to authenticated, service_role;
grant execute on function vigil._business_active_users(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._alert_active_users(uuid, pg_catalog.tstzrange) to service_role;
grant execute on function vigil._retention(uuid, text, text, text, integer, timestamptz, text) to authenticated, service_role;
grant execute on function vigil_api.active_users(uuid, timestamptz, integer, text) to authenticated, service_role;
grant execute on function vigil_api.retention(uuid, text, text, text, integer, timestamptz, text) to authenticated, service_role;
