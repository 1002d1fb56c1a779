-- Stats from rollups: whole buckets inside the window come from vigil.rollups (the coarsest grain
-- that fits), the ragged edges and every event not folded yet come from raw rows, so answers are
-- exact in counts, fresh to the second, and their cost follows the number of buckets, not of
-- events. Then the statistics API built on them (vigil_api.summary, which also reports open alerts,
-- is defined with the alert operator API).

-- An event not folded yet, as the stats read it. A caller that asks about many windows in one
-- statement (alert evaluation: a call per tenant, window and kind) reads the unfolded rows once,
-- through vigil._unfolded_events, and hands each call its tenant's share as p_unfolded: read per
-- call, every call scanned all tenants' rows above the id floor (about a minute of traffic, 7,500
-- rows at 10M events a day), and a hundred calls read 770,000 raw rows an evaluation.
create type vigil.unfolded_event as (
  tenant_id uuid, occurred_at timestamptz, kind text collate "C", name text collate "C",
  duration_ms double precision, success boolean, error_type text, hist_key smallint,
  value double precision, value_key smallint
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
  -- The watermark read once; its values are not correlated with the rows, so each is computed once.
  with w as materialized (
    select st.id_floor, coalesce(q.last_value, 0) - st.id_floor <= p_max as few
    from vigil.rollup_state st, vigil.events_id_seq q
  )
  select e.tenant_id, pg_catalog.array_agg(row(e.tenant_id, e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key, e.value, e.value_key)::vigil.unfolded_event)
  from vigil.events_derived e
  where (select w.few from w) and e.id > (select w.id_floor from w)
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
  p_unfolded vigil.unfolded_event[] default null,
  p_dimension text default null
) returns table (
  s timestamptz, k text, n text, c bigint, er bigint, tm bigint, sm double precision, mn double precision,
  mx double precision, hk smallint[], hc integer[], ck smallint[], cc integer[], cs integer[], fk smallint[],
  fc integer[], et jsonb, vn bigint, vs double precision, vmn double precision, vmx double precision,
  vk smallint[], vc integer[]
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
  v_few boolean;
  v_open timestamptz;
  v_w interval;
  v_mfrom timestamptz;
  v_rs timestamptz;
  v_re timestamptz;
  v_kinds boolean := (not p_by_name and p_name is null) or p_dimension is not null;
  -- p_dimension (an attribute registered on p_kind and p_name): parts per value of it, labelled n,
  -- from vigil.dimension_rollups (5 minutes up, like a kind's rows) and raw events; a value the fold
  -- has not admitted is 'other' once the dimension is full. Such a call reads its own unfolded rows
  -- (p_unfolded carries no attributes).
  v_own boolean := p_unfolded is null or p_dimension is not null;
  v_known text[];
  v_room boolean;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_since is null or p_until is null or p_until <= p_since then
    return;
  end if;
  if p_dimension is not null then
    select coalesce(pg_catalog.array_agg(v.value::text), '{}') into v_known from vigil.dimension_values v
    where v.tenant_id = p_tenant and v.kind = p_kind and v.name = p_name and v.attribute = p_dimension;
    select pg_catalog.cardinality(v_known) < d.cap into v_room from vigil.metric_dimensions d
    where d.tenant_id = p_tenant and d.kind = p_kind and d.name = p_name and d.attribute = p_dimension;
  end if;
  select st.id_floor, st.minute_from into v_floor, v_mfrom from vigil.rollup_state st;
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
  -- (vigil.kind_rollups has no minute rows: a kind's edges are read raw up to 5-minute boundaries.)
  v_w := case when pg_catalog.date_bin(v_widths[1], p_until, v_epoch) >= v_mfrom and not v_kinds then v_widths[1] else v_widths[2] end;
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
  v_rs := case when v_a[1] >= v_mfrom and not v_kinds then v_a[1] else v_a[2] end;
  v_re := case when v_b[2] >= v_mfrom and not v_kinds then v_b[1] else v_b[2] end;

  return query
  with ranges (grain, lo, hi) as (
    values (1::smallint, v_rs, v_a[2]), (1::smallint, v_b[2], v_re),
           (5::smallint, v_a[2], v_a[3]), (5::smallint, v_b[3], v_b[2]),
           (15::smallint, v_a[3], v_a[4]), (15::smallint, v_b[4], v_b[3]),
           (60::smallint, v_a[4], v_a[5]), (60::smallint, v_b[5], v_b[4]),
           (360::smallint, v_a[5], v_b[5])
  ), roll as (
    -- A kind's rows over all its names (vigil.kind_rollups) when names are neither asked for nor
    -- told apart: a row per bucket instead of one per name and bucket.
    select r.* from ranges g
    cross join lateral (
      select r.* from vigil.rollups r
      where not v_kinds and r.tenant_id = p_tenant and r.grain = g.grain and r.bucket_start >= g.lo and r.bucket_start < g.hi
        and (p_kind is null or r.kind = p_kind) and (p_name is null or r.name = p_name)
      union all
      select r.* from vigil.kind_rollups r
      where v_kinds and r.tenant_id = p_tenant and r.grain = g.grain and r.bucket_start >= g.lo and r.bucket_start < g.hi
        and (p_kind is null or r.kind = p_kind)) r
    where g.hi > g.lo and p_dimension is null
  ), droll as (
    select r.* from ranges g
    cross join lateral (
      select r.* from vigil.dimension_rollups r
      where r.tenant_id = p_tenant and r.grain = g.grain and r.bucket_start >= g.lo and r.bucket_start < g.hi
        and r.kind = p_kind and r.name = p_name and r.attribute = p_dimension) r
    where g.hi > g.lo and p_dimension is not null
  ), unfolded as materialized (
    select e.tenant_id, e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key,
           e.value, e.value_key, e.attributes ->> p_dimension dv from vigil.events_derived e
    where v_own and v_few and e.id > v_floor
      and e.occurred_at >= v_rs and e.occurred_at < least(v_re, p_until)
  ), events as (
    -- Three scans, not one with an OR: each is an index range (the OR read the whole window).
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key,
           e.value, e.value_key, e.attributes ->> p_dimension dv from vigil.events_derived e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < v_rs
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key,
           e.value, e.value_key, e.attributes ->> p_dimension dv from vigil.events_derived e
    where e.tenant_id = p_tenant and e.occurred_at >= v_re and e.occurred_at < p_until
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    -- Not folded yet (see vigil.rollup_state): the open tail, and late events, of the rollup range.
    -- Few rows above the id floor (the usual case: the floor trails one pass): read them all
    -- through the BRIN index and filter, instead of AND-ing with the tenant's whole window in the
    -- (tenant_id, occurred_at) index, which costs as much as the window has events.
    select u.occurred_at, u.kind, u.name, u.duration_ms, u.success, u.error_type, u.hist_key, u.value, u.value_key, u.dv from unfolded u
    where u.tenant_id = p_tenant and u.occurred_at >= v_rs and u.occurred_at < least(v_re, p_until)
      and (p_kind is null or u.kind = p_kind) and (p_name is null or u.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type, e.hist_key,
           e.value, e.value_key, e.attributes ->> p_dimension dv from vigil.events_derived e
    where v_own and not v_few and e.tenant_id = p_tenant and e.occurred_at >= v_rs and e.occurred_at < least(v_re, p_until)
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
      and e.id > v_floor
    union all
    -- Or the caller's: this tenant's unfolded rows, read once for many calls (vigil._unfolded_events),
    -- in the snapshot this function sees (a stable function shares its caller's). A caller can only
    -- put rows into its own answer, for a tenant it may read.
    select u.occurred_at, u.kind, u.name, u.duration_ms, u.success, u.error_type, u.hist_key, u.value, u.value_key, null
    from unnest(p_unfolded) u
    where not v_own and u.tenant_id = p_tenant and u.occurred_at >= v_rs and u.occurred_at < least(v_re, p_until)
      and (p_kind is null or u.kind = p_kind) and (p_name is null or u.name = p_name)
  ), raw as materialized (
    select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, e.occurred_at, p_since) end as s,
           case when p_by_name then e.kind::text end as k,
           case when p_dimension is not null then
                  case when coalesce(e.dv, '') = any(v_known) or v_room then coalesce(e.dv, '') else 'other' end
                when p_by_name then e.name::text end as n,
           e.duration_ms, e.success, e.error_type, e.hist_key as key, e.value, e.value_key
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
  ), raw_val as (
    -- The raw rows' values per series: totals and the signed histogram (see vigil._value_key).
    select x.s, x.k, x.n, pg_catalog.sum(x.cnt)::bigint vn, pg_catalog.sum(x.sm) vs, pg_catalog.min(x.mn) vmn,
           pg_catalog.max(x.mx) vmx, pg_catalog.array_agg(x.value_key order by x.value_key) vk,
           pg_catalog.array_agg(x.cnt order by x.value_key) vc
    from (select w.s, w.k, w.n, w.value_key, pg_catalog.count(*)::integer cnt, pg_catalog.sum(w.value) sm,
                 pg_catalog.min(w.value) mn, pg_catalog.max(w.value) mx
          from raw w where w.value is not null group by 1, 2, 3, 4) x
    group by 1, 2, 3
  )
  select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, r.bucket_start, p_since) end,
         case when p_by_name then r.kind::text end, case when p_by_name then r.name::text end,
         r.count, r.errors, r.timed, r.sum_ms, r.min_ms, r.max_ms, r.hist_keys, r.hist_counts,
         r.coarse_keys, r.coarse_counts, r.coarse_starts, r.fail_keys, r.fail_counts, r.error_types,
         r.valued, r.sum_value, r.min_value, r.max_value, r.value_keys, r.value_counts
  from roll r
  union all
  -- A dimension's rows: counts and values only (see vigil.dimension_rollups), labelled by its value.
  select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, d.bucket_start, p_since) end,
         case when p_by_name then d.kind::text end, d.value::text, d.count, d.errors, 0::bigint, 0::double precision, null, null,
         '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}'::jsonb, d.valued, d.sum_value, d.min_value, d.max_value, d.value_keys, d.value_counts
  from droll d
  union all
  select t.s, t.k, t.n, t.c, t.er, coalesce(t.tm, 0), t.sm, t.mn, t.mx, t.keys, t.counts, t.ckeys, t.ccounts, t.cstarts,
         t.fkeys, t.fcounts, coalesce(x.types, '{}'::jsonb),
         coalesce(v.vn, 0), coalesce(v.vs, 0), v.vmn, v.vmx, coalesce(v.vk, '{}'), coalesce(v.vc, '{}')
  from raw_hist t
  left join raw_err x on x.s = t.s and x.k is not distinct from t.k and x.n is not distinct from t.n
  left join raw_val v on v.s = t.s and v.k is not distinct from t.k and v.n is not distinct from t.n;
end
$$;
comment on function vigil._stats_parts(uuid, timestamptz, timestamptz, text, text, interval, boolean, vigil.unfolded_event[], text) is
  'The rollup buckets (coarsest that fit: 6 h, 1 h, 15 min, 5 min, and 1 min in the recent past) and the raw events, added up per slot and series, that make up [p_since, p_until), labelled by slot and (kind, name); vigil._rollup_stats and the SLO counts add them up. Checks viewer access first. p_unfolded: the tenant''s unfolded rows, when the caller read them once for many calls (vigil._unfolded_events). p_dimension (with p_kind and p_name): the parts per value of that registered dimension, labelled n, with counts and values only.';

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
  error_types jsonb,
  valued bigint,
  sum_value double precision
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
                 pg_catalog.sum(p.sm) sm, pg_catalog.min(p.mn) mn, pg_catalog.max(p.mx) mx,
                 pg_catalog.sum(p.vn)::bigint vn, pg_catalog.sum(p.vs) vs
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
    -- A bucket's value, 2·1.02^k / 2.02 (0 for bucket -400, see the histogram note of the rollups
    -- migration), for the first key whose running count reaches the rank.
    select v.gid,
           pg_catalog.min(v.ms) filter (where v.q = 1) p50,
           pg_catalog.min(v.ms) filter (where v.q = 2) p95,
           pg_catalog.min(v.ms) filter (where v.q = 3) p99
    from (select f.gid, f.q, case when pg_catalog.min(f.key) = -400 then 0::double precision
                                   else 2 * pg_catalog.power(1.02::double precision, pg_catalog.min(f.key)) / 2.02 end ms
          from fcum f join targets g on g.gid = f.gid and g.q = f.q
          where f.running >= g.inner_rank
          group by f.gid, f.q) v
    group by v.gid
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
         -- Clamped to the observed min and max.
         greatest(least(q.p50, t.mx), t.mn), greatest(least(q.p95, t.mx), t.mn), greatest(least(q.p99, t.mx), t.mn),
         t.mn, t.mx, coalesce(et.types, '{}'::jsonb), t.vn, t.vs
  from tot t
  left join q on q.gid = t.gid
  left join et on et.gid = t.gid;
end
$$;
comment on function vigil._rollup_stats(uuid, timestamptz, timestamptz, text, text, interval, boolean, text[], vigil.unfolded_event[]) is
  'Counts, errors, avg/p50/p95/p99/min/max ms, failures by type, and events with a value and their sum in [p_since, p_until), per slot and (kind, name), from vigil._stats_parts (rollups for whole buckets, raw events for the rest). Percentiles are within 1% of percentile_disc; with p_percentile_names (LIKE patterns), only for the names that match one (null for the others); p_unfolded is passed on to vigil._stats_parts.';

create function vigil.window_stats(
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
grant execute on function vigil._stats_parts(uuid, timestamptz, timestamptz, text, text, interval, boolean, vigil.unfolded_event[], text) to authenticated, service_role;
grant execute on function vigil._rollup_stats(uuid, timestamptz, timestamptz, text, text, interval, boolean, text[], vigil.unfolded_event[]) to authenticated, service_role;
grant execute on function vigil.window_stats(uuid, timestamptz, timestamptz, text, text) to service_role;

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

-- What every statistics RPC checks first, in this order: viewer access, then the window.
create function vigil._check_stats_call(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  perform vigil._check_window(p_since, p_until);
end
$$;
comment on function vigil._check_stats_call(uuid, timestamptz, timestamptz) is
  'Raises 42501 unless the caller is a viewer of p_tenant (or the service role), then 22023 unless since < until.';

-- A series' buckets: a positive width, at most 5000 of them in the window.
create function vigil._check_buckets(p_since timestamptz, p_until timestamptz, p_bucket interval) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_bucket is null or p_bucket <= interval '0' then
    raise exception using errcode = '22023', message = 'bucket must be a positive interval.';
  end if;
  if extract(epoch from p_until - p_since) / extract(epoch from p_bucket) > 5000 then
    raise exception using errcode = '22023', message = 'A series holds at most 5000 buckets: widen the bucket or narrow the window.';
  end if;
end
$$;
comment on function vigil._check_buckets(timestamptz, timestamptz, interval) is
  'Raises 22023 unless p_bucket is positive and [p_since, p_until) holds at most 5000 buckets of it.';

create function vigil._check_limit(p_limit integer, p_max integer) returns void
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_limit is null or p_limit not between 1 and p_max then
    raise exception using errcode = '22023', message = pg_catalog.format('limit must be between 1 and %s.', p_max);
  end if;
end
$$;
comment on function vigil._check_limit(integer, integer) is 'Raises 22023 "limit must be between 1 and <p_max>." unless 1 <= p_limit <= p_max.';

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
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  perform vigil._check_limit(p_limit, 1000);
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
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_metric is null or p_metric not in ('count', 'errors', 'error_rate', 'success_rate', 'avg_ms',
                                          'latency_p50', 'latency_p95', 'latency_p99') then
    raise exception using errcode = '22023',
      message = pg_catalog.format('Unknown metric %s: use count, errors, error_rate, success_rate, avg_ms, latency_p50, latency_p95 or latency_p99.',
                                  coalesce(pg_catalog.quote_literal(p_metric), 'null'));
  end if;
  perform vigil._check_buckets(p_since, p_until, p_bucket);

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
  p95_change double precision,
  value_sum double precision,
  value_sum_before double precision,
  value_sum_change double precision,
  value_avg double precision,
  value_avg_before double precision
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
         case when b.p95_ms > 0 then a.p95_ms / b.p95_ms - 1 end,
         -- Values (order totals, scores) where the operation carries them: sums and their change, averages.
         case when a.valued > 0 or b.valued > 0 then coalesce(a.sum_value, 0) end,
         case when a.valued > 0 or b.valued > 0 then coalesce(b.sum_value, 0) end,
         case when b.sum_value <> 0 then coalesce(a.sum_value, 0) / b.sum_value - 1 end,
         a.sum_value / nullif(a.valued, 0), b.sum_value / nullif(b.valued, 0)
  from now_ a full join before b on a.kind = b.kind and a.name = b.name
  order by coalesce(a.count, 0) desc, 1, 2;
end
$$;
comment on function vigil_api.compare(uuid, interval, timestamptz, text) is
$$Each operation in [p_until - p_window, p_until) against the same window one week earlier: counts, error rates and
p95 now and then, with the change (count and p95 as a relative change, 0.25 = +25%; error rate as a difference), and
for operations whose events carry a value the sum of values (and its relative change) and their average.
An operation present in only one window appears with zeros and nulls on the other side. Viewers and up, or the service role.$$;

-- Raw-event readers for the small kinds. Security definer so RLS is not evaluated per row; each
-- checks access and the window first, and the API function of the same name only calls it.
create function vigil._web_vitals(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (name text, count bigint, p75 double precision, rating text, good double precision,
               needs_improvement double precision, poor double precision, good_threshold double precision,
               poor_threshold double precision)
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
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
language sql stable security invoker
set search_path = ''
as $$ select * from vigil._web_vitals(p_tenant, p_since, p_until) $$;
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
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
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
language sql stable security invoker
set search_path = ''
as $$ select * from vigil._cache_stats(p_tenant, p_since, p_until) $$;
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
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
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
language sql stable security invoker
set search_path = ''
as $$ select * from vigil._fallback_stats(p_tenant, p_since, p_until) $$;
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
  select pg_catalog.jsonb_agg(pg_catalog.to_jsonb(x) order by x.occurred_at, x.id), pg_catalog.count(*)::integer
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
  perform vigil._check_stats_call(p_tenant, p_since, p_until);
  if p_format is null or p_format not in ('csv', 'json') then
    raise exception using errcode = '22023', message = 'format must be csv or json.';
  end if;
  perform vigil._check_limit(p_limit, 10000);
  return vigil._export(p_tenant, p_since, p_until, p_format, p_cursor, p_limit);
end
$$;
comment on function vigil_api.export(uuid, timestamptz, timestamptz, text, text, integer) is
$$Raw events of [p_since, p_until) in occurrence order, one page of at most p_limit (default 1000, at most 10000):
{"format", "count", "next_cursor", "data"}, where data is CSV text (a header line on the first page) or a JSON array.
Pass next_cursor back as p_cursor for the next page; it is null on the last page. Viewers and up, or the service role.$$;

grant execute on function vigil._check_window(timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._check_stats_call(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._check_buckets(timestamptz, timestamptz, interval) to authenticated, service_role;
grant execute on function vigil._check_limit(integer, integer) to authenticated, service_role;
grant execute on function vigil._exact_stats(uuid, timestamptz, timestamptz, text, text) to authenticated, service_role;
grant execute on function vigil._web_vitals(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._cache_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._fallback_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil._csv_field(text) to authenticated, service_role;
grant execute on function vigil._export(uuid, timestamptz, timestamptz, text, text, integer) to authenticated, service_role;
grant execute on function vigil_api.operation_stats(uuid, timestamptz, timestamptz, text, text, integer, boolean, text) to authenticated, service_role;
grant execute on function vigil_api.timeseries(uuid, text, timestamptz, timestamptz, interval, text, text) to authenticated, service_role;
grant execute on function vigil_api.compare(uuid, interval, timestamptz, text) to authenticated, service_role;
grant execute on function vigil_api.web_vitals(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.cache_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.fallback_stats(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.export(uuid, timestamptz, timestamptz, text, text, integer) to authenticated, service_role;
