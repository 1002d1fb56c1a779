-- Rollups: per (tenant, kind, name) counts, errors, duration sums and a mergeable log-bucketed
-- latency histogram at 5-minute and 1-hour grain, folded in by a maintenance step (off the ingest
-- path) from a watermark that counts every committed event exactly once, late ones included.

-- Histogram: bucket k holds durations in (1.02^(k-1), 1.02^k] ms; durations under 0.001 ms (and 0)
-- go to bucket -400, whose value is 0. A bucket is reported as 2·1.02^k / 2.02, which is within
-- 0.99% of every value the bucket can hold, so a quantile read from merged histograms is within 1%
-- of the exact rank quantile (percentile_disc). 86,400,000 ms is bucket 923: smallint keys suffice.
-- (Multi-array unnest is FROM-clause syntax and cannot be schema-qualified.)
-- The key expression is written out where it is hot (fold, raw tail) because a function with
-- `set search_path` cannot be inlined; this function is the reference the tests compare with.
create function vigil._hist_key(p_ms double precision) returns smallint
language sql immutable
set search_path = ''
as $$
  select case when p_ms is null then null when p_ms < 0.001 then -400
              else pg_catalog.ceil(pg_catalog.ln(p_ms) / 0.0198026272961797)::smallint end
$$;
comment on function vigil._hist_key(double precision) is
  'The latency histogram bucket of a duration in ms: k such that 1.02^(k-1) < ms <= 1.02^k; -400 for durations under 0.001 ms.';

create function vigil._hist_value(p_key integer) returns double precision
language sql immutable
set search_path = ''
as $$ select case when p_key = -400 then 0::double precision else 2 * pg_catalog.power(1.02::double precision, p_key) / 2.02 end $$;
comment on function vigil._hist_value(integer) is
  'The value reported for a histogram bucket: the point whose relative distance to both bucket edges is equal (at most 0.99%).';

-- Histograms are two parallel arrays sorted by key (sparse: only buckets that hold events), so a
-- row stays small (a series with about one event a minute fills ~60 buckets an hour) and merging
-- is unnest + group by, not a row per bucket.
create function vigil._hist_merge(p_keys1 smallint[], p_counts1 integer[], p_keys2 smallint[], p_counts2 integer[])
returns table (keys smallint[], counts integer[])
language sql immutable
set search_path = ''
as $$
  select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}')
  from (
    select u.k, pg_catalog.sum(u.c)::integer n
    from (select * from unnest(p_keys1, p_counts1) a(k, c)
          union all select * from unnest(p_keys2, p_counts2) b(k, c)) u(k, c)
    group by u.k
  ) m
$$;
comment on function vigil._hist_merge(smallint[], integer[], smallint[], integer[]) is
  'Adds two sparse histograms (sorted keys with their counts).';

-- A second, coarse level over the same histogram: coarse bucket c = k >> 4 spans 16 fine buckets
-- (a ratio of 1.37), with its count and where its fine buckets start in hist_keys (1-based). A
-- quantile then merges the few coarse entries of each row to find its coarse bucket, and only that
-- bucket's slice of fine entries: at 10M events a 24-hour question touched ~115,000 fine entries
-- in full and touches about a quarter of that this way, whatever the density.
create function vigil._hist_coarse(p_keys smallint[], p_counts integer[])
returns table (keys smallint[], counts integer[], starts integer[])
language sql immutable
set search_path = ''
as $$
  select coalesce(pg_catalog.array_agg(c.ck order by c.ck), '{}'), coalesce(pg_catalog.array_agg(c.n order by c.ck), '{}'),
         coalesce(pg_catalog.array_agg(c.s order by c.ck), '{}')
  from (select (u.k >> 4)::smallint ck, pg_catalog.sum(u.c)::integer n, pg_catalog.min(u.i)::integer s
        from unnest(p_keys, p_counts) with ordinality u(k, c, i)
        group by 1) c
$$;
comment on function vigil._hist_coarse(smallint[], integer[]) is
  'The coarse level of a sorted sparse histogram: keys k >> 4, their counts, and the 1-based position where each starts in the fine keys.';

create function vigil._jsonb_add_counts(p_a jsonb, p_b jsonb) returns jsonb
language sql immutable
set search_path = ''
as $$
  select coalesce(pg_catalog.jsonb_object_agg(s.k, s.n), '{}'::jsonb)
  from (select u.key k, pg_catalog.sum(u.value::bigint) n
        from (select * from pg_catalog.jsonb_each_text(coalesce(p_a, '{}'::jsonb))
              union all select * from pg_catalog.jsonb_each_text(coalesce(p_b, '{}'::jsonb))) u
        group by u.key) s
$$;
comment on function vigil._jsonb_add_counts(jsonb, jsonb) is 'Adds two {key: count} objects key by key.';

create table vigil.rollups (
  tenant_id uuid not null,
  grain smallint not null check (grain in (5, 60)),
  bucket_start timestamptz not null,
  kind text collate "C" not null,
  name text collate "C" not null,
  count bigint not null,
  errors bigint not null,
  timed bigint not null,
  sum_ms double precision not null,
  min_ms double precision,
  max_ms double precision,
  hist_keys smallint[] not null,
  hist_counts integer[] not null,
  coarse_keys smallint[] not null default '{}',
  coarse_counts integer[] not null default '{}',
  coarse_starts integer[] not null default '{}',
  fail_keys smallint[] not null default '{}',
  fail_counts integer[] not null default '{}',
  error_types jsonb not null default '{}'::jsonb,
  primary key (tenant_id, grain, bucket_start, kind, name)
);
comment on table vigil.rollups is
  'Per tenant, kind, name and 5-minute or 1-hour bucket of occurred_at: what stats need, so a 24 h question reads ~24 rows per series instead of every event. Keyed tenant first, then time: "one tenant, all operations, last 24 h" is one range.';
comment on column vigil.rollups.grain is 'Bucket width in minutes: 5 (for series and window edges) or 60 (for long windows).';
comment on column vigil.rollups.timed is 'Events that carried a duration_ms; the histogram and sum_ms cover only these.';
comment on column vigil.rollups.hist_keys is 'Sorted latency histogram buckets (see vigil._hist_key); parallel to hist_counts.';
comment on column vigil.rollups.coarse_keys is 'The histogram one level up (see vigil._hist_coarse): coarse_counts per coarse bucket, coarse_starts where it begins in hist_keys.';
comment on column vigil.rollups.fail_keys is 'The latency histogram of the failed events alone (parallel to fail_counts): with it an SLO can count slow successes without counting a slow failure twice.';
comment on column vigil.rollups.error_types is 'Failed events by error_type ({"TimeoutError": 3}); "unknown" when the event had none.';

alter table vigil.rollups enable row level security;
grant select on vigil.rollups to authenticated;
grant all on vigil.rollups to service_role;
create policy rollups_members_read on vigil.rollups for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy rollups_service on vigil.rollups for all to service_role using (true) with check (true);

-- The watermark. Events are folded by the transaction that wrote them, not by id or received_at:
-- ids are drawn before commit, so a later id can become visible before an earlier one, and
-- received_at is the writer's transaction start, which can be long before its commit. Each pass k
-- takes X_k = its snapshot's xmin, lowered to its own xid (every transaction older than X_k has
-- finished, so the set of rows it wrote is final) and folds exactly the rows whose inserting xid
-- lies in [X_{k-1}, X_k). The intervals of successive passes tile the xid line, so every committed
-- row is folded once, whenever it committed and whatever its occurred_at (late events land in their
-- old buckets); rows of transactions still open wait for a later pass.
-- To find those rows without a full scan, a pass that starts without an xid of its own records the
-- id sequence's value L and then takes its xid N (xids are handed out in order). A writer whose xid
-- is above N_p got it after pass p began, and draws its ids in the statement that takes its xid,
-- so its ids exceed the L of the pass before p (a whole pass of margin). With p the newest recorded
-- pass with N_p < X_k, that L is the id floor: every unfolded row lies above it, and passes and
-- stats find unfolded rows through a BRIN index on id. In steady state the floor trails by two
-- passes. (An app that draws ids with nextval in one statement and inserts them much later is
-- outside this argument; Vigil's own writers never do.)
create table vigil.rollup_state (
  singleton boolean primary key default true check (singleton),
  xid_horizon xid8,
  id_floor bigint not null default 0,
  folded_at timestamptz,
  passes bigint not null default 0
);
comment on table vigil.rollup_state is
  'One row: rows written by transactions older than xid_horizon are folded into vigil.rollups; every row not yet folded has id > id_floor.';
comment on column vigil.rollup_state.xid_horizon is 'The snapshot xmin of the last pass; null before the first.';
insert into vigil.rollup_state default values;

create table vigil.rollup_passes (
  xid xid8 primary key,
  last_id bigint not null,
  taken_at timestamptz not null default pg_catalog.now(),
  folded bigint not null
);
comment on table vigil.rollup_passes is
  'Recent fold passes that began without an xid: their own xid and the id sequence value read before taking it, from which the id floor is derived. Pruned to a day.';

alter table vigil.rollup_state enable row level security;
alter table vigil.rollup_passes enable row level security;
grant select on vigil.rollup_state, vigil.rollup_passes to service_role;
create policy rollup_state_service on vigil.rollup_state for select to service_role using (true);
create policy rollup_passes_service on vigil.rollup_passes for select to service_role using (true);

-- A BRIN index costs next to nothing at insert (ids grow with the physical order of each day
-- partition) and lets a pass and the stats' raw tail read only the newest pages.
-- autosummarize asks autovacuum to summarize each range as it fills, and every pass summarizes the
-- new ranges itself: an unsummarized range matches every query, so it would be read in full.
create index events_id_brin on vigil.events using brin (id) with (pages_per_range = 16, autosummarize = on);

-- Folds the events committed since the last pass into vigil.rollups. Security definer because it
-- reads the id sequence and writes rollups for every tenant; it checks the caller first.
create function vigil.fold_rollups() returns jsonb
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
    from fresh f cross join (values (5::smallint, interval '5 minutes'), (60::smallint, interval '1 hour')) w(grain, width)
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
        (select m.keys, m.counts, c.keys, c.counts, c.starts
         from vigil._hist_merge(r.hist_keys, r.hist_counts, excluded.hist_keys, excluded.hist_counts) m
         cross join lateral vigil._hist_coarse(m.keys, m.counts) c),
      (fail_keys, fail_counts) = (select m.keys, m.counts
                                  from vigil._hist_merge(r.fail_keys, r.fail_counts, excluded.fail_keys, excluded.fail_counts) m),
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
  'Folds every event committed since the last pass into vigil.rollups (5-minute and 1-hour buckets), late events included, each exactly once. Run by maintenance every minute; safe to call any time.';

create function vigil._step_rollups() returns jsonb
language sql
set search_path = ''
as $$ select vigil.fold_rollups() $$;
comment on function vigil._step_rollups() is 'Maintenance step: fold new events into vigil.rollups.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('rollups', 'vigil._step_rollups()', 20, 'Fold events committed since the last pass into 5-minute and 1-hour rollups.');

grant execute on function vigil._hist_key(double precision) to authenticated, service_role;
grant execute on function vigil._hist_value(integer) to authenticated, service_role;
grant execute on function vigil._hist_merge(smallint[], integer[], smallint[], integer[]) to service_role;
grant execute on function vigil._jsonb_add_counts(jsonb, jsonb) to service_role;
grant execute on function vigil._hist_coarse(smallint[], integer[]) to service_role;
grant execute on function vigil.fold_rollups() to service_role;
grant execute on function vigil._step_rollups() to service_role;

revoke execute on all functions in schema vigil, vigil_api from public;
