-- Rollups: per (tenant, kind, name) counts, errors, duration sums and a mergeable log-bucketed
-- latency histogram at 5-minute, 15-minute, 1-hour and 6-hour grain (and 1-minute for the last few
-- hours), folded in by a maintenance step (off the ingest path) from a watermark that counts every
-- committed event exactly once, late ones included.

-- Histogram: bucket k holds durations in (1.02^(k-1), 1.02^k] ms; durations under 0.001 ms (and 0)
-- go to bucket -400, whose value is 0. A bucket is reported as 2·1.02^k / 2.02, which is within
-- 0.99% of every value the bucket can hold, so a quantile read from merged histograms is within 1%
-- of the exact rank quantile (percentile_disc). 86,400,000 ms is bucket 923: smallint keys suffice.
-- (Multi-array unnest is FROM-clause syntax and cannot be schema-qualified.)
-- Events get their key from vigil.events_derived (the same expression, inlined by the planner, which
-- never inlines a function with `set search_path`); this function keys a single duration (an SLO's
-- threshold) and is the reference the tests compare the view and the fold with.
create function vigil._hist_key(p_ms double precision) returns smallint
language sql immutable
set search_path = ''
as $$
  select case when p_ms is null then null when p_ms < 0.001 then -400
              else pg_catalog.ceil(pg_catalog.ln(p_ms) / 0.0198026272961797)::smallint end
$$;
comment on function vigil._hist_key(double precision) is
  'The latency histogram bucket of a duration in ms: k such that 1.02^(k-1) < ms <= 1.02^k; -400 for durations under 0.001 ms.';

-- Values (an order total, a score, a refund) are signed, so their histogram mirrors the duration
-- scheme around 0: |v| in (1.02^(j-1), 1.02^j] goes to key j + 400 with the sign of v, and |v| under
-- 0.001 to key 0, whose value is 0. Keys sort as the values do, so a quantile walks them in order, and
-- a key's value ±2·1.02^(|k|-400) / 2.02 is within 0.99% of every value it holds (ingest bounds values
-- to ±1e15: |key| <= 2145, a smallint). Inlined in vigil.events_derived; this is the reference.
create function vigil._value_key(p_value double precision) returns smallint
language sql immutable
set search_path = ''
as $$
  select case when p_value is null then null when pg_catalog.abs(p_value) < 0.001 then 0::smallint
              else (pg_catalog.sign(p_value) * least(pg_catalog.ceil(pg_catalog.ln(pg_catalog.abs(p_value)) / 0.0198026272961797) + 400, 32767))::smallint end
$$;
comment on function vigil._value_key(double precision) is
  'The signed value histogram bucket of a value: sign(v)·(j + 400) with 1.02^(j-1) < |v| <= 1.02^j; 0 for |v| under 0.001.';

-- A value histogram key's representative value (see vigil._value_key).
create function vigil._value_of_key(p_key smallint) returns double precision
language sql immutable
set search_path = ''
as $$
  select case when p_key = 0 then 0::double precision
              else pg_catalog.sign(p_key) * 2 * pg_catalog.power(1.02::double precision, pg_catalog.abs(p_key) - 400) / 2.02 end
$$;
comment on function vigil._value_of_key(smallint) is
  'The value a signed value histogram key stands for: ±2·1.02^(|k|-400)/2.02, 0 for key 0; within 1% of every value of the key.';

-- Histograms are two parallel arrays sorted by key (sparse: only buckets that hold events), so a
-- row stays small (a series with about one event a minute fills ~60 buckets an hour) and merging
-- is unnest + group by, not a row per bucket: the fold's upsert merges that way, written out (a
-- function with its own search_path is never inlined).

-- A second, coarse level over the same histogram: coarse bucket c = k >> 4 spans 16 fine buckets
-- (a ratio of 1.37), with its count and where its fine buckets start in hist_keys (1-based). A
-- quantile then merges the few coarse entries of each row to find its coarse bucket, and only that
-- bucket's slice of fine entries: at 10M events a 24-hour question touched ~115,000 fine entries
-- in full and touches about a quarter of that this way, whatever the density. Written out where it
-- is hot (the fold, the stats' raw edges); this function is the definition test 610 compares with.
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

-- Four grains from 5 minutes up, so a window is tiled greedily by the coarsest buckets that fit: a
-- 24-hour question reads about 3 six-hour, 5 hourly, 3 quarter-hour and 4 five-minute rows per series
-- (about 15) instead of 23 hourly and ~22 five-minute ones (about 49) with two. The merge cost of a
-- stat follows the number of rows it reads, so this is what makes it flat in raw rows. Minute rows,
-- kept for the recent past only (see rollups_minute_idx below), tile the edges there; elsewhere an
-- edge shorter than 5 minutes comes from raw events, added up per series before it is merged.
-- Two parts of one table: vigil.rollups, a row per (kind, name), and vigil.kind_rollups, a row per
-- kind over all its names (name ''). A chart of a whole kind (timeseries without a name) then reads
-- one row per bucket instead of one per operation and bucket, and merges one histogram instead of
-- fifty. One partitioned table, so the fold writes both with one upsert (the histogram merge is
-- written once) and pruning and deletion reach both. '' is never an event's name (ingest refuses
-- blank names), so the two parts cannot meet. Kind rows start at 5 minutes: minute rows would add a
-- fifth to the fold's work for edges of under 5 minutes, which a kind's reader reads raw instead.
create table vigil.all_rollups (
  tenant_id uuid not null,
  grain smallint not null check (grain in (1, 5, 15, 60, 360)),
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
  valued bigint not null default 0,
  sum_value double precision not null default 0,
  min_value double precision,
  max_value double precision,
  value_keys smallint[] not null default '{}',
  value_counts integer[] not null default '{}',
  primary key (tenant_id, grain, bucket_start, kind, name)
) partition by list (name);
create table vigil.kind_rollups partition of vigil.all_rollups for values in ('');
create table vigil.rollups partition of vigil.all_rollups default;
comment on table vigil.all_rollups is
  'Rollup rows of both parts: vigil.rollups (per kind and name) and vigil.kind_rollups (per kind, name '''').';
comment on table vigil.kind_rollups is
  'Per tenant, kind and bucket of 5 minutes or more, over all names of the kind (name ''''): what vigil.rollups holds, added up over the names. Written by the same fold.';
comment on table vigil.rollups is
  'Per tenant, kind, name and 5-minute, 15-minute, 1-hour or 6-hour bucket of occurred_at: what stats need, so a 24 h question reads ~15 rows per series instead of every event. Keyed tenant first, then time: "one tenant, all operations, last 24 h" is a few ranges.';
comment on column vigil.all_rollups.grain is
  'Bucket width in minutes: 1 (the last vigil.rollup_state.minute_horizon only), 5, 15, 60 or 360. A window is tiled by the coarsest that fit.';
comment on column vigil.all_rollups.name is 'The event name; '''' in vigil.kind_rollups, whose rows cover every name of the kind.';
comment on column vigil.all_rollups.timed is 'Events that carried a duration_ms; the histogram and sum_ms cover only these.';
comment on column vigil.all_rollups.hist_keys is 'Sorted latency histogram buckets (see vigil._hist_key); parallel to hist_counts.';
comment on column vigil.all_rollups.coarse_keys is 'The histogram one level up (see vigil._hist_coarse): coarse_counts per coarse bucket, coarse_starts where it begins in hist_keys.';
comment on column vigil.all_rollups.fail_keys is 'The latency histogram of the failed events alone (parallel to fail_counts): with it an SLO can count slow successes without counting a slow failure twice.';
comment on column vigil.all_rollups.valued is 'Events that carried a value; sum_value, min_value, max_value and the value histogram cover only these.';
comment on column vigil.all_rollups.value_keys is 'Sorted signed value histogram buckets (see vigil._value_key); parallel to value_counts.';
comment on column vigil.all_rollups.error_types is 'Failed events by error_type ({"TimeoutError": 3}); "unknown" when the event had none.';

-- Members read their tenant's rows of either part; the fold and the stats read them as the owner.
alter table vigil.all_rollups enable row level security;
alter table vigil.rollups enable row level security;
alter table vigil.kind_rollups enable row level security;
grant select on vigil.all_rollups, vigil.rollups, vigil.kind_rollups to authenticated;
grant all on vigil.all_rollups, vigil.rollups, vigil.kind_rollups to service_role;
create policy rollups_members_read on vigil.all_rollups for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy rollups_service on vigil.all_rollups for all to service_role using (true) with check (true);
create policy rollups_members_read on vigil.rollups for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy rollups_service on vigil.rollups for all to service_role using (true) with check (true);
create policy kind_rollups_members_read on vigil.kind_rollups for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy kind_rollups_service on vigil.kind_rollups for all to service_role using (true) with check (true);

-- Dimensions: attribute keys a tenant admin registers on one kind and name (payment_method on
-- milestone/checkout_paid), so the fold keeps a rollup per attribute value; unregistered attributes
-- stay in raw events only. Each has a cap on distinct values: the first `cap` values seen are kept
-- (vigil.dimension_values), later ones are added up under 'other', so a dimension fed user ids or
-- URLs by mistake costs at most cap + 1 rows per bucket (Prometheus' label-cardinality lesson).
-- Dimension rows live in a table of their own rather than as a column pair on vigil.all_rollups:
-- every existing reader of the rollups (stats, SLOs, alerts, deployments, the console) would else
-- have to filter the dimension rows out or count events twice, and the rollups' key stays as it is.
-- They hold counts, errors and values (no latency histogram) from 5 minutes up: a dimension answers
-- "how much, and what share" (the payment mix, errors by browser), not per-value latency.
create table vigil.metric_dimensions (
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  kind text collate "C" not null check (kind in ('operation', 'api_call', 'page_view', 'error', 'user_action',
    'web_vital', 'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom')),
  name text collate "C" not null check (pg_catalog.length(name) between 1 and 200),
  attribute text collate "C" not null check (attribute ~ '^[A-Za-z0-9_.:-]{1,64}$'),
  cap integer not null default 20 check (cap between 1 and 200),
  created_at timestamptz not null default pg_catalog.now(),
  primary key (tenant_id, kind, name, attribute)
);
comment on table vigil.metric_dimensions is
  'Attribute keys registered as dimensions of a kind and name: the fold keeps vigil.dimension_rollups per value (up to cap values, the rest as ''other''). Admins change them through vigil_api.register_dimension / remove_dimension.';
comment on column vigil.metric_dimensions.attribute is 'The key in the events'' attributes; an event without it counts under the value '''' (not set).';
comment on column vigil.metric_dimensions.cap is 'At most this many distinct values get rows of their own; values first seen after the cap is reached count as ''other''.';

create table vigil.dimension_values (
  tenant_id uuid not null,
  kind text collate "C" not null,
  name text collate "C" not null,
  attribute text collate "C" not null,
  value text collate "C" not null,
  first_seen timestamptz not null,
  primary key (tenant_id, kind, name, attribute, value),
  foreign key (tenant_id, kind, name, attribute) references vigil.metric_dimensions on delete cascade
);
comment on table vigil.dimension_values is
  'The values of each dimension that have rows of their own (at most its cap), admitted by the fold in the order they were first seen; every other value is ''other''.';

create table vigil.dimension_rollups (
  tenant_id uuid not null,
  grain smallint not null check (grain in (5, 15, 60, 360)),
  bucket_start timestamptz not null,
  kind text collate "C" not null,
  name text collate "C" not null,
  attribute text collate "C" not null,
  value text collate "C" not null,
  count bigint not null,
  errors bigint not null,
  valued bigint not null,
  sum_value double precision not null,
  min_value double precision,
  max_value double precision,
  value_keys smallint[] not null,
  value_counts integer[] not null,
  primary key (tenant_id, grain, bucket_start, kind, name, attribute, value),
  foreign key (tenant_id, kind, name, attribute) references vigil.metric_dimensions on delete cascade
);
comment on table vigil.dimension_rollups is
  'Per tenant, registered dimension (kind, name, attribute) and its value (''other'' past the cap, '''' when not set) and 5-minute to 6-hour bucket: count, errors and the value summary and histogram of vigil.all_rollups. Written by the fold from the registration on; earlier events are not re-folded.';
-- A dimension's rows by dimension, then grain and time: what a breakdown reads, and what removing a
-- dimension (its foreign key) deletes.
create index dimension_rollups_dimension_idx on vigil.dimension_rollups (tenant_id, kind, name, attribute, grain, bucket_start);
comment on column vigil.dimension_rollups.value is 'The attribute''s value as text; ''other'' for values past the cap; '''' for events without the attribute.';

alter table vigil.metric_dimensions enable row level security;
alter table vigil.dimension_values enable row level security;
alter table vigil.dimension_rollups enable row level security;
grant select on vigil.metric_dimensions, vigil.dimension_values, vigil.dimension_rollups to authenticated;
grant all on vigil.metric_dimensions, vigil.dimension_values, vigil.dimension_rollups to service_role;
grant insert, update, delete on vigil.metric_dimensions to authenticated;
-- Members read; admins change registrations through vigil_api (vigil._register_dimension checks
-- the role), the fold alone writes values and rows.
select vigil._create_policies('vigil.metric_dimensions', 'tenant_id', 'viewer', 'admin');
select vigil._create_policies('vigil.dimension_values', 'tenant_id', 'viewer');
select vigil._create_policies('vigil.dimension_rollups', 'tenant_id', 'viewer');

-- The watermark: events are folded by id. Ids are drawn before commit, so a later id can become
-- visible before an earlier one; a transaction id (xmin) would order commits on one server, but a
-- Citus worker has its own counter, and freezing or rewriting a row changes what xmin says. So every
-- writer holds a shared lock from before it draws an id to its commit, and a pass waits for an
-- instant in which nobody holds it (vigil.lock_events_for_writing, vigil._wait_for_event_writers):
-- the id sequence's value L read then is a line below which every event is final. Pass k folds the
-- ids in (L_{k-1}, L_k]; the ranges of successive passes tile the id line, so every committed event
-- is folded once, whenever it committed and whatever its occurred_at (late events land in their old
-- buckets), and a row that is frozen, updated, or moved by VACUUM FULL, CLUSTER or a shard move
-- keeps its id and is not folded again. When a writer stays open longer than writer_wait, the pass
-- folds nothing new (it says "blocked") and the next one catches up; ingest waits at most that long.
-- Passes and stats find unfolded rows through a BRIN index on id: every one has id > id_floor.
create table vigil.rollup_state (
  singleton boolean primary key default true check (singleton),
  id_floor bigint not null default 0,
  folded_at timestamptz,
  passes bigint not null default 0,
  minute_from timestamptz not null default '-infinity',
  minute_horizon interval not null default interval '3 hours'
    check (minute_horizon >= interval '0' and minute_horizon <= interval '2 days'),
  writer_wait interval not null default interval '500 milliseconds'
    check (writer_wait >= interval '1 millisecond' and writer_wait <= interval '10 seconds'),
  blocked_since timestamptz
);
comment on table vigil.rollup_state is
  'One row: every event with id <= id_floor is folded into vigil.rollups (or deferred, see vigil.rollup_deferred); every event not folded has id > id_floor.';
comment on column vigil.rollup_state.id_floor is
  'The id sequence''s value read by the last pass that could wait out the writers: events up to it were final then, and are folded.';
comment on column vigil.rollup_state.minute_from is
  'Minute rollup rows are complete for every bucket at or after this instant (moved forward by each pass).';
comment on column vigil.rollup_state.minute_horizon is
  'How far back a pass keeps 1-minute rollup rows. Windows whose edges lie inside it read under a minute of raw events at each edge.';
comment on column vigil.rollup_state.writer_wait is
  'How long a pass waits for transactions writing events to end; ingest waits as long at most while it does.';
comment on column vigil.rollup_state.blocked_since is
  'Since when passes have found a writer open longer than writer_wait (and folded nothing new); null when the last pass did not.';
insert into vigil.rollup_state default values;

create table vigil.rollup_passes (
  pass bigint primary key,
  taken_at timestamptz not null default pg_catalog.now(),
  id_from bigint not null,
  id_to bigint not null,
  blocked boolean not null,
  folded bigint not null
);
comment on table vigil.rollup_passes is
  'Recent fold passes: the ids (id_from, id_to] each folded, and whether a writer kept it from moving on (blocked). Pruned to a day.';

-- A tenant's day that a pass could not fold (its statement raised for that tenant alone): the range
-- the pass would have folded for it, which every later pass retries until it folds. Keyed tenant first.
create table vigil.rollup_deferred (
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  day_start timestamptz not null,
  day_end timestamptz not null,
  id_from bigint not null,
  id_to bigint not null,
  failed_at timestamptz not null default pg_catalog.now(),
  attempts integer not null default 1,
  last_attempt_at timestamptz not null default pg_catalog.now(),
  error text not null,
  sqlstate text not null,
  primary key (tenant_id, day_start, id_to)
);
comment on table vigil.rollup_deferred is
  'Ranges of one tenant''s events a fold pass could not fold (the error names why); every later pass retries them first, so a tenant''s bad data delays only its own rollups.';
comment on column vigil.rollup_deferred.id_from is 'With id_to: the ids (id_from, id_to] of the tenant''s day that the pass would have folded.';

alter table vigil.rollup_state enable row level security;
alter table vigil.rollup_deferred enable row level security;
grant select on vigil.rollup_deferred to service_role;
create policy rollup_deferred_service on vigil.rollup_deferred for select to service_role using (true);
alter table vigil.rollup_passes enable row level security;
grant select on vigil.rollup_state, vigil.rollup_passes to service_role;
create policy rollup_state_service on vigil.rollup_state for select to service_role using (true);
create policy rollup_passes_service on vigil.rollup_passes for select to service_role using (true);

-- A BRIN index costs next to nothing at insert (ids grow with the physical order of each day
-- partition) and lets a pass and the stats' raw tail read only the newest pages.
-- autosummarize asks autovacuum to summarize each range as it fills, and every pass summarizes the
-- new ranges itself: an unsummarized range matches every query, so it would be read in full.
create index events_id_brin on vigil.events using brin (id) with (pages_per_range = 16, autosummarize = on);

-- Funnels over milestones read what the fold keeps here instead of the steps' raw events: for each
-- actor (a user or a session) and milestone, the earliest times it reached it, at most 8 of them.
-- A funnel asks, per actor and step, "the first time at or after t"; the row answers it exactly
-- whenever some time in it is at or after t, or when the row is complete (it holds every time),
-- and only otherwise (an actor who reached the same milestone more than 8 times, and t lies past
-- the 8th) is that actor's step read from raw events. Milestones (signed up, verified, first order)
-- happen a few times per actor, so a funnel over a week reads one row per actor and step, not one
-- per event. Only events of kind milestone are kept; funnels over other kinds read raw events.
-- The rule that keeps a row exact: times holds every time of the actor at the milestone up to its
-- last element (later ones may exist unless complete). Merging two such lists keeps the times up to
-- the smaller of their "known up to" instants, the first 8 of them.
create table vigil.milestone_times (
  tenant_id uuid not null,
  name text collate "C" not null,
  actor_type text not null check (actor_type in ('user', 'session')),
  actor text not null,
  times timestamptz[] not null,
  complete boolean not null,
  first_at timestamptz,
  reach timestamptz not null,
  primary key (tenant_id, name, actor_type, actor)
);
comment on table vigil.milestone_times is
  'Per tenant, milestone (an event name of kind milestone) and actor (user_id or session_id): the earliest times the actor reached it, so funnels read one row per actor and step. Written by the rollup fold; pruned with the raw events.';
comment on column vigil.milestone_times.times is
  'Sorted; every time the actor reached the milestone up to the last element is here (at most 8 are kept).';
comment on column vigil.milestone_times.complete is 'times holds every time the actor reached the milestone (none later).';
comment on column vigil.milestone_times.first_at is 'times[1]: retention removes the times before the oldest day of raw events.';
comment on column vigil.milestone_times.reach is
  'The last time when complete, else infinity: a row with reach before a window''s start has nothing in it.';
-- A funnel's first step: the actors whose row can hold a time in the window.
create index milestone_times_reach_idx on vigil.milestone_times (tenant_id, name, actor_type, reach);
create index milestone_times_first_idx on vigil.milestone_times (first_at);
-- Members read their tenant's rows; only the fold (and the service role) writes them.
alter table vigil.milestone_times enable row level security;
create policy milestone_times_members_read on vigil.milestone_times for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy milestone_times_service on vigil.milestone_times for all to service_role using (true) with check (true);
grant select on vigil.milestone_times to authenticated;
grant all on vigil.milestone_times to service_role;

-- Active users: distinct user_id (and session_id) per tenant and bucket in a HyperLogLog sketch
-- (Flajolet et al. 2007), written in SQL, no extension. A sketch is a vigil.hll:
--   * explicit while it has seen at most 1024 distinct actors: their 64-bit hashes, sorted, so a
--     small app's numbers are exact (barring a 64-bit collision);
--   * dense beyond: 2^14 registers (standard error 1.04 / 128 = 0.81%), register i holding the
--     largest rank (trailing zeros + 1 of the hash's upper 50 bits) of the hashes whose low 14
--     bits are i. Registers are kept bit-sliced: bitmaps[j] has bit i set iff register i >= j, so
--     the union of two sketches (register-wise max) is a bitwise OR per bitmap, done in C by
--     PostgreSQL's bit type (about 20 ORs of 2 KB each), and the register histogram the estimate
--     needs is a bit_count per bitmap. A byte per register would need 16,384 row operations per
--     merge in SQL; the fold merges each tenant's hour and day sketches every minute.
-- The estimate is Ertl's improved estimator ("New cardinality estimation algorithms for
-- HyperLogLog sketches", 2017, also Redis's): it needs no empirical bias tables and is unbiased from
-- a few hundred to billions, where the original needs linear counting below 2.5m and bias
-- corrections above. Test 850 holds it within 2% at 10k, 100k and 1M distinct actors.
create type vigil.hll as (hashes bigint[], bitmaps bit varying[]);
comment on type vigil.hll is
  'A distinct-count sketch: hashes (sorted distinct 64-bit hashes, while at most 1024) or bitmaps (2^14 HyperLogLog registers, bit-sliced: bitmaps[j] bit i set iff register i >= j).';

-- The hash every sketch uses: change it and every stored sketch is wrong. Written out as
-- pg_catalog.hashtextextended(x, 0) where it is hot (the fold, raw edges).
create function vigil.hll_hash(p_value text) returns bigint
language sql immutable strict parallel safe
set search_path = ''
as $$ select pg_catalog.hashtextextended(p_value, 0) $$;
comment on function vigil.hll_hash(text) is 'The 64-bit hash of an actor id that sketches count (hashtextextended, seed 0).';

-- Dense registers from hashes, set-based: the largest rank per register, then one bitmap per rank
-- level j with the registers at or above it, written as hex: 64-bit words OR-ed together per level,
-- the empty words between them as zeros (twice as fast as OR-ing a 2 KB bitmap per register). A hash's rank is the trailing zeros of its upper 50
-- bits w, plus 1 (51 when w is 0): w & -w isolates the lowest set bit, and the largest of those per
-- register (2^50 standing for w = 0) is a power of two whose logarithm is exact.
create function vigil._hll_bitmaps(p_hashes bigint[]) returns bit varying[]
language sql immutable parallel safe
set search_path = ''
set jit = off
as $$
  select coalesce(pg_catalog.array_agg(('x' || pg_catalog.rpad(l.s, 4096, '0'))::bit varying order by l.j), '{}')
  from (select w.j, pg_catalog.string_agg(pg_catalog.lpad(pg_catalog.to_hex(w.bits), 16 * (w.w - w.prev), '0'), '' order by w.w) s
        from (select v.j, v.w, v.bits, coalesce(pg_catalog.lag(v.w) over (partition by v.j order by v.w), -1) prev
              from (select j.j, r.i >> 6 w, pg_catalog.bit_or(1::bigint << (63 - (r.i & 63))) bits
                    from (select x.i, pg_catalog.round(pg_catalog.ln(x.low) / 0.6931471805599453)::integer + 1 r
                          from (select (u.h & 16383)::integer i,
                                       pg_catalog.max(coalesce(nullif((u.h >> 14) & -(u.h >> 14), 0), 1125899906842624)) low
                                from unnest(p_hashes) u(h) group by 1) x) r
                    cross join lateral pg_catalog.generate_series(1, r.r) j(j)
                    group by 1, 2) v) w
        group by w.j) l
$$;
comment on function vigil._hll_bitmaps(bigint[]) is 'The dense, bit-sliced HyperLogLog registers of a set of hashes (see vigil.hll).';

create function vigil.hll_from_hashes(p_hashes bigint[]) returns vigil.hll
language sql immutable parallel safe
set search_path = ''
as $$
  select case when pg_catalog.cardinality(d.h) <= 1024 then row(d.h, null)::vigil.hll
              else row(null, vigil._hll_bitmaps(d.h))::vigil.hll end
  from (select coalesce((select pg_catalog.array_agg(distinct x.h order by x.h) from unnest(p_hashes) x(h) where x.h is not null),
                        '{}') h) d
$$;
comment on function vigil.hll_from_hashes(bigint[]) is 'The sketch of a set of hashes (vigil.hll_hash): explicit up to 1024 distinct, dense beyond.';

-- Union = register-wise max: bitmap-wise OR (a missing level is all zeros); two explicit sketches
-- stay explicit while their union has at most 1024 hashes. p_b may also be a bare list of hashes
-- (hashes of any length, what the fold merges into a sketch that exists): those that raise a
-- register set its new bits in place, one set_bit per level they add, the highest rank per register
-- first taken in one grouping. A minute's new actors raise a few thousand registers at most, and
-- setting their bits costs half of building bitmaps of them to OR (the fold's busiest part of
-- sketching: 90 against 170 ms of CPU for a minute of 120,000 user and session hashes).
create function vigil.hll_union(p_a vigil.hll, p_b vigil.hll) returns vigil.hll
language plpgsql immutable strict parallel safe
set search_path = ''
set jit = off
as $$
declare
  v_a bit varying[];
  v_b bit varying[];
  v_i integer;
  v_r integer;
  v_levels integer;
  v_changed boolean := false;
begin
  if p_a.bitmaps is null and p_b.bitmaps is null then
    return vigil.hll_from_hashes(p_a.hashes || p_b.hashes);
  end if;
  if p_a.bitmaps is null then
    return vigil.hll_union(p_b, p_a);
  end if;
  v_a := p_a.bitmaps;
  if p_b.bitmaps is null then
    -- Hashes into registers: only those that raise their register need bits, and once a bucket has
    -- seen most of its actors (every pass after the first of a busy hour or day) they are few.
    v_levels := pg_catalog.cardinality(v_a);
    for v_i, v_r in
      select x.i, pg_catalog.max(x.r)
      from unnest(p_b.hashes) u(h)
      cross join lateral (select (u.h & 16383)::integer i,
                                 pg_catalog.round(pg_catalog.ln(coalesce(nullif((u.h >> 14) & -(u.h >> 14), 0), 1125899906842624))
                                                  / 0.6931471805599453)::integer + 1 r) x
      where x.r > v_levels or pg_catalog.get_bit(v_a[x.r], x.i) = 0
      group by 1
    loop
      v_changed := true;
      while pg_catalog.cardinality(v_a) < v_r loop
        v_a := v_a || pg_catalog.repeat('0', 16384)::bit varying;
      end loop;
      -- Levels are nested (a register at rank r has bits 1 to r): from the new rank down to the
      -- first bit already set.
      for j in reverse v_r .. 1 loop
        exit when pg_catalog.get_bit(v_a[j], v_i) = 1;
        v_a[j] := pg_catalog.set_bit(v_a[j], v_i, 1);
      end loop;
    end loop;
    if not v_changed then
      return p_a;
    end if;
    return row(null, v_a)::vigil.hll;
  end if;
  v_b := p_b.bitmaps;
  return row(null, array(select coalesce(v_a[j] | v_b[j], v_a[j], v_b[j])
                         from pg_catalog.generate_series(1, greatest(pg_catalog.cardinality(v_a), pg_catalog.cardinality(v_b))) j
                         order by j))::vigil.hll;
end
$$;
comment on function vigil.hll_union(vigil.hll, vigil.hll) is 'The sketch of the union of two sketches'' sets.';

-- Ertl's improved estimator over the register histogram c[0..51] (q = 50 hash bits above the index).
create function vigil.hll_estimate(p_sketch vigil.hll) returns bigint
language plpgsql immutable parallel safe
set search_path = ''
as $$
declare
  v_m constant double precision := 16384::double precision;
  v_c double precision[];
  v_pc bigint[];
  v_r integer;
  v_x double precision;
  v_y double precision;
  v_z double precision;
  v_old double precision;
begin
  if p_sketch is null then
    return 0::bigint;
  end if;
  if p_sketch.bitmaps is null then
    return coalesce(pg_catalog.cardinality(p_sketch.hashes), 0)::bigint;
  end if;
  -- Registers at or above each level, then exactly at each (c[k + 1] holds level k).
  v_pc := array(select pg_catalog.bit_count(b) from unnest(p_sketch.bitmaps) b);
  v_r := coalesce(pg_catalog.cardinality(v_pc), 0);
  if v_r = 0 then
    return 0::bigint;
  end if;
  v_c := array_fill(0::double precision, array[52]);
  v_c[1] := v_m - v_pc[1]::double precision;
  for k in 1..v_r loop
    v_c[k + 1] := (v_pc[k] - coalesce(v_pc[k + 1], 0))::double precision;
  end loop;
  -- z = m·τ(1 − c[q+1]/m), halved down the levels, plus m·σ(c[0]/m).
  v_x := 1 - v_c[52] / v_m;
  v_z := 0::double precision;
  if v_x > 0 and v_x < 1 then
    v_y := 1::double precision;
    v_z := 1 - v_x;
    loop
      v_x := pg_catalog.sqrt(v_x);
      v_old := v_z;
      v_y := v_y * 0.5;
      v_z := v_z - (1 - v_x) ^ 2 * v_y;
      exit when v_z = v_old;
    end loop;
    v_z := v_z / 3;
  end if;
  v_z := v_m * v_z;
  for k in reverse 50..1 loop
    v_z := (v_z + v_c[k + 1]) * 0.5;
  end loop;
  v_x := v_c[1] / v_m;
  if v_x >= 1 then
    return 0::bigint;
  end if;
  v_y := 1::double precision;
  v_old := v_x;
  loop
    v_x := v_x * v_x;
    exit when v_old + v_x * v_y = v_old;
    v_old := v_old + v_x * v_y;
    v_y := v_y + v_y;
  end loop;
  v_z := v_z + v_m * v_old;
  return pg_catalog.round(0.7213475204444817 * v_m * v_m / v_z)::bigint;
end
$$;
comment on function vigil.hll_estimate(vigil.hll) is
  'The number of distinct actors a sketch has seen: exact while explicit, else Ertl''s improved HyperLogLog estimate (standard error 0.81%).';

-- add: hashes in, a sketch out (array_append keeps the array in place as the state).
create aggregate vigil.hll_add_agg(bigint) (
  sfunc = pg_catalog.array_append, stype = bigint[], finalfunc = vigil.hll_from_hashes, initcond = '{}'
);
comment on aggregate vigil.hll_add_agg(bigint) is 'The sketch of the hashes (vigil.hll_hash) aggregated.';
create aggregate vigil.hll_union_agg(vigil.hll) (sfunc = vigil.hll_union, stype = vigil.hll);
comment on aggregate vigil.hll_union_agg(vigil.hll) is 'The union of the sketches aggregated (null for none).';

-- Distinct actors per tenant, UTC hour and UTC day, for user_id and session_id: the fold merges each
-- pass's actors into these (see _fold_day's `actors`). A 30-day question reads at most 29 day
-- sketches plus the hours and raw minutes of its ragged edges; a series of 30 days of DAU, WAU and MAU
-- reads 59 day sketches. Day sketches are kept like hourly rollups, hour sketches like 5-minute ones
-- (vigil.prune_rollups).
create table vigil.actor_sketches (
  tenant_id uuid not null,
  grain smallint not null check (grain in (60, 1440)),
  bucket_start timestamptz not null,
  actor_type text not null check (actor_type in ('user', 'session')),
  sketch vigil.hll not null,
  primary key (tenant_id, grain, bucket_start, actor_type)
);
comment on table vigil.actor_sketches is
  'Per tenant, UTC hour (grain 60) or day (grain 1440) and actor type: a sketch of the distinct user_id or session_id values of its events. Written by the rollup fold.';
-- The fold reads the sketches of the day it folds, of every tenant at once: by time, not by tenant.
create index actor_sketches_bucket_idx on vigil.actor_sketches (bucket_start);
-- A dense sketch is 20 to 40 KB, and the fold rewrites a busy tenant's hour and day sketches every
-- minute: compressed with lz4 they cost a third of the CPU pglz takes (20 against 60 ms for 40 day
-- sketches). Where the server was built without lz4 the default stays; the sketches are the same.
do $$
begin
  alter table vigil.actor_sketches alter column sketch set compression lz4;
exception when feature_not_supported then
  null;
end
$$;
alter table vigil.actor_sketches enable row level security;
create policy actor_sketches_members_read on vigil.actor_sketches for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy actor_sketches_service on vigil.actor_sketches for all to service_role using (true) with check (true);
grant select on vigil.actor_sketches to authenticated;
grant all on vigil.actor_sketches to service_role;

grant execute on function vigil.hll_hash(text) to authenticated, service_role;
grant execute on function vigil._hll_bitmaps(bigint[]) to authenticated, service_role;
grant execute on function vigil.hll_from_hashes(bigint[]) to authenticated, service_role;
grant execute on function vigil.hll_union(vigil.hll, vigil.hll) to authenticated, service_role;
grant execute on function vigil.hll_estimate(vigil.hll) to authenticated, service_role;
grant execute on function vigil.hll_add_agg(bigint) to authenticated, service_role;
grant execute on function vigil.hll_union_agg(vigil.hll) to authenticated, service_role;

-- The derived fingerprint (the event name keeps one error type of two operations apart). Normalising the message lets "Order 1234 not found" and "Order 987 not
-- found" group together; line and column numbers are dropped from the frame so a rebuild that moves
-- code does not split a group.
create function vigil.error_fingerprint(p_fingerprint text, p_name text, p_error_type text, p_message text, p_stack text)
returns text
language sql immutable
set search_path = ''
as $$
  select coalesce(nullif(pg_catalog.btrim(p_fingerprint), ''), pg_catalog.md5(
    coalesce(p_name, '') || '|' || coalesce(p_error_type, '') || '|' ||
    pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.regexp_replace(
      coalesce(p_message, ''),
      '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<uuid>', 'g'),
      '\m(?:0x)?(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,}\M', '<hex>', 'g'),
      '[0-9]+(\.[0-9]+)?', '<n>', 'g'),
      '\s+', ' ', 'g') || '|' ||
    coalesce(pg_catalog.regexp_replace(
      (select pg_catalog.btrim(l) from pg_catalog.regexp_split_to_table(coalesce(p_stack, ''), E'\n') with ordinality s(l, i)
       where l ~ '^\s*at \S|@\S|^\s*File "' order by i limit 1),
      ':[0-9]+(:[0-9]+)?', '', 'g'), '')))
$$;
comment on function vigil.error_fingerprint(text, text, text, text, text) is
  'The group of an error: the client''s fingerprint when given, else md5(event name | error type | message with uuids, hex ids and numbers replaced | top stack frame without line numbers).';

-- What every reader derives from an event, written once: the histogram key (as vigil._hist_key),
-- whether it is an error (an `error` event, or a failed event that names its type) and, for errors,
-- its group. A view, not functions: a function with its own
-- search_path (which every function must pin, splinter 0011) is never inlined, so a call per row
-- cost the fold and the stats' raw edges more than the arithmetic; a view is expanded into the query
-- that reads it, and its columns are computed only where a query uses them. security_invoker, so
-- whoever reads it needs the rights on vigil.events it would need anyway (RLS included).
-- Test 096 checks the columns against the reference functions.
create view vigil.events_derived with (security_invoker = true) as
select x.*,
       case when x.is_error then vigil.error_fingerprint(x.fingerprint, x.name, x.error_type, x.error_message, x.attributes ->> 'stack') end as error_group
from (select e.*,
             case when e.duration_ms is null then null when e.duration_ms < 0.001 then -400::smallint
                  else pg_catalog.ceil(pg_catalog.ln(e.duration_ms) / 0.0198026272961797)::smallint end as hist_key,
             case when e.value is null then null when pg_catalog.abs(e.value) < 0.001 then 0::smallint
                  else (pg_catalog.sign(e.value) * least(pg_catalog.ceil(pg_catalog.ln(pg_catalog.abs(e.value)) / 0.0198026272961797) + 400, 32767))::smallint end as value_key,
             e.kind = 'error' or (not e.success and e.error_type is not null) as is_error
      from vigil.events e) x;
comment on view vigil.events_derived is
  'vigil.events with what readers derive from each event: hist_key (the latency histogram bucket, as vigil._hist_key), value_key (the signed value histogram bucket, as vigil._value_key), is_error and error_group (the fingerprint of an error, as vigil.error_fingerprint; null for other events).';
grant select on vigil.events_derived to service_role;

-- The fold. Measured on 1.27M unfolded events over 8 days (auto_explain, local stack, work_mem
-- 64 MB), a first, straightforward body took 90 s: 29 s calling vigil._hist_coarse once per rollup
-- row (a function with its own search_path is never inlined), ~25 s in hash aggregates and sorts
-- that spilled to disk because every event was multiplied by the four grains before anything was
-- added up, and 20 s inserting. This one:
--   * a pass folds one UTC day (one events partition) at a time. Buckets of every grain divide a day
--     and start at midnight UTC, so no bucket spans two days: a day's rows are final when its
--     statement ends, and a backlog of a week is seven statements that each fit in memory instead of
--     one that spills; in the usual pass only today's partition (and a late event's) has new rows;
--   * events are added up once, per series, minute (5-minute bucket, before the minute horizon) and
--     histogram key; the 5-minute rows are added up from the minute rows, the 15-minute ones from
--     those, and so on up to 6 hours (each step has fewer rows than the one before);
--   * the coarse level of each histogram is computed in the same statement, set-based.
-- What a pass folds is given by the watermark above: an id range.

-- 1-minute rows for the last few hours. A window is tiled by the coarsest buckets that fit; what
-- no bucket covers at its two edges was read raw, up to five minutes of the tenant's events at each
-- edge, so the cost of every "last N minutes" question (alert rules above all) grew with the event
-- rate. With minute rows the raw edges are under a minute. They are kept only for the recent past,
-- where the windows of alert rules and SLO burn rates end and start (a minute row per series and
-- minute compresses little: most series have a few events a minute), and pruned by the pass:
--   * vigil.rollup_state.minute_from: minute rows are complete for every bucket at or after it. A pass
--     moves it to (its minute − minute_horizon) and never back, writes minute rows for the events it
--     folds from there on, and deletes the rows before it. Events folded by earlier passes at or after
--     the new boundary lay at or after theirs, so they are in the rows already. Readers take minute
--     rows only at or after minute_from, read in the same snapshot as the rows.
--   * Before the first pass nothing is folded, so minute rows are complete from the start
--     ('-infinity').
-- The pass deletes minute rows older than minute_from through this.
create index rollups_minute_idx on vigil.all_rollups (bucket_start) where grain = 1;

-- One UTC day's statement of a pass: folds the rows of events partition [p_lo, p_hi) whose id lies
-- in (p_from, p_to], of every tenant or of p_tenant alone. Minute rows go to buckets at or after p_mfrom. A pass calls it per day;
-- when a day fails, per tenant, so that one tenant's failure stays that tenant's (see fold_rollups).
create function vigil._fold_day(p_lo timestamptz, p_hi timestamptz, p_mfrom timestamptz,
                                p_from bigint, p_to bigint, p_tenant uuid, out events bigint, out rollup_rows bigint)
language plpgsql
set search_path = ''
set jit = off
set enable_mergejoin = off
set enable_nestloop = off
-- One plan for every pass: planning the statement's twenty-odd parts anew each minute (PL/pgSQL's
-- custom plans, which it keeps choosing here) cost about a tenth of a 60,000-event pass. The day's
-- partition is chosen when the plan runs.
set plan_cache_mode = force_generic_plan
as $$
declare
  v_lo timestamptz := p_lo;
  v_hi timestamptz := p_hi;
  v_mfrom timestamptz := p_mfrom;
  v_midx integer;
begin
  -- The first minute of the day (0..1440) that gets minute rows.
  v_midx := case when v_mfrom <= v_lo then 0 when v_mfrom >= v_hi then 1440
                 else pg_catalog.ceil(pg_catalog.date_part('epoch', v_mfrom - v_lo) / 60)::integer end;
  with fresh as materialized (
    -- An error's group (null for other events) and release are for vigil.error_group_seen.
    select e.tenant_id, e.kind, e.name, e.occurred_at, e.duration_ms, e.success, e.error_type, e.hist_key as hk,
           e.error_group as fp, e.release, e.user_id, e.session_id, e.value, e.value_key as vk,
           -- Attributes only of the series with a registered dimension (a hashed lookup per row).
           case when (e.tenant_id, e.kind, e.name) in (select d.tenant_id, d.kind, d.name from vigil.metric_dimensions d)
                then e.attributes end as attrs
    from vigil.events_derived e
    where e.occurred_at >= v_lo and e.occurred_at < v_hi
      and e.id > p_from and e.id <= p_to
      and (p_tenant is null or e.tenant_id = p_tenant)
      -- Rows of a tenant that is gone, or leaving (see vigil.delete_tenant), are never folded: they
      -- would recreate what the deletion removes, and error groups refer to their tenant.
      and e.tenant_id in (select t.id from vigil.tenants t
                          where not exists (select 1 from vigil.tenant_deletions d where d.tenant_id = t.id))
  ), names as (
    select distinct f.tenant_id, f.kind, f.name from fresh f
  ), series as materialized (
    -- A series per (tenant, kind, name), and one per (tenant, kind) over all its names (name '',
    -- vigil.kind_rollups); ksid is the kind's series ('' sorts first), each kind's own included.
    select d.tenant_id, d.kind, d.name, d.sid,
           pg_catalog.first_value(d.sid) over (partition by d.tenant_id, d.kind order by d.name) ksid
    from (select x.*, pg_catalog.row_number() over () sid
          from (select * from names
                union all select distinct n.tenant_id, n.kind, ''::text collate "C" from names n) x) d
  ), packed as materialized (
    -- One bigint per event: series, minute of the day (0..1439, 11 bits) and histogram key.
    select ((r.sid << 11) + pg_catalog.floor(pg_catalog.date_part('epoch', f.occurred_at - v_lo) / 60)::bigint) << 17
             | coalesce(f.hk + 32768, 65536) k,
           f.duration_ms, f.success
    from fresh f join series r on r.tenant_id = f.tenant_id and r.kind = f.kind and r.name = f.name
  ), k1 as materialized (
    -- Events are added up once, per series, minute and key, from v_midx on (minute rows; none for
    -- the kinds: a kind's series is read in 5-minute buckets or coarser, its edges raw).
    select p.k, pg_catalog.count(*)::integer n, (pg_catalog.count(*) filter (where not p.success))::integer fl,
           pg_catalog.count(p.duration_ms)::integer tm, coalesce(pg_catalog.sum(p.duration_ms), 0) sm,
           pg_catalog.min(p.duration_ms) mn, pg_catalog.max(p.duration_ms) mx
    from packed p where ((p.k >> 17) & 2047) >= v_midx group by 1
  ), k5n as materialized (
    -- 5-minute rows from the minute rows, and straight from the events before v_midx (a backlog's
    -- older events are not grouped by minute for nothing). The bucket index of a coarser grain is
    -- the finer one divided by the ratio of their widths.
    select (((u.k >> 17) - ((u.k >> 17) & 2047) + ((u.k >> 17) & 2047) / 5) << 17) | (u.k & 131071) k,
           pg_catalog.sum(u.n)::integer n, pg_catalog.sum(u.fl)::integer fl, pg_catalog.sum(u.tm)::integer tm,
           pg_catalog.sum(u.sm) sm, pg_catalog.min(u.mn) mn, pg_catalog.max(u.mx) mx
    from (select * from k1
          union all
          select p.k, 1, (not p.success)::integer, (p.duration_ms is not null)::integer, coalesce(p.duration_ms, 0),
                 p.duration_ms, p.duration_ms
          from packed p where ((p.k >> 17) & 2047) < v_midx) u
    group by 1
  ), k5 as materialized (
    -- With the kinds' 5-minute rows: their names' rows added up (the series is the top bits, << 28);
    -- the coarser grains follow from these.
    select * from k5n
    union all
    select (r.ksid << 28) | (k.k & 268435455), pg_catalog.sum(k.n)::integer, pg_catalog.sum(k.fl)::integer,
           pg_catalog.sum(k.tm)::integer, pg_catalog.sum(k.sm), pg_catalog.min(k.mn), pg_catalog.max(k.mx)
    from k5n k join series r on r.sid = k.k >> 28 group by 1
  ), k15 as materialized (
    select (((k.k >> 17) - ((k.k >> 17) & 2047) + ((k.k >> 17) & 2047) / 3) << 17) | (k.k & 131071) k,
           pg_catalog.sum(k.n)::integer n, pg_catalog.sum(k.fl)::integer fl, pg_catalog.sum(k.tm)::integer tm,
           pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx
    from k5 k group by 1
  ), k60 as materialized (
    select (((k.k >> 17) - ((k.k >> 17) & 2047) + ((k.k >> 17) & 2047) / 4) << 17) | (k.k & 131071) k,
           pg_catalog.sum(k.n)::integer n, pg_catalog.sum(k.fl)::integer fl, pg_catalog.sum(k.tm)::integer tm,
           pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx
    from k15 k group by 1
  ), k360 as materialized (
    select (((k.k >> 17) - ((k.k >> 17) & 2047) + ((k.k >> 17) & 2047) / 6) << 17) | (k.k & 131071) k,
           pg_catalog.sum(k.n)::integer n, pg_catalog.sum(k.fl)::integer fl, pg_catalog.sum(k.tm)::integer tm,
           pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx
    from k60 k group by 1
  ), keyed as (
    -- Every grain's keys in histogram order (k orders them: its low bits are the key plus 32768,
    -- 65536 for events without a duration, which sort last), each with its position among the
    -- row's keys, the count of its coarse bucket (key >> 4, see vigil._hist_coarse) and whether it
    -- opens that coarse bucket. One sort serves both windows.
    select x.grain, x.k >> 17 g, x.k & 131071 hkc, x.ck, x.n, x.fl, x.tm, x.sm, x.mn, x.mx,
           pg_catalog.row_number() over w i, pg_catalog.lag(x.ck) over w is distinct from x.ck first,
           pg_catalog.sum(x.n) over (partition by x.grain, x.k >> 17, x.ck)::integer cn
    from (select y.*, (((y.k & 131071) - 32768) >> 4)::smallint ck
          from (select 1::smallint grain, k.* from k1 k
                union all select 5::smallint, k.* from k5 k
                union all select 15::smallint, k.* from k15 k
                union all select 60::smallint, k.* from k60 k
                union all select 360::smallint, k.* from k360 k) y) x
    window w as (partition by x.grain, x.k >> 17 order by x.ck, x.k)
  ), rolled as (
    -- The aggregates read the keys in the order the window sorted them, so each array comes out
    -- sorted by key without a sort of its own per row (test 610 checks every array against the
    -- raw events).
    select k.grain, k.g, pg_catalog.sum(k.n)::bigint c, pg_catalog.sum(k.fl)::bigint er,
           pg_catalog.sum(k.tm)::bigint tm, pg_catalog.sum(k.sm) sm, pg_catalog.min(k.mn) mn, pg_catalog.max(k.mx) mx,
           coalesce(pg_catalog.array_agg((k.hkc - 32768)::smallint) filter (where k.hkc < 65536), '{}') keys,
           coalesce(pg_catalog.array_agg(k.n) filter (where k.hkc < 65536), '{}') counts,
           coalesce(pg_catalog.array_agg(k.ck) filter (where k.hkc < 65536 and k.first), '{}') ckeys,
           coalesce(pg_catalog.array_agg(k.cn) filter (where k.hkc < 65536 and k.first), '{}') ccounts,
           coalesce(pg_catalog.array_agg(k.i::integer) filter (where k.hkc < 65536 and k.first), '{}') cstarts,
           coalesce(pg_catalog.array_agg((k.hkc - 32768)::smallint) filter (where k.hkc < 65536 and k.fl > 0), '{}') fkeys,
           coalesce(pg_catalog.array_agg(k.fl) filter (where k.hkc < 65536 and k.fl > 0), '{}') fcounts
    from keyed k group by 1, 2
  ), errs as (
    select x.grain, x.g, pg_catalog.jsonb_object_agg(x.t, x.n) types
    from (select w.grain, (s.id << 11) + pg_catalog.floor(pg_catalog.date_part('epoch', f.occurred_at - v_lo) / w.secs)::bigint g,
                 coalesce(f.error_type, 'unknown') t, pg_catalog.count(*) n
          from fresh f join series r on r.tenant_id = f.tenant_id and r.kind = f.kind and r.name = f.name
          cross join lateral (values (r.sid), (r.ksid)) s(id)
          cross join (values (1::smallint, 60), (5::smallint, 300), (15::smallint, 900), (60::smallint, 3600),
                             (360::smallint, 21600)) w(grain, secs)
          where not f.success and (w.grain > 1 or (f.occurred_at >= v_mfrom and s.id = r.sid)) group by 1, 2, 3) x
    group by 1, 2
  ), vals as (
    -- Values: only events that carry one (few next to all), grouped once per series, minute and value
    -- key, then into every grain's buckets at once (a grain's bucket index is the minute divided by
    -- its width), the kinds' series from 5 minutes up as for errs; per row the totals and the
    -- histogram sorted by key.
    select v.grain, v.g, pg_catalog.sum(v.n)::bigint vn, pg_catalog.sum(v.sm) vs, pg_catalog.min(v.mn) vmn,
           pg_catalog.max(v.mx) vmx, pg_catalog.array_agg(v.vk order by v.vk) vkeys, pg_catalog.array_agg(v.n order by v.vk) vcounts
    from (select w.grain, (s.id << 11) + m.m / w.grain g, m.vk, pg_catalog.sum(m.n)::integer n, pg_catalog.sum(m.sm) sm,
                 pg_catalog.min(m.mn) mn, pg_catalog.max(m.mx) mx
          from (select r.sid, r.ksid, pg_catalog.floor(pg_catalog.date_part('epoch', f.occurred_at - v_lo) / 60)::bigint m, f.vk,
                       pg_catalog.count(*) n, pg_catalog.sum(f.value) sm, pg_catalog.min(f.value) mn, pg_catalog.max(f.value) mx
                from fresh f join series r on r.tenant_id = f.tenant_id and r.kind = f.kind and r.name = f.name
                where f.value is not null group by 1, 2, 3, 4) m
          cross join lateral (values (m.sid), (m.ksid)) s(id)
          cross join (values (1::smallint), (5::smallint), (15::smallint), (60::smallint), (360::smallint)) w(grain)
          where w.grain > 1 or (m.m >= v_midx and s.id = m.sid) group by 1, 2, 3) v
    group by 1, 2
  ), dvals as materialized (
    -- Each registered dimension's values in this pass, and whether each keeps a row of its own: one
    -- admitted before, or a new one while the dimension has room (first seen first, then by value).
    -- gid numbers the rows they go to (a kept value's own, or its dimension's 'other'), so that the
    -- pass's events are grouped by integers, not by four text columns.
    select k.*, pg_catalog.dense_rank() over (order by k.tenant_id, k.kind, k.name, k.attribute,
                                                       case when k.keep then k.val else 'other' end) gid
    from (select x.tenant_id, x.kind, x.name, x.attribute, x.val, x.first_seen, x.known,
           x.known or pg_catalog.row_number() over (partition by x.tenant_id, x.kind, x.name, x.attribute, x.known
                                                    order by x.first_seen, x.val) <= x.room keep
    from (select d.tenant_id, d.kind, d.name, d.attribute, a.val, pg_catalog.min(f.occurred_at) first_seen,
                 exists (select 1 from vigil.dimension_values v where v.tenant_id = d.tenant_id and v.kind = d.kind
                           and v.name = d.name and v.attribute = d.attribute and v.value = a.val) known,
                 d.cap - (select pg_catalog.count(*) from vigil.dimension_values v where v.tenant_id = d.tenant_id
                            and v.kind = d.kind and v.name = d.name and v.attribute = d.attribute) room
          from fresh f join vigil.metric_dimensions d on d.tenant_id = f.tenant_id and d.kind = f.kind and d.name = f.name
          cross join lateral (select coalesce(f.attrs ->> d.attribute, '')::text collate "C" val) a
          where f.attrs is not null
          group by d.tenant_id, d.kind, d.name, d.attribute, d.cap, a.val) x) k
  ), admitted as (
    insert into vigil.dimension_values (tenant_id, kind, name, attribute, value, first_seen)
    select v.tenant_id, v.kind, v.name, v.attribute, v.val, v.first_seen from dvals v where v.keep and not v.known
    on conflict do nothing
    returning 1
  ), dim_upserted as (
    -- Per dimension value (or 'other') and bucket of each grain: counts and the value summary, the
    -- histogram grouped by value key first, as vals does. Grouped by gid and labelled after: grouping
    -- by the four text columns took twice the CPU (35 against 17 ms for 9,000 events of a series with
    -- a dimension).
    insert into vigil.dimension_rollups as r (tenant_id, grain, bucket_start, kind, name, attribute, value, count, errors,
                                              valued, sum_value, min_value, max_value, value_keys, value_counts)
    select g.tenant_id, y.grain, y.bucket_start, g.kind, g.name, g.attribute, g.val, y.n, y.er, y.vn, y.sm, y.mn, y.mx, y.vkeys, y.vcounts
    from (select z.gid, z.grain, z.bucket_start, pg_catalog.sum(z.n) n, pg_catalog.sum(z.er) er, pg_catalog.sum(z.vn) vn,
                 coalesce(pg_catalog.sum(z.sm), 0) sm, pg_catalog.min(z.mn) mn, pg_catalog.max(z.mx) mx,
                 coalesce(pg_catalog.array_agg(z.vk order by z.vk) filter (where z.vk is not null), '{}') vkeys,
                 coalesce(pg_catalog.array_agg(z.vn::integer order by z.vk) filter (where z.vk is not null), '{}') vcounts
          from (select v.gid, w.grain, pg_catalog.date_bin(w.width, f.occurred_at, v_lo) bucket_start, f.vk, pg_catalog.count(*) n,
                       pg_catalog.count(*) filter (where not f.success) er, pg_catalog.count(f.value) vn, pg_catalog.sum(f.value) sm,
                       pg_catalog.min(f.value) mn, pg_catalog.max(f.value) mx
                from fresh f
                join dvals v on v.tenant_id = f.tenant_id and v.kind = f.kind and v.name = f.name
                            and v.val = coalesce(f.attrs ->> v.attribute, '')
                cross join (values (5::smallint, interval '5 minutes'), (15::smallint, interval '15 minutes'),
                                   (60::smallint, interval '1 hour'), (360::smallint, interval '6 hours')) w(grain, width)
                where f.attrs is not null
                group by 1, 2, 3, 4) z
          group by 1, 2, 3) y
    join (select distinct v.gid, v.tenant_id, v.kind, v.name, v.attribute, case when v.keep then v.val else 'other' end val
          from dvals v) g on g.gid = y.gid
    on conflict (tenant_id, grain, bucket_start, kind, name, attribute, value) do update set
      (value_keys, value_counts) = (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}')
        from (select v.k, pg_catalog.sum(v.c)::integer n from unnest(r.value_keys || excluded.value_keys, r.value_counts || excluded.value_counts) v(k, c)
              group by v.k) m),
      count = r.count + excluded.count,
      errors = r.errors + excluded.errors,
      (valued, sum_value, min_value, max_value) = (r.valued + excluded.valued, r.sum_value + excluded.sum_value,
        least(r.min_value, excluded.min_value), greatest(r.max_value, excluded.max_value))
    returning 1
  ), upserted as (
    insert into vigil.all_rollups as r (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms,
                                    min_ms, max_ms, hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts,
                                    fail_keys, fail_counts, error_types,
                                    valued, sum_value, min_value, max_value, value_keys, value_counts)
    select r.tenant_id, t.grain, v_lo + (t.g & 2047) * pg_catalog.make_interval(mins => t.grain), r.kind, r.name,
           t.c, t.er, t.tm, t.sm, t.mn, t.mx,
           t.keys, t.counts, t.ckeys, t.ccounts, t.cstarts, t.fkeys, t.fcounts, coalesce(x.types, '{}'::jsonb),
           coalesce(v.vn, 0), coalesce(v.vs, 0), v.vmn, v.vmx, coalesce(v.vkeys, '{}'), coalesce(v.vcounts, '{}')
    from rolled t
    join series r on r.sid = t.g >> 11
    left join errs x on x.grain = t.grain and x.g = t.g
    left join vals v on v.grain = t.grain and v.g = t.g
    on conflict (tenant_id, grain, bucket_start, kind, name) do update set
      count = r.count + excluded.count,
      errors = r.errors + excluded.errors,
      timed = r.timed + excluded.timed,
      sum_ms = r.sum_ms + excluded.sum_ms,
      min_ms = least(r.min_ms, excluded.min_ms),
      max_ms = greatest(r.max_ms, excluded.max_ms),
      (hist_keys, hist_counts, coarse_keys, coarse_counts, coarse_starts) =
        (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}'), coalesce(pg_catalog.array_agg(m.n order by m.k), '{}'),
                -- The coarse level of the merged histogram (as vigil._hist_coarse, written out).
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
                         else vigil._jsonb_add_counts(r.error_types, excluded.error_types) end,
      valued = r.valued + excluded.valued,
      sum_value = r.sum_value + excluded.sum_value,
      min_value = least(r.min_value, excluded.min_value),
      max_value = greatest(r.max_value, excluded.max_value),
      -- Most rows carry no values (operations, page views): theirs stays as it is, with no merge.
      value_keys = case when excluded.valued = 0 then r.value_keys else
        (select coalesce(pg_catalog.array_agg(m.k order by m.k), '{}')
         from (select distinct v.k from unnest(r.value_keys || excluded.value_keys) v(k)) m) end,
      value_counts = case when excluded.valued = 0 then r.value_counts else
        (select coalesce(pg_catalog.array_agg(m.n order by m.k), '{}')
         from (select v.k, pg_catalog.sum(v.c)::integer n from unnest(r.value_keys || excluded.value_keys, r.value_counts || excluded.value_counts) v(k, c)
               group by v.k) m) end
    returning 1
  ), seen as (
    -- When each error group was first and last seen, whatever window is asked later and however
    -- long ago: raw events go after retention_days, this stays.
    insert into vigil.error_group_seen as s (tenant_id, fingerprint, first_seen, first_release, last_seen, last_release, events)
    select f.tenant_id, f.fp, pg_catalog.min(f.occurred_at),
           (pg_catalog.array_agg(f.release order by f.occurred_at) filter (where f.release is not null))[1],
           pg_catalog.max(f.occurred_at),
           (pg_catalog.array_agg(f.release order by f.occurred_at desc) filter (where f.release is not null))[1],
           pg_catalog.count(*)
    from fresh f where f.fp is not null
    group by 1, 2
    on conflict (tenant_id, fingerprint) do update set
      first_seen = least(s.first_seen, excluded.first_seen),
      first_release = case when excluded.first_seen < s.first_seen then coalesce(excluded.first_release, s.first_release)
                           else coalesce(s.first_release, excluded.first_release) end,
      last_seen = greatest(s.last_seen, excluded.last_seen),
      last_release = case when excluded.last_seen >= s.last_seen then coalesce(excluded.last_release, s.last_release)
                          else coalesce(s.last_release, excluded.last_release) end,
      events = s.events + excluded.events
    returning 1
  ), milestones as (
    -- Each actor's first 8 times at each milestone in this pass, merged into its row (see
    -- vigil.milestone_times): the times up to what both lists know, the first 8 of them.
    insert into vigil.milestone_times as m (tenant_id, name, actor_type, actor, times, complete, first_at, reach)
    select x.tenant_id, x.name, x.actor_type, x.actor, x.times[1:8], x.n <= 8, x.times[1],
           case when x.n <= 8 then x.times[x.n] else 'infinity' end
    from (select f.tenant_id, f.name, a.actor_type, a.actor, pg_catalog.array_agg(f.occurred_at order by f.occurred_at) times,
                 pg_catalog.count(*) n
          from fresh f cross join lateral (values ('user', f.user_id), ('session', f.session_id)) a(actor_type, actor)
          where f.kind = 'milestone' and a.actor is not null
          group by 1, 2, 3, 4) x
    on conflict (tenant_id, name, actor_type, actor) do update set
      (times, complete, first_at, reach) =
        (select coalesce(z.t, '{}'), z.c, z.t[1], case when z.c then z.t[pg_catalog.cardinality(z.t)] else 'infinity' end
         from (select (select pg_catalog.array_agg(u.t order by u.t)
                       from (select v.t from unnest(m.times || excluded.times) v(t)
                             where v.t <= least(case when m.complete then 'infinity' else coalesce(m.times[pg_catalog.cardinality(m.times)], '-infinity') end,
                                                case when excluded.complete then 'infinity' else excluded.times[8] end)
                             order by v.t limit 8) u) t,
                      m.complete and excluded.complete and pg_catalog.cardinality(m.times) + pg_catalog.cardinality(excluded.times) <= 8 c) z)
    returning 1
  ), hours as (
    -- The pass's users and sessions per UTC hour, merged into their hour sketches (see
    -- vigil.actor_sketches). A bucket that has a sketch gets the pass's hashes bare, and
    -- vigil.hll_union adds only those that raise a register: the registers of a busy hour are built
    -- once, not every pass. Hashes are not made distinct first (a sort or hash of every actor of the
    -- pass): a dense sketch's registers ignore repeats, and an explicit one (vigil.hll_from_hashes)
    -- drops them from its at most 1024 hashes. A sketch the pass leaves as it was is not written
    -- again: once an hour has seen most of its actors that is most passes, and rewriting a dense
    -- sketch costs its 40 KB compressed and logged. (Passes run one at a
    -- time, under vigil.rollup_state's lock, so the sketch read here is the one the insert meets; the
    -- union on conflict keeps it right if another writer came between.)
    insert into vigil.actor_sketches as s (tenant_id, grain, bucket_start, actor_type, sketch)
    select n.tenant_id, 60::smallint, n.hr, n.actor_type, m.sketch
    from (select g.tenant_id, a.actor_type, g.hr, a.hashes
          from (select f.tenant_id, pg_catalog.date_bin(interval '1 hour', f.occurred_at, v_lo) hr,
                       pg_catalog.array_agg(pg_catalog.hashtextextended(f.user_id, 0)) filter (where f.user_id is not null) users,
                       pg_catalog.array_agg(pg_catalog.hashtextextended(f.session_id, 0)) filter (where f.session_id is not null) sessions
                from fresh f
                group by 1, 2) g
          -- Users and sessions in one grouping, and apart only per hour: a row per event and actor
          -- type, grouped by a text key, cost ten times as much.
          cross join lateral (values ('user', g.users), ('session', g.sessions)) a(actor_type, hashes)
          where a.hashes is not null) n
    left join vigil.actor_sketches x
      on x.tenant_id = n.tenant_id and x.grain = 60 and x.bucket_start = n.hr and x.actor_type = n.actor_type
         and x.bucket_start >= v_lo and x.bucket_start < v_hi
    cross join lateral (select case when x.tenant_id is null then vigil.hll_from_hashes(n.hashes)
                                    else vigil.hll_union(x.sketch, row(n.hashes, null)::vigil.hll) end sketch) m
    where x.tenant_id is null or m.sketch is distinct from x.sketch
    on conflict (tenant_id, grain, bucket_start, actor_type) do update set sketch = vigil.hll_union(s.sketch, excluded.sketch)
    returning s.tenant_id, s.actor_type, s.sketch
  ), actors as (
    -- The day's sketch is the union of its hours': the hours this pass changed, as they now are,
    -- merged in whole (an hour the pass left as it was is in its day already). A union is
    -- idempotent, so an hour merged again adds nothing twice, and two dense sketches merge by a
    -- bitwise OR per level rather than hash by hash. Unchanged days are not written, as above.
    insert into vigil.actor_sketches as s (tenant_id, grain, bucket_start, actor_type, sketch)
    select h.tenant_id, 1440::smallint, v_lo, h.actor_type, m.sketch
    from (select h.tenant_id, h.actor_type, vigil.hll_union_agg(h.sketch) sketch from hours h group by 1, 2) h
    left join vigil.actor_sketches x
      on x.tenant_id = h.tenant_id and x.grain = 1440 and x.bucket_start = v_lo and x.actor_type = h.actor_type
    cross join lateral (select case when x.tenant_id is null then h.sketch else vigil.hll_union(x.sketch, h.sketch) end sketch) m
    where x.tenant_id is null or m.sketch is distinct from x.sketch
    on conflict (tenant_id, grain, bucket_start, actor_type) do update set sketch = vigil.hll_union(s.sketch, excluded.sketch)
    returning 1
  )
  select (select coalesce(pg_catalog.sum(k.n), 0) from k5n k), (select pg_catalog.count(*) from upserted)
  into events, rollup_rows;
end
$$;
comment on function vigil._fold_day(timestamptz, timestamptz, timestamptz, bigint, bigint, uuid) is
  'Folds one UTC day of events (a partition''s bounds) with ids in (p_from, p_to], for every tenant or one, skipping tenants that are gone or being deleted. Internal to fold_rollups.';

-- Merge and nested-loop joins are off for the function: the row estimates of its CTEs are far too
-- low (one row for a minute of 60,000 events), and the planner joined a day of events to its series
-- by sorting both (4.9 s of a 24 s day at 10M) or a minute of them by a nested loop (6.5 s).
create function vigil.fold_rollups() returns jsonb
language plpgsql security definer
set search_path = ''
set jit = off
set enable_mergejoin = off
set enable_nestloop = off
as $$
declare
  v_epoch constant timestamptz := timestamptz '2000-01-01 00:00:00+00';
  v_state vigil.rollup_state;
  v_to bigint;
  v_blocked boolean;
  v_lo timestamptz;
  v_hi timestamptz;
  v_rows bigint := 0::bigint;
  v_series bigint := 0::bigint;
  v_n bigint;
  v_m bigint;
  v_started timestamptz := pg_catalog.clock_timestamp();
  v_mfrom timestamptz;
  v_tenant uuid;
  v_def vigil.rollup_deferred;
  v_deferred integer := 0;
  v_retried bigint := 0::bigint;
  v_sqlstate text;
  v_msg text;
begin
  if not vigil._caller_is_trusted() then
    raise exception using errcode = '42501', message = 'Only the service role or maintenance may fold rollups.';
  end if;
  -- The statements after the wait must see what the writers it waited for committed: a snapshot
  -- kept from before it (repeatable read, serializable) would miss their events for good.
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception using errcode = '55000',
      message = 'Rollups fold only at the read committed isolation level: an older snapshot would miss events that commit while the pass waits.';
  end if;
  -- One pass at a time; a second caller waits and then folds what is left.
  select * into v_state from vigil.rollup_state for update;
  -- Every event with an id up to v_to is final (see vigil.rollup_state). When a writer stays open
  -- longer than writer_wait, this pass folds nothing new (ranges deferred before are still retried).
  v_to := vigil._wait_for_event_writers(v_state.writer_wait);
  v_blocked := v_to is null;
  v_to := greatest(coalesce(v_to, v_state.id_floor), v_state.id_floor);
  -- Minute rows from here on (see the comment above rollups_minute_idx).
  v_mfrom := greatest(v_state.minute_from,
                      pg_catalog.date_bin(interval '1 minute', pg_catalog.now(), v_epoch) - v_state.minute_horizon);

  -- Ranges deferred by earlier passes (one tenant's day that failed), retried first, each alone: a
  -- range folds exactly the rows it would have folded then, so each event is still counted once.
  -- A range whose day partition is gone (retention) or whose tenant is gone folds nothing and goes.
  for v_def in select * from vigil.rollup_deferred d order by d.tenant_id, d.day_start, d.id_to loop
    begin
      select v_retried + d.events, v_series + d.rollup_rows into v_retried, v_series
      from vigil._fold_day(v_def.day_start, v_def.day_end, v_mfrom, v_def.id_from, v_def.id_to, v_def.tenant_id) d;
      delete from vigil.rollup_deferred d
      where d.tenant_id = v_def.tenant_id and d.day_start = v_def.day_start and d.id_to = v_def.id_to;
    exception when others then
      get stacked diagnostics v_sqlstate = returned_sqlstate, v_msg = message_text;
      update vigil.rollup_deferred d
      set attempts = d.attempts + 1, last_attempt_at = pg_catalog.now(), error = pg_catalog.left(v_msg, 2000), sqlstate = v_sqlstate
      where d.tenant_id = v_def.tenant_id and d.day_start = v_def.day_start and d.id_to = v_def.id_to;
    end;
  end loop;

  -- Every partition by the bounds it was created with (rendered and read back in the session's time
  -- zone, so the instants are exact whatever it is).
  for v_lo, v_hi in select p.lo, p.hi from vigil._event_partitions() p order by 1 loop
    -- Bucket indexes below count from the partition's start, which must be a bucket boundary of every
    -- grain (vigil._ensure_partition makes UTC days).
    if pg_catalog.date_bin(interval '6 hours', v_lo, v_epoch) <> v_lo or v_hi - v_lo > interval '1 day' then
      raise exception using errcode = '55000',
        message = pg_catalog.format('Events partition [%s, %s) is not one UTC day; rollups fold whole UTC days.', v_lo, v_hi);
    end if;
    continue when v_to = v_state.id_floor;
    -- One statement for the day and every tenant; if it fails, the day again tenant by tenant, each
    -- in its own subtransaction, so one tenant's data (a rollup row it cannot merge, an event its
    -- error fingerprint chokes on) never stops the others. A tenant that fails there is deferred:
    -- its range is recorded in vigil.rollup_deferred, retried by every later pass, and reported once
    -- as a maintenance error naming the tenant.
    begin
      select d.events, d.rollup_rows into v_n, v_m
      from vigil._fold_day(v_lo, v_hi, v_mfrom, v_state.id_floor, v_to, null) d;
    exception when others then
      v_n := 0;
      v_m := 0;
      for v_tenant in
        select distinct e.tenant_id from vigil.events e
        where e.occurred_at >= v_lo and e.occurred_at < v_hi and e.id > v_state.id_floor and e.id <= v_to
          and e.tenant_id in (select t.id from vigil.tenants t)
        order by 1
      loop
        begin
          select v_n + d.events, v_m + d.rollup_rows into v_n, v_m
          from vigil._fold_day(v_lo, v_hi, v_mfrom, v_state.id_floor, v_to, v_tenant) d;
        exception when others then
          get stacked diagnostics v_sqlstate = returned_sqlstate, v_msg = message_text;
          v_deferred := v_deferred + 1;
          -- A range that continues one deferred before (the tenant failed on this day in the pass
          -- before too) extends it, so a lasting failure keeps one row per tenant and day, reported once.
          update vigil.rollup_deferred d
          set id_to = v_to, error = pg_catalog.left(v_msg, 2000), sqlstate = v_sqlstate
          where d.tenant_id = v_tenant and d.day_start = v_lo and d.id_to = v_state.id_floor;
          continue when found;
          insert into vigil.rollup_deferred (tenant_id, day_start, day_end, id_from, id_to, error, sqlstate)
          values (v_tenant, v_lo, v_hi, v_state.id_floor, v_to, pg_catalog.left(v_msg, 2000), v_sqlstate)
          on conflict (tenant_id, day_start, id_to) do nothing;
          perform vigil._record_system_event('log', 'rollups failed for a tenant', null,
            pg_catalog.jsonb_build_object('level', 'error', 'step', 'rollups', 'tenant_id', v_tenant,
              'tenant', (select t.slug from vigil.tenants t where t.id = v_tenant), 'day', v_lo,
              'sqlstate', v_sqlstate, 'message', pg_catalog.left(v_msg, 2000)));
        end;
      end loop;
    end;
    v_rows := v_rows + v_n;
    v_series := v_series + v_m;
  end loop;

  insert into vigil.rollup_passes (pass, id_from, id_to, blocked, folded)
  values (v_state.passes + 1, v_state.id_floor, v_to, v_blocked, v_rows + v_retried);
  delete from vigil.rollup_passes p where p.taken_at < pg_catalog.now() - interval '1 day';

  -- Minute rows before the new boundary are no longer read (and no longer complete as it moves on).
  delete from vigil.all_rollups r where r.grain = 1 and r.bucket_start < v_mfrom;

  perform pg_catalog.brin_summarize_new_values(i.inhrelid)
  from pg_catalog.pg_inherits i where i.inhparent = 'vigil.events_id_brin'::regclass;

  update vigil.rollup_state set id_floor = v_to, folded_at = pg_catalog.now(), passes = passes + 1, minute_from = v_mfrom,
    blocked_since = case when v_blocked then coalesce(blocked_since, pg_catalog.now()) end;

  return pg_catalog.jsonb_build_object('events', v_rows + v_retried, 'rollup_rows', v_series, 'id_floor', v_to,
    'blocked', v_blocked, 'deferred', v_deferred, 'retried_events', v_retried,
    'ms', pg_catalog.round(extract(epoch from pg_catalog.clock_timestamp() - v_started)::numeric * 1000, 1));
end
$$;
comment on function vigil.fold_rollups() is
  'Folds every event committed since the last pass into vigil.rollups (5-minute, 15-minute, 1-hour and 6-hour buckets, and 1-minute ones for the last rollup_state.minute_horizon), late events included, each exactly once, one UTC day at a time. Waits at most rollup_state.writer_wait for transactions writing events; if one stays open longer, folds nothing new this time and says blocked. Run by maintenance every minute; safe to call any time.';

create function vigil._step_rollups() returns jsonb
language sql
set search_path = ''
as $$ select vigil.fold_rollups() $$;
comment on function vigil._step_rollups() is 'Maintenance step: fold new events into vigil.rollups.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('rollups', 'vigil._step_rollups()', 20, 'Fold events committed since the last pass into rollups (5 minutes to 6 hours, and minutes for the recent past).');

grant execute on function vigil._hist_key(double precision) to authenticated, service_role;
grant execute on function vigil._value_key(double precision) to authenticated, service_role;
grant execute on function vigil._value_of_key(smallint) to authenticated, service_role;
grant execute on function vigil.error_fingerprint(text, text, text, text, text) to authenticated, service_role;
grant execute on function vigil._jsonb_add_counts(jsonb, jsonb) to service_role;
grant execute on function vigil._hist_coarse(smallint[], integer[]) to service_role;
grant execute on function vigil._fold_day(timestamptz, timestamptz, timestamptz, bigint, bigint, uuid) to service_role;
grant execute on function vigil.fold_rollups() to service_role;
grant execute on function vigil._step_rollups() to service_role;
