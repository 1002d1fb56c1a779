-- Stats from rollups: whole buckets inside the window come from vigil.rollups (1-hour where an
-- hour fits, 5-minute elsewhere), the sub-5-minute edges and every event not folded yet come from
-- raw rows, so answers are exact in counts, fresh to the second, and their cost follows the number
-- of buckets, not of events. vigil.window_stats keeps its signature and now reads from here.

-- The pieces a window is made of, per slot (one for the whole window when p_slot is null, else
-- date_bin(p_slot, t, p_since)) and, when p_by_name, per (kind, name): whole rollup buckets, and one
-- row per raw event for the edges and for whatever is not folded yet. Security definer so RLS is
-- not re-evaluated per row (the access check is made once, here, first); the watermark is private.
create function vigil._stats_parts(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz,
  p_kind text default null,
  p_name text default null,
  p_slot interval default null,
  p_by_name boolean default true
) returns table (
  s timestamptz, k text, n text, c bigint, er bigint, tm bigint, sm double precision, mn double precision,
  mx double precision, hk smallint[], hc integer[], ck smallint[], cc integer[], cs integer[], fk smallint[],
  fc integer[], et jsonb
)
language plpgsql stable security definer
set search_path = ''
set jit = off
as $$
declare
  v_epoch constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
  v_a5 timestamptz;
  v_b5 timestamptz;
  v_a60 timestamptz;
  v_b60 timestamptz;
  v_floor bigint;
  v_horizon xid;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_since is null or p_until is null or p_until <= p_since then
    return;
  end if;
  select st.id_floor, st.xid_horizon::xid into v_floor, v_horizon from vigil.rollup_state st;

  -- Rollups serve [v_a5, v_b5): whole 5-minute buckets, and only when every bucket falls in one slot.
  v_a5 := pg_catalog.date_bin(interval '5 minutes', p_since - interval '1 microsecond', v_epoch) + interval '5 minutes';
  v_b5 := pg_catalog.date_bin(interval '5 minutes', p_until, v_epoch);
  if p_slot is not null and (v_a5 <> p_since or extract(epoch from p_slot)::numeric % 300 <> 0) then
    v_b5 := v_a5;
  end if;
  if v_b5 <= v_a5 then
    v_a5 := p_until;
    v_b5 := p_until;
  end if;
  v_a60 := pg_catalog.date_bin(interval '1 hour', v_a5 - interval '1 microsecond', v_epoch) + interval '1 hour';
  v_b60 := pg_catalog.date_bin(interval '1 hour', v_b5, v_epoch);
  -- Hours serve [v_a60, v_b60) when each lies inside one slot: always for one slot, and for slots
  -- that are whole hours counted from an hour; otherwise 5-minute buckets serve the whole range.
  if v_b60 <= v_a60 or (p_slot is not null and (v_a60 <> p_since or extract(epoch from p_slot)::numeric % 3600 <> 0)) then
    v_a60 := v_b5;
    v_b60 := v_b5;
  end if;

  return query
  with hours as (
    select r.* from vigil.rollups r
    where r.tenant_id = p_tenant and r.grain = 60 and r.bucket_start >= v_a60 and r.bucket_start < v_b60
      and (p_kind is null or r.kind = p_kind) and (p_name is null or r.name = p_name)
  ), fives as (
    select r.* from vigil.rollups r
    where r.tenant_id = p_tenant and r.grain = 5 and r.bucket_start >= v_a5 and r.bucket_start < v_a60
      and (p_kind is null or r.kind = p_kind) and (p_name is null or r.name = p_name)
    union all
    select r.* from vigil.rollups r
    where r.tenant_id = p_tenant and r.grain = 5 and r.bucket_start >= v_b60 and r.bucket_start < v_b5
      and (p_kind is null or r.kind = p_kind) and (p_name is null or r.name = p_name)
  ), raw as (
    select e.kind, e.name, e.occurred_at, e.duration_ms, e.success, e.error_type from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < v_a5
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    select e.kind, e.name, e.occurred_at, e.duration_ms, e.success, e.error_type from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= v_b5 and e.occurred_at < p_until
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    -- Not folded yet (see vigil.rollup_state): the open tail, and late events, of the rollup range.
    select e.kind, e.name, e.occurred_at, e.duration_ms, e.success, e.error_type from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= v_a5 and e.occurred_at < v_b5
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
      and e.id > v_floor and (v_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_horizon))
  )
  select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, r.bucket_start, p_since) end,
         case when p_by_name then r.kind::text end, case when p_by_name then r.name::text end,
         r.count, r.errors, r.timed, r.sum_ms, r.min_ms, r.max_ms, r.hist_keys, r.hist_counts,
         r.coarse_keys, r.coarse_counts, r.coarse_starts, r.fail_keys, r.fail_counts, r.error_types
  from (select * from hours union all select * from fives) r
  union all
  select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, w.occurred_at, p_since) end,
         case when p_by_name then w.kind::text end, case when p_by_name then w.name::text end,
         1::bigint, case when w.success then 0::bigint else 1::bigint end,
         case when w.duration_ms is null then 0::bigint else 1::bigint end,
         coalesce(w.duration_ms, 0), w.duration_ms, w.duration_ms, x.keys,
         case when w.duration_ms is null then '{}'::integer[] else '{1}'::integer[] end,
         case when w.duration_ms is null then '{}'::smallint[] else array[(x.keys[1] >> 4)::smallint] end,
         case when w.duration_ms is null then '{}'::integer[] else '{1}'::integer[] end,
         case when w.duration_ms is null then '{}'::integer[] else '{1}'::integer[] end,
         case when w.success then '{}'::smallint[] else x.keys end,
         case when w.success or w.duration_ms is null then '{}'::integer[] else '{1}'::integer[] end,
         case when w.success then '{}'::jsonb else pg_catalog.jsonb_build_object(coalesce(w.error_type, 'unknown'), 1) end
  from raw w
  cross join lateral (select case when w.duration_ms is null then '{}'::smallint[]
                                  when w.duration_ms < 0.001 then '{-400}'::smallint[]
                                  else array[pg_catalog.ceil(pg_catalog.ln(w.duration_ms) / 0.0198026272961797)::smallint] end) x(keys);
end
$$;
comment on function vigil._stats_parts(uuid, timestamptz, timestamptz, text, text, interval, boolean) is
  'The rollup buckets and raw events that make up [p_since, p_until), labelled by slot and (kind, name); vigil._rollup_stats and the SLO counts add them up. Checks viewer access first.';

-- Adds the parts up: counts, duration summary, quantiles from the merged histogram, failures by type.
-- PL/pgSQL rather than SQL so its plan is cached across calls (a SQL function that cannot be inlined
-- is planned at every call, which cost more than the work at small scale).
create function vigil._rollup_stats(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz,
  p_kind text default null,
  p_name text default null,
  p_slot interval default null,
  p_by_name boolean default true,
  p_percentile_names text[] default null
) returns table (
  slot_start timestamptz,
  kind text,
  name text,
  count bigint,
  errors bigint,
  timed bigint,
  avg_ms double precision,
  p50_ms double precision,
  p95_ms double precision,
  p99_ms double precision,
  min_ms double precision,
  max_ms double precision,
  error_types jsonb
)
language plpgsql stable
set search_path = ''
set jit = off
as $$
begin
  -- Each (slot, kind, name) gets a small integer id, so the heavy steps (unnest, group by bucket,
  -- running sums) hash and sort integers, not timestamps and text.
  return query
  with parts as materialized (
    select x.*, (pg_catalog.dense_rank() over (order by x.s, x.k, x.n))::integer gid
    from vigil._stats_parts(p_tenant, p_since, p_until, p_kind, p_name, p_slot, p_by_name) x
  ), tot as materialized (
    select g.*, pg_catalog.ceil(0.50::float8 * g.tm) r50, pg_catalog.ceil(0.95::float8 * g.tm) r95,
           pg_catalog.ceil(0.99::float8 * g.tm) r99
    from (select p.gid, pg_catalog.min(p.s) s, pg_catalog.min(p.k) k, pg_catalog.min(p.n) n,
                 pg_catalog.sum(p.c)::bigint c, pg_catalog.sum(p.er)::bigint er, pg_catalog.sum(p.tm)::bigint tm,
                 pg_catalog.sum(p.sm) sm, pg_catalog.min(p.mn) mn, pg_catalog.max(p.mx) mx
          from parts p group by p.gid) g
  ), coarse as materialized (
    -- Step 1: merge the coarse level (a few entries a row) and find, per group and quantile, the
    -- coarse bucket holding the rank percentile_disc uses (ceil(p * n)), and the rank inside it.
    -- Two set-returning functions in the select list run in step (a ProjectSet), much cheaper than
    -- a lateral unnest(a, b), which fills a tuplestore per row.
    -- Only for the names matching the LIKE patterns asked for (null: all), when a caller needs
    -- percentiles of a few series only (alert rules on one operation's latency): merging histograms
    -- is most of the work.
    select x.gid, x.ck, pg_catalog.sum(x.cc)::bigint n
    from (select p.gid, pg_catalog.unnest(p.ck) ck, pg_catalog.unnest(p.cc) cc from parts p
          where p_percentile_names is null or p.n like any (p_percentile_names)) x
    group by x.gid, x.ck
  ), ccum as (
    select c.gid, c.ck, c.n, pg_catalog.sum(c.n) over (partition by c.gid order by c.ck) running from coarse c
  ), targets as materialized (
    select c.gid, r.q, c.ck, r.rank - (c.running - c.n) inner_rank
    from ccum c join tot t on t.gid = c.gid
    cross join lateral (values (1, t.r50), (2, t.r95), (3, t.r99)) r(q, rank)
    where c.running - c.n < r.rank and c.running >= r.rank
  ), fine as materialized (
    -- Step 2: merge only the fine entries inside those coarse buckets (a slice of each row).
    select y.gid, y.q, y.key, pg_catalog.sum(y.cnt)::bigint cnt
    from (select z.gid, z.q, pg_catalog.unnest(z.hk[z.cs[z.j] : coalesce(z.cs[z.j + 1], pg_catalog.cardinality(z.hk) + 1) - 1]) key,
                 pg_catalog.unnest(z.hc[z.cs[z.j] : coalesce(z.cs[z.j + 1], pg_catalog.cardinality(z.hk) + 1) - 1]) cnt
          from (select p.gid, g.q, p.hk, p.hc, p.cs, pg_catalog.array_position(p.ck, g.ck) j
                from parts p join targets g on g.gid = p.gid) z
          where z.j is not null) y
    group by y.gid, y.q, y.key
  ), fcum as (
    select f.gid, f.q, f.key, pg_catalog.sum(f.cnt) over (partition by f.gid, f.q order by f.key) running from fine f
  ), q as (
    select f.gid,
           pg_catalog.min(f.key) filter (where f.q = 1) k50,
           pg_catalog.min(f.key) filter (where f.q = 2) k95,
           pg_catalog.min(f.key) filter (where f.q = 3) k99
    from fcum f join targets g on g.gid = f.gid and g.q = f.q
    where f.running >= g.inner_rank
    group by f.gid
  ), et as (
    select x.gid, pg_catalog.jsonb_object_agg(x.key, x.total) types
    from (select g.gid, j.key, pg_catalog.sum(j.value::bigint) total
          from parts g cross join lateral pg_catalog.jsonb_each_text(g.et) j
          where g.et <> '{}'::jsonb
          group by g.gid, j.key) x
    group by x.gid
  )
  select t.s, t.k, t.n, t.c, t.er, t.tm,
         case when t.tm > 0 then t.sm / t.tm end,
         -- A bucket's value (vigil._hist_value, written out: a function with its own search_path is
         -- called per row, never inlined), clamped to the observed min and max.
         greatest(least(case when q.k50 = -400 then 0::double precision else 2 * pg_catalog.power(1.02::double precision, q.k50) / 2.02 end, t.mx), t.mn),
         greatest(least(case when q.k95 = -400 then 0::double precision else 2 * pg_catalog.power(1.02::double precision, q.k95) / 2.02 end, t.mx), t.mn),
         greatest(least(case when q.k99 = -400 then 0::double precision else 2 * pg_catalog.power(1.02::double precision, q.k99) / 2.02 end, t.mx), t.mn),
         t.mn, t.mx, coalesce(et.types, '{}'::jsonb)
  from tot t
  left join q on q.gid = t.gid
  left join et on et.gid = t.gid;
end
$$;
comment on function vigil._rollup_stats(uuid, timestamptz, timestamptz, text, text, interval, boolean, text[]) is
  'Counts, errors, avg/p50/p95/p99/min/max ms and failures by type in [p_since, p_until), per slot and (kind, name), from vigil._stats_parts (rollups for whole buckets, raw events for the rest). Percentiles are within 1% of percentile_disc; with p_percentile_names (LIKE patterns), only for the names that match one (null for the others).';

create or replace function vigil.window_stats(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz,
  p_kind text default null,
  p_name text default null
) returns table (
  kind text,
  name text,
  count bigint,
  errors bigint,
  avg_ms double precision,
  p50_ms double precision,
  p95_ms double precision,
  p99_ms double precision,
  min_ms double precision,
  max_ms double precision
)
language sql stable
set search_path = ''
as $$
  select s.kind, s.name, s.count, s.errors, s.avg_ms, s.p50_ms, s.p95_ms, s.p99_ms, s.min_ms, s.max_ms
  from vigil._rollup_stats(p_tenant, p_since, p_until, p_kind, p_name, null, true) s
$$;
comment on function vigil.window_stats(uuid, timestamptz, timestamptz, text, text) is
  'Per (kind, name) in [p_since, p_until): count, errors and latency (avg, p50, p95, p99, min, max in ms), from rollups plus the raw open tail; percentiles within 1% of percentile_disc. Internal: callers check access first.';

grant execute on function vigil._stats_parts(uuid, timestamptz, timestamptz, text, text, interval, boolean) to authenticated, service_role;
grant execute on function vigil._rollup_stats(uuid, timestamptz, timestamptz, text, text, interval, boolean, text[]) to authenticated, service_role;
grant execute on function vigil.window_stats(uuid, timestamptz, timestamptz, text, text) to service_role;
revoke execute on all functions in schema vigil, vigil_api from public;
