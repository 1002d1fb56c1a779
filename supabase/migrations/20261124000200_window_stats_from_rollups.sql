-- Stats from rollups: whole buckets inside the window come from vigil.rollups (the coarsest grain
-- that fits), the ragged edges and every event not folded yet come from raw rows, so answers are
-- exact in counts, fresh to the second, and their cost follows the number of buckets, not of
-- events. vigil.window_stats keeps its signature and now reads from here.

-- An event not folded yet, as the stats read it. A caller that asks about many windows in one
-- statement (alert evaluation: a call per tenant, window and kind) reads the unfolded rows once,
-- through vigil._unfolded_events, and hands each call its tenant's share as p_unfolded: read per
-- call, every call scanned all tenants' rows above the id floor (about a minute of traffic, 7,500
-- rows at 10M events a day), and a hundred calls read 770,000 raw rows an evaluation.
create type vigil.unfolded_event as (
  tenant_id uuid, occurred_at timestamptz, kind text collate "C", name text collate "C",
  duration_ms double precision, success boolean, error_type text
);

-- Every row not folded yet (see vigil.rollup_state), per tenant, in one read of the rows above
-- the id floor: the same rows _stats_parts looks for when it is given none. Only while they are
-- few: after a backlog (maintenance stopped for an hour) the rows above the floor can be millions,
-- too many to hold in arrays, and it answers one row with a null tenant instead, for "let each call
-- read its own" (p_unfolded null). Security definer to read the id sequence, as _stats_parts does.
create function vigil._unfolded_events(p_max bigint default 200000)
returns table (tenant_id uuid, events vigil.unfolded_event[])
language sql stable security definer
set search_path = ''
set jit = off
as $$
  -- The watermark read once; its values are not correlated with the rows, so each is computed once
  -- (the horizon written as _stats_parts writes it ran once per row).
  with w as materialized (
    select st.id_floor, coalesce(pg_catalog.age(st.xid_horizon::xid), 2147483647) as horizon_age,
           coalesce(q.last_value, 0) - st.id_floor <= p_max as few
    from vigil.rollup_state st, vigil.events_id_seq q
  )
  select e.tenant_id, pg_catalog.array_agg(row(e.tenant_id, e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type)::vigil.unfolded_event)
  from vigil.events e
  where (select w.few from w) and e.id > (select w.id_floor from w) and pg_catalog.age(e.xmin) <= (select w.horizon_age from w)
  group by e.tenant_id
  union all
  select null, null from w where not w.few
$$;
comment on function vigil._unfolded_events(bigint) is
  'The events not folded into rollups yet, per tenant, read once: what vigil._stats_parts takes as p_unfolded. More than p_max rows above the id floor: one row (null, null) instead.';

-- The pieces a window is made of, per slot (one for the whole window when p_slot is null, else
-- date_bin(p_slot, t, p_since)) and, when p_by_name, per (kind, name): whole rollup buckets, and the
-- raw events of the edges and of whatever is not folded yet, added up per slot and series. Security
-- definer so RLS is not re-evaluated per row (the access check is made once, here, first); the
-- watermark is private.
--
-- Rollups tile [a(1), b(1)) (whole minutes) greedily: level L (widths 1, 5, 15, 60, 360 minutes)
-- serves [a(L), a(L+1)) and [b(L+1), b(L)), the top level [a(5), b(5)); a level whose aligned range
-- inside the next finer one is empty, or whose buckets would straddle two slots, collapses to a point
-- and leaves the range to the finer level. Minute rows (kept for the recent past, see the fold) serve
-- a side only at or after rollup_state.minute_from, where they are complete; otherwise that side's
-- edge is read raw up to its 5-minute boundary.
--
-- The open bucket: a window that ends inside a bucket (every "until now" question) takes that
-- bucket's rollup row whole when nothing in it lies at or after the window's end, and reads only the
-- not-yet-folded rows raw; otherwise up to a bucket of the tenant's traffic was read at each call.
--
-- What the parts cost, measured at 10M events with auto_explain on operation_stats for the busiest
-- tenant over 24 h: the not-yet-folded rows are looked for only in the partitions of the rollup
-- range (a BRIN probe each); the raw edges' coarse level is computed with their histogram, not by
-- vigil._hist_coarse per series (a SQL function with its own search_path is never inlined), and one
-- sort serves both windows. Same answers: tests 100-110, 610, 611 and 612.
create function vigil._stats_parts(
  p_tenant uuid,
  p_since timestamptz,
  p_until timestamptz,
  p_kind text default null,
  p_name text default null,
  p_slot interval default null,
  p_by_name boolean default true,
  p_unfolded vigil.unfolded_event[] default null
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
  v_widths constant interval[] :=
    array[interval '1 minute', interval '5 minutes', interval '15 minutes', interval '1 hour', interval '6 hours'];
  v_a timestamptz[] := array[null, null, null, null, null]::timestamptz[];
  v_b timestamptz[] := array[null, null, null, null, null]::timestamptz[];
  v_lo timestamptz;
  v_hi timestamptz;
  v_floor bigint;
  v_horizon xid;
  v_few boolean;
  v_open timestamptz;
  v_w interval;
  v_mfrom timestamptz;
  v_rs timestamptz;
  v_re timestamptz;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_since is null or p_until is null or p_until <= p_since then
    return;
  end if;
  select st.id_floor, st.xid_horizon::xid, st.minute_from into v_floor, v_horizon, v_mfrom from vigil.rollup_state st;
  select coalesce(q.last_value, 0) - v_floor <= 20000 into v_few from vigil.events_id_seq q;

  v_lo := p_since;
  v_hi := p_until;
  -- A window that ends inside a bucket (every "until now" does) takes that bucket's rollup row whole
  -- instead of reading its events, when the bucket holds nothing at or after p_until (an event
  -- stamped ahead of the clock; ingest allows 5 minutes): the row then counts exactly the events of
  -- [bucket start, p_until) that are folded, and the unfolded ones are added below as ever. A stable
  -- function's statements share one snapshot, so the check and the read agree. Only when the bucket
  -- is not also the window's first (a window inside one bucket reads raw). The bucket is the open
  -- minute where minute rows are complete, else the open 5 minutes.
  v_w := case when pg_catalog.date_bin(v_widths[1], p_until, v_epoch) >= v_mfrom then v_widths[1] else v_widths[2] end;
  v_open := pg_catalog.date_bin(v_w, p_until, v_epoch);
  if p_slot is null and v_open < p_until
     and v_open >= pg_catalog.date_bin(v_w, p_since - interval '1 microsecond', v_epoch) + v_w
     and not exists (select 1 from vigil.events e
                     where e.tenant_id = p_tenant and e.occurred_at >= p_until and e.occurred_at < v_open + v_w
                       and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)) then
    v_hi := v_open + v_w;
  end if;
  for l in 1..5 loop
    v_a[l] := pg_catalog.date_bin(v_widths[l], v_lo - interval '1 microsecond', v_epoch) + v_widths[l];
    v_b[l] := pg_catalog.date_bin(v_widths[l], v_hi, v_epoch);
    if v_b[l] <= v_a[l]
       or (p_slot is not null and (v_a[l] <> p_since
                                   or extract(epoch from p_slot)::numeric % extract(epoch from v_widths[l])::numeric <> 0)) then
      v_a[l] := v_hi;
      v_b[l] := v_hi;
    end if;
    v_lo := v_a[l];
    v_hi := v_b[l];
  end loop;
  -- The raw edges: [p_since, v_rs) and [v_re, p_until). A side whose minute rows are not complete
  -- (it lies before minute_from) is read raw up to its 5-minute boundary instead.
  v_rs := case when v_a[1] >= v_mfrom then v_a[1] else v_a[2] end;
  v_re := case when v_b[2] >= v_mfrom then v_b[1] else v_b[2] end;

  return query
  with ranges (grain, lo, hi) as (
    values (1::smallint, v_rs, v_a[2]), (1::smallint, v_b[2], v_re),
           (5::smallint, v_a[2], v_a[3]), (5::smallint, v_b[3], v_b[2]),
           (15::smallint, v_a[3], v_a[4]), (15::smallint, v_b[4], v_b[3]),
           (60::smallint, v_a[4], v_a[5]), (60::smallint, v_b[5], v_b[4]),
           (360::smallint, v_a[5], v_b[5])
  ), roll as (
    select r.* from ranges g
    cross join lateral (
      select r.* from vigil.rollups r
      where r.tenant_id = p_tenant and r.grain = g.grain and r.bucket_start >= g.lo and r.bucket_start < g.hi
        and (p_kind is null or r.kind = p_kind) and (p_name is null or r.name = p_name)) r
    where g.hi > g.lo
  ), unfolded as materialized (
    select e.tenant_id, e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where p_unfolded is null and v_few and e.id > v_floor and (v_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_horizon))
      and e.occurred_at >= v_rs and e.occurred_at < least(v_re, p_until)
  ), events as (
    -- Three scans, not one with an OR: each is an index range (the OR read the whole window).
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < v_rs
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= v_re and e.occurred_at < p_until
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    -- Not folded yet (see vigil.rollup_state): the open tail, and late events, of the rollup range.
    -- Few rows above the id floor (the usual case: the floor trails two passes): read them all
    -- through the BRIN index and filter, instead of AND-ing with the tenant's whole window in the
    -- (tenant_id, occurred_at) index, which costs as much as the window has events.
    select u.occurred_at, u.kind, u.name, u.duration_ms, u.success, u.error_type from unfolded u
    where u.tenant_id = p_tenant and u.occurred_at >= v_rs and u.occurred_at < least(v_re, p_until)
      and (p_kind is null or u.kind = p_kind) and (p_name is null or u.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where p_unfolded is null and not v_few and e.tenant_id = p_tenant and e.occurred_at >= v_rs and e.occurred_at < least(v_re, p_until)
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
      and e.id > v_floor and (v_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_horizon))
    union all
    -- Or the caller's: this tenant's unfolded rows, read once for many calls (vigil._unfolded_events),
    -- in the snapshot this function sees (a stable function shares its caller's). A caller can only
    -- put rows into its own answer, for a tenant it may read.
    select u.occurred_at, u.kind, u.name, u.duration_ms, u.success, u.error_type from unnest(p_unfolded) u
    where u.tenant_id = p_tenant and u.occurred_at >= v_rs and u.occurred_at < least(v_re, p_until)
      and (p_kind is null or u.kind = p_kind) and (p_name is null or u.name = p_name)
  ), raw as materialized (
    select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, e.occurred_at, p_since) end as s,
           case when p_by_name then e.kind::text end as k, case when p_by_name then e.name::text end as n,
           e.duration_ms, e.success, e.error_type,
           case when e.duration_ms is null then null when e.duration_ms < 0.001 then -400::smallint
                else pg_catalog.ceil(pg_catalog.ln(e.duration_ms) / 0.0198026272961797)::smallint end as key
    from events e
  ), raw_hist as (
    -- One pass over the raw rows: grouped per series and histogram key (events without a duration
    -- under a null key, which sorts last and is left out of the arrays), with the totals added up
    -- from those groups and the coarse level (as vigil._hist_coarse) from the same rows, not a
    -- function call per series. One sort serves the windows, and the aggregates read the keys in the
    -- order it left them (as the fold does), instead of sorting each array again.
    select h.s, h.k, h.n, pg_catalog.sum(h.cnt)::bigint c, pg_catalog.sum(h.f)::bigint er,
           (pg_catalog.sum(h.cnt) filter (where h.key is not null))::bigint tm, coalesce(pg_catalog.sum(h.sm), 0) sm,
           pg_catalog.min(h.mn) mn, pg_catalog.max(h.mx) mx,
           coalesce(pg_catalog.array_agg(h.key) filter (where h.key is not null), '{}') keys,
           coalesce(pg_catalog.array_agg(h.cnt) filter (where h.key is not null), '{}') counts,
           coalesce(pg_catalog.array_agg(h.f) filter (where h.f > 0 and h.key is not null), '{}') fcounts,
           coalesce(pg_catalog.array_agg(h.key) filter (where h.f > 0 and h.key is not null), '{}') fkeys,
           coalesce(pg_catalog.array_agg(h.ck) filter (where h.first and h.key is not null), '{}') ckeys,
           coalesce(pg_catalog.array_agg(h.cn) filter (where h.first and h.key is not null), '{}') ccounts,
           coalesce(pg_catalog.array_agg(h.i::integer) filter (where h.first and h.key is not null), '{}') cstarts
    from (select x.*, pg_catalog.row_number() over w i, pg_catalog.lag(x.ck) over w is distinct from x.ck first,
                 pg_catalog.sum(x.cnt) over (partition by x.s, x.k, x.n, x.ck)::integer cn
          from (select w.s, w.k, w.n, w.key, (w.key >> 4)::smallint ck, pg_catalog.count(*)::integer cnt,
                       pg_catalog.count(*) filter (where not w.success)::integer f,
                       pg_catalog.sum(w.duration_ms) sm, pg_catalog.min(w.duration_ms) mn, pg_catalog.max(w.duration_ms) mx
                from raw w group by 1, 2, 3, 4) x
          window w as (partition by x.s, x.k, x.n order by x.ck, x.key)) h
    group by 1, 2, 3
  ), raw_err as (
    select x.s, x.k, x.n, pg_catalog.jsonb_object_agg(x.t, x.cnt) types
    from (select w.s, w.k, w.n, coalesce(w.error_type, 'unknown') t, pg_catalog.count(*) cnt
          from raw w where not w.success group by 1, 2, 3, 4) x
    group by 1, 2, 3
  )
  select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, r.bucket_start, p_since) end,
         case when p_by_name then r.kind::text end, case when p_by_name then r.name::text end,
         r.count, r.errors, r.timed, r.sum_ms, r.min_ms, r.max_ms, r.hist_keys, r.hist_counts,
         r.coarse_keys, r.coarse_counts, r.coarse_starts, r.fail_keys, r.fail_counts, r.error_types
  from roll r
  union all
  select t.s, t.k, t.n, t.c, t.er, coalesce(t.tm, 0), t.sm, t.mn, t.mx, t.keys, t.counts, t.ckeys, t.ccounts, t.cstarts,
         t.fkeys, t.fcounts, coalesce(x.types, '{}'::jsonb)
  from raw_hist t
  left join raw_err x on x.s = t.s and x.k is not distinct from t.k and x.n is not distinct from t.n;
end
$$;
comment on function vigil._stats_parts(uuid, timestamptz, timestamptz, text, text, interval, boolean, vigil.unfolded_event[]) is
  'The rollup buckets (coarsest that fit: 6 h, 1 h, 15 min, 5 min, and 1 min in the recent past) and the raw events, added up per slot and series, that make up [p_since, p_until), labelled by slot and (kind, name); vigil._rollup_stats and the SLO counts add them up. Checks viewer access first. p_unfolded: the tenant''s unfolded rows, when the caller read them once for many calls (vigil._unfolded_events).';

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
  p_percentile_names text[] default null,
  p_unfolded vigil.unfolded_event[] default null
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
    from vigil._stats_parts(p_tenant, p_since, p_until, p_kind, p_name, p_slot, p_by_name, p_unfolded) x
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
         -- A bucket's value, 2·1.02^k / 2.02 (0 for bucket -400, see the histogram note of the
         -- rollups migration), clamped to the observed min and max.
         greatest(least(case when q.k50 = -400 then 0::double precision else 2 * pg_catalog.power(1.02::double precision, q.k50) / 2.02 end, t.mx), t.mn),
         greatest(least(case when q.k95 = -400 then 0::double precision else 2 * pg_catalog.power(1.02::double precision, q.k95) / 2.02 end, t.mx), t.mn),
         greatest(least(case when q.k99 = -400 then 0::double precision else 2 * pg_catalog.power(1.02::double precision, q.k99) / 2.02 end, t.mx), t.mn),
         t.mn, t.mx, coalesce(et.types, '{}'::jsonb)
  from tot t
  left join q on q.gid = t.gid
  left join et on et.gid = t.gid;
end
$$;
comment on function vigil._rollup_stats(uuid, timestamptz, timestamptz, text, text, interval, boolean, text[], vigil.unfolded_event[]) is
  'Counts, errors, avg/p50/p95/p99/min/max ms and failures by type in [p_since, p_until), per slot and (kind, name), from vigil._stats_parts (rollups for whole buckets, raw events for the rest). Percentiles are within 1% of percentile_disc; with p_percentile_names (LIKE patterns), only for the names that match one (null for the others); p_unfolded is passed on to vigil._stats_parts.';

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

grant execute on function vigil._unfolded_events(bigint) to service_role;
grant execute on function vigil._stats_parts(uuid, timestamptz, timestamptz, text, text, interval, boolean, vigil.unfolded_event[]) to authenticated, service_role;
grant execute on function vigil._rollup_stats(uuid, timestamptz, timestamptz, text, text, interval, boolean, text[], vigil.unfolded_event[]) to authenticated, service_role;
grant execute on function vigil.window_stats(uuid, timestamptz, timestamptz, text, text) to service_role;
revoke execute on all functions in schema vigil, vigil_api from public;
