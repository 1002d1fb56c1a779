-- Two more rollup grains, 15 minutes and 6 hours, so a window is tiled greedily by the coarsest
-- buckets that fit: a 24-hour question reads about 3 six-hour, 5 hourly, 3 quarter-hour and 4
-- five-minute rows per series (about 15) instead of 23 hourly and ~22 five-minute ones (about 49).
-- The merge cost of a stat follows the number of rows it reads, so this is what makes it flat in
-- raw rows. Edges shorter than 5 minutes still come from raw events, now added up per series
-- before they are merged (one part per series, not one per event).

lock table vigil.rollup_state in exclusive mode; -- no fold runs while the grains change

alter table vigil.rollups drop constraint rollups_grain_check;
alter table vigil.rollups add constraint rollups_grain_check check (grain in (5, 15, 60, 360));
comment on column vigil.rollups.grain is
  'Bucket width in minutes: 5, 15, 60 or 360. A window is tiled by the coarsest buckets that fit (6 hours in the middle, 5 minutes at the edges).';
comment on table vigil.rollups is
  'Per tenant, kind, name and 5-minute, 15-minute, 1-hour or 6-hour bucket of occurred_at: what stats need, so a 24 h question reads ~15 rows per series instead of every event. Keyed tenant first, then time: "one tenant, all operations, last 24 h" is a few ranges.';

-- The new grains for rollups folded before this migration: 15-minute rows from 5-minute ones,
-- 6-hour rows from hourly ones (histograms, failure histograms and error types added up).
with src as (
  select r.*, g.grain as to_grain,
         pg_catalog.date_bin(g.width, r.bucket_start, timestamptz '2000-01-01 00:00:00+00') as to_bucket
  from vigil.rollups r
  join (values (5::smallint, 15::smallint, interval '15 minutes'), (60::smallint, 360::smallint, interval '6 hours'))
    g(from_grain, grain, width) on r.grain = g.from_grain
), tot as (
  select s.tenant_id, s.to_grain, s.to_bucket, s.kind, s.name, pg_catalog.sum(s.count)::bigint c,
         pg_catalog.sum(s.errors)::bigint er, pg_catalog.sum(s.timed)::bigint tm, pg_catalog.sum(s.sum_ms) sm,
         pg_catalog.min(s.min_ms) mn, pg_catalog.max(s.max_ms) mx
  from src s group by 1, 2, 3, 4, 5
), h as (
  select x.tenant_id, x.to_grain, x.to_bucket, x.kind, x.name,
         pg_catalog.array_agg(x.k order by x.k) keys, pg_catalog.array_agg(x.n order by x.k) counts
  from (select s.tenant_id, s.to_grain, s.to_bucket, s.kind, s.name, u.k, pg_catalog.sum(u.c)::integer n
        from src s cross join lateral unnest(s.hist_keys, s.hist_counts) u(k, c) group by 1, 2, 3, 4, 5, 6) x
  group by 1, 2, 3, 4, 5
), f as (
  select x.tenant_id, x.to_grain, x.to_bucket, x.kind, x.name,
         pg_catalog.array_agg(x.k order by x.k) keys, pg_catalog.array_agg(x.n order by x.k) counts
  from (select s.tenant_id, s.to_grain, s.to_bucket, s.kind, s.name, u.k, pg_catalog.sum(u.c)::integer n
        from src s cross join lateral unnest(s.fail_keys, s.fail_counts) u(k, c) group by 1, 2, 3, 4, 5, 6) x
  group by 1, 2, 3, 4, 5
), e as (
  select x.tenant_id, x.to_grain, x.to_bucket, x.kind, x.name, pg_catalog.jsonb_object_agg(x.key, x.n) types
  from (select s.tenant_id, s.to_grain, s.to_bucket, s.kind, s.name, j.key, pg_catalog.sum(j.value::bigint) n
        from src s cross join lateral pg_catalog.jsonb_each_text(s.error_types) j group by 1, 2, 3, 4, 5, 6) x
  group by 1, 2, 3, 4, 5
)
insert into vigil.rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, min_ms, max_ms,
                           hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts, fail_keys, fail_counts, error_types)
select t.tenant_id, t.to_grain, t.to_bucket, t.kind, t.name, t.c, t.er, t.tm, t.sm, t.mn, t.mx,
       coalesce(h.keys, '{}'), coalesce(h.counts, '{}'), coalesce(c.keys, '{}'), coalesce(c.counts, '{}'), coalesce(c.starts, '{}'),
       coalesce(f.keys, '{}'), coalesce(f.counts, '{}'), coalesce(e.types, '{}'::jsonb)
from tot t
left join h using (tenant_id, to_grain, to_bucket, kind, name)
left join f using (tenant_id, to_grain, to_bucket, kind, name)
left join e using (tenant_id, to_grain, to_bucket, kind, name)
left join lateral vigil._hist_coarse(h.keys, h.counts) c on true
on conflict (tenant_id, grain, bucket_start, kind, name) do nothing;

-- The fold, as before, now for four grains.
create or replace function vigil.fold_rollups() returns jsonb
language plpgsql security definer
set search_path = ''
set jit = off
as $$
declare
  v_state vigil.rollup_state;
  v_last bigint;
  v_snap pg_catalog.pg_snapshot;
  v_x xid8;
  v_self xid8;
  v_clean boolean;
  v_floor bigint;
  v_rows bigint;
  v_series bigint;
  v_started timestamptz := pg_catalog.clock_timestamp();
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or maintenance may fold rollups.';
  end if;
  -- A caller that has written in this transaction already holds an xid taken before L is read;
  -- such a pass folds as usual but leaves no record to derive floors from.
  v_clean := pg_catalog.pg_current_xact_id_if_assigned() is null;
  select s.last_value into v_last from vigil.events_id_seq s;
  -- One pass at a time; a second caller waits and then folds what is left. Takes this pass's xid.
  select * into v_state from vigil.rollup_state for update;
  v_self := pg_catalog.pg_current_xact_id();
  v_snap := pg_catalog.pg_current_snapshot();
  v_x := pg_catalog.pg_snapshot_xmin(v_snap);
  if v_self < v_x then
    v_x := v_self;
  end if;
  if v_state.xid_horizon is not null and v_x < v_state.xid_horizon then
    v_x := v_state.xid_horizon;
  end if;

  with fresh as materialized (
    select e.tenant_id, e.kind, e.name, e.occurred_at, e.duration_ms, e.success, e.error_type,
           case when e.duration_ms is null then null when e.duration_ms < 0.001 then -400
                else pg_catalog.ceil(pg_catalog.ln(e.duration_ms) / 0.0198026272961797)::smallint end as hk
    from vigil.events e
    where e.id > v_state.id_floor
      and pg_catalog.age(e.xmin) > pg_catalog.age(v_x::xid)
      and (v_state.xid_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_state.xid_horizon::xid))
  ), g as (
    select f.*, w.grain,
           pg_catalog.date_bin(w.width, f.occurred_at, timestamptz '2000-01-01 00:00:00+00') as bucket_start
    from fresh f cross join (values (5::smallint, interval '5 minutes'), (15::smallint, interval '15 minutes'),
                                   (60::smallint, interval '1 hour'), (360::smallint, interval '6 hours')) w(grain, width)
  ), totals as (
    select g.tenant_id, g.grain, g.bucket_start, g.kind, g.name, pg_catalog.count(*) c,
           pg_catalog.count(*) filter (where not g.success) errors, pg_catalog.count(g.duration_ms) timed,
           coalesce(pg_catalog.sum(g.duration_ms), 0) s, pg_catalog.min(g.duration_ms) mn, pg_catalog.max(g.duration_ms) mx
    from g group by 1, 2, 3, 4, 5
  ), hist as (
    select h.tenant_id, h.grain, h.bucket_start, h.kind, h.name,
           pg_catalog.array_agg(h.hk order by h.hk) keys, pg_catalog.array_agg(h.n order by h.hk) counts,
           coalesce(pg_catalog.array_agg(h.hk order by h.hk) filter (where h.f > 0), '{}') fkeys,
           coalesce(pg_catalog.array_agg(h.f order by h.hk) filter (where h.f > 0), '{}') fcounts
    from (select g.tenant_id, g.grain, g.bucket_start, g.kind, g.name, g.hk, pg_catalog.count(*)::integer n,
                 pg_catalog.count(*) filter (where not g.success)::integer f
          from g where g.hk is not null group by 1, 2, 3, 4, 5, 6) h
    group by 1, 2, 3, 4, 5
  ), errs as (
    select x.tenant_id, x.grain, x.bucket_start, x.kind, x.name, pg_catalog.jsonb_object_agg(x.t, x.n) types
    from (select g.tenant_id, g.grain, g.bucket_start, g.kind, g.name, coalesce(g.error_type, 'unknown') t, pg_catalog.count(*) n
          from g where not g.success group by 1, 2, 3, 4, 5, 6) x
    group by 1, 2, 3, 4, 5
  ), upserted as (
    insert into vigil.rollups as r (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms,
                                    min_ms, max_ms, hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts,
                                    fail_keys, fail_counts, error_types)
    select t.tenant_id, t.grain, t.bucket_start, t.kind, t.name, t.c, t.errors, t.timed, t.s, t.mn, t.mx,
           coalesce(h.keys, '{}'), coalesce(h.counts, '{}'), coalesce(c.keys, '{}'), coalesce(c.counts, '{}'),
           coalesce(c.starts, '{}'), coalesce(h.fkeys, '{}'), coalesce(h.fcounts, '{}'), coalesce(x.types, '{}'::jsonb)
    from totals t
    left join hist h using (tenant_id, grain, bucket_start, kind, name)
    left join errs x using (tenant_id, grain, bucket_start, kind, name)
    left join lateral vigil._hist_coarse(h.keys::smallint[], h.counts) c on true
    on conflict (tenant_id, grain, bucket_start, kind, name) do update set
      count = r.count + excluded.count,
      errors = r.errors + excluded.errors,
      timed = r.timed + excluded.timed,
      sum_ms = r.sum_ms + excluded.sum_ms,
      min_ms = least(r.min_ms, excluded.min_ms),
      max_ms = greatest(r.max_ms, excluded.max_ms),
      (hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts) =
        (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}'),
                -- The coarse level of the merged histogram (as vigil._hist_coarse, written out: a
                -- function with its own search_path is called per row, never inlined).
                coalesce((pg_catalog.array_agg(m.k >> 4 order by m.k) filter (where m.first))::smallint[], '{}'),
                coalesce(pg_catalog.array_agg(m.cn order by m.k) filter (where m.first), '{}'),
                coalesce((pg_catalog.array_agg(m.i order by m.k) filter (where m.first))::integer[], '{}')
         from (select u.k, u.n, pg_catalog.row_number() over (order by u.k) i,
                      pg_catalog.lag(u.k >> 4) over (order by u.k) is distinct from u.k >> 4 first,
                      pg_catalog.sum(u.n) over (partition by u.k >> 4)::integer cn
               from (select v.k, pg_catalog.sum(v.c)::integer n
                     from (select * from unnest(r.hist_keys, r.hist_counts)
                           union all select * from unnest(excluded.hist_keys, excluded.hist_counts)) v(k, c)
                     group by v.k) u) m),
      (fail_keys, fail_counts) =
        (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}')
         from (select v.k, pg_catalog.sum(v.c)::integer n
               from (select * from unnest(r.fail_keys, r.fail_counts)
                     union all select * from unnest(excluded.fail_keys, excluded.fail_counts)) v(k, c)
               group by v.k) m),
      error_types = case when excluded.error_types = '{}'::jsonb then r.error_types
                         else vigil._jsonb_add_counts(r.error_types, excluded.error_types) end
    returning 1
  )
  select (select coalesce(pg_catalog.sum(t.c), 0) from totals t where t.grain = 5), (select pg_catalog.count(*) from upserted)
  into v_rows, v_series;

  if v_clean then
    insert into vigil.rollup_passes (xid, last_id, folded) values (v_self, coalesce(v_last, 0), v_rows);
  end if;
  -- The record before the newest one whose xid is below the new horizon: see the comment above.
  select q.last_id into v_floor from vigil.rollup_passes q
  where q.xid < (select pg_catalog.max(p.xid) from vigil.rollup_passes p where p.xid < v_x)
  order by q.xid desc limit 1;
  v_floor := greatest(coalesce(v_floor, v_state.id_floor), v_state.id_floor);
  delete from vigil.rollup_passes p where p.taken_at < pg_catalog.now() - interval '1 day' and p.last_id < v_floor;

  perform pg_catalog.brin_summarize_new_values(i.inhrelid)
  from pg_catalog.pg_inherits i where i.inhparent = 'vigil.events_id_brin'::regclass;

  update vigil.rollup_state set xid_horizon = v_x, id_floor = v_floor, folded_at = pg_catalog.now(),
    passes = passes + 1;

  return pg_catalog.jsonb_build_object('events', v_rows, 'rollup_rows', v_series, 'id_floor', v_floor,
    'ms', pg_catalog.round(extract(epoch from pg_catalog.clock_timestamp() - v_started)::numeric * 1000, 1));
end
$$;
comment on function vigil.fold_rollups() is
  'Folds every event committed since the last pass into vigil.rollups (5-minute, 15-minute, 1-hour and 6-hour buckets), late events included, each exactly once. Run by maintenance every minute; safe to call any time.';


-- The parts of a window. Rollups tile [a(1), b(1)) (whole 5-minute buckets) greedily: level L
-- (widths 5, 15, 60, 360 minutes) serves [a(L), a(L+1)) and [b(L+1), b(L)), the top level
-- [a(4), b(4)); a level whose aligned range inside the next finer one is empty, or whose buckets
-- would straddle two slots, collapses to a point and leaves the range to the finer level. Raw
-- events serve the edges and what is not folded yet, added up per slot and series first.
create or replace function vigil._stats_parts(
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
  v_widths constant interval[] := array[interval '5 minutes', interval '15 minutes', interval '1 hour', interval '6 hours'];
  v_a timestamptz[] := array[null, null, null, null]::timestamptz[];
  v_b timestamptz[] := array[null, null, null, null]::timestamptz[];
  v_lo timestamptz;
  v_hi timestamptz;
  v_floor bigint;
  v_horizon xid;
  v_few boolean;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  if p_since is null or p_until is null or p_until <= p_since then
    return;
  end if;
  select st.id_floor, st.xid_horizon::xid into v_floor, v_horizon from vigil.rollup_state st;
  select coalesce(q.last_value, 0) - v_floor <= 20000 into v_few from vigil.events_id_seq q;

  v_lo := p_since;
  v_hi := p_until;
  for l in 1..4 loop
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

  return query
  with ranges (grain, lo, hi) as (
    values (5::smallint, v_a[1], v_a[2]), (5::smallint, v_b[2], v_b[1]),
           (15::smallint, v_a[2], v_a[3]), (15::smallint, v_b[3], v_b[2]),
           (60::smallint, v_a[3], v_a[4]), (60::smallint, v_b[4], v_b[3]),
           (360::smallint, v_a[4], v_b[4])
  ), roll as (
    select r.* from ranges g
    cross join lateral (
      select r.* from vigil.rollups r
      where r.tenant_id = p_tenant and r.grain = g.grain and r.bucket_start >= g.lo and r.bucket_start < g.hi
        and (p_kind is null or r.kind = p_kind) and (p_name is null or r.name = p_name)) r
    where g.hi > g.lo
  ), unfolded as materialized (
    select e.tenant_id, e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where v_few and e.id > v_floor and (v_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_horizon))
  ), events as (
    -- Three scans, not one with an OR: each is an index range (the OR read the whole window).
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < v_a[1]
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where e.tenant_id = p_tenant and e.occurred_at >= v_b[1] and e.occurred_at < p_until
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
    union all
    -- Not folded yet (see vigil.rollup_state): the open tail, and late events, of the rollup range.
    -- Few rows above the id floor (the usual case: the floor trails two passes): read them all
    -- through the BRIN index and filter, instead of AND-ing with the tenant's whole window in the
    -- (tenant_id, occurred_at) index, which costs as much as the window has events.
    select u.occurred_at, u.kind, u.name, u.duration_ms, u.success, u.error_type from unfolded u
    where u.tenant_id = p_tenant and u.occurred_at >= v_a[1] and u.occurred_at < v_b[1]
      and (p_kind is null or u.kind = p_kind) and (p_name is null or u.name = p_name)
    union all
    select e.occurred_at, e.kind, e.name, e.duration_ms, e.success, e.error_type from vigil.events e
    where not v_few and e.tenant_id = p_tenant and e.occurred_at >= v_a[1] and e.occurred_at < v_b[1]
      and (p_kind is null or e.kind = p_kind) and (p_name is null or e.name = p_name)
      and e.id > v_floor and (v_horizon is null or pg_catalog.age(e.xmin) <= pg_catalog.age(v_horizon))
  ), raw as materialized (
    select case when p_slot is null then p_since else pg_catalog.date_bin(p_slot, e.occurred_at, p_since) end as s,
           case when p_by_name then e.kind::text end as k, case when p_by_name then e.name::text end as n,
           e.duration_ms, e.success, e.error_type,
           case when e.duration_ms is null then null when e.duration_ms < 0.001 then -400::smallint
                else pg_catalog.ceil(pg_catalog.ln(e.duration_ms) / 0.0198026272961797)::smallint end as key
    from events e
  ), raw_tot as (
    select w.s, w.k, w.n, pg_catalog.count(*) c, pg_catalog.count(*) filter (where not w.success) er,
           pg_catalog.count(w.duration_ms) tm, coalesce(pg_catalog.sum(w.duration_ms), 0) sm,
           pg_catalog.min(w.duration_ms) mn, pg_catalog.max(w.duration_ms) mx
    from raw w group by 1, 2, 3
  ), raw_hist as (
    select h.s, h.k, h.n, pg_catalog.array_agg(h.key order by h.key) keys, pg_catalog.array_agg(h.cnt order by h.key) counts,
           coalesce(pg_catalog.array_agg(h.key order by h.key) filter (where h.f > 0), '{}') fkeys,
           coalesce(pg_catalog.array_agg(h.f order by h.key) filter (where h.f > 0), '{}') fcounts
    from (select w.s, w.k, w.n, w.key, pg_catalog.count(*)::integer cnt, pg_catalog.count(*) filter (where not w.success)::integer f
          from raw w where w.key is not null group by 1, 2, 3, 4) h
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
  select t.s, t.k, t.n, t.c, t.er, t.tm, t.sm, t.mn, t.mx, coalesce(h.keys, '{}'), coalesce(h.counts, '{}'),
         coalesce(co.keys, '{}'), coalesce(co.counts, '{}'), coalesce(co.starts, '{}'),
         coalesce(h.fkeys, '{}'), coalesce(h.fcounts, '{}'), coalesce(x.types, '{}'::jsonb)
  from raw_tot t
  left join raw_hist h on h.s = t.s and h.k is not distinct from t.k and h.n is not distinct from t.n
  left join raw_err x on x.s = t.s and x.k is not distinct from t.k and x.n is not distinct from t.n
  left join lateral vigil._hist_coarse(h.keys, h.counts) co on true;
end
$$;
comment on function vigil._stats_parts(uuid, timestamptz, timestamptz, text, text, interval, boolean) is
  'The rollup buckets (coarsest that fit: 6 h, 1 h, 15 min, 5 min) and the raw events, added up per slot and series, that make up [p_since, p_until), labelled by slot and (kind, name); vigil._rollup_stats and the SLO counts add them up. Checks viewer access first.';

revoke execute on all functions in schema vigil, vigil_api from public;
