-- Retention: whole day partitions of vigil.events are dropped once every tenant's retention has passed.
-- A drop costs ~90 ms and almost no WAL whatever the partition holds; a delete of the same rows costs
-- seconds, gigabytes of WAL and a vacuum, and leaves the table as large as before (PERF-NOTES).

create function vigil.drop_expired_partitions(p_now timestamptz default pg_catalog.now(), p_max integer default 31)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_keep_days integer;
  v_cutoff date;
  v_part record;
  v_dropped text[] := '{}'::text[];
  v_busy text[] := '{}'::text[];
  v_lock_timeout text := pg_catalog.current_setting('lock_timeout');
begin
  perform vigil._require_trusted('Only the service role or a database session may drop event partitions.');
  -- Partitions hold every tenant's events, so a day goes when the longest retention has passed.
  -- Never less than 8 days: the 7-day ingest window must keep its partitions.
  select greatest(coalesce(pg_catalog.max(t.retention_days), 30), 8) into v_keep_days from vigil.tenants t;
  v_cutoff := (p_now at time zone 'UTC')::date - v_keep_days;
  -- Dropping a partition takes an ACCESS EXCLUSIVE lock on vigil.events; waiting behind a long
  -- query would queue every insert behind the drop. Give up quickly instead and retry next run:
  -- a second after deadlock_timeout, when a waiter cancels an autovacuum holding the partition
  -- (which a busy day has often), so that one is waited out rather than skipped.
  perform pg_catalog.set_config('lock_timeout',
    (extract(epoch from pg_catalog.current_setting('deadlock_timeout')::interval) * 1000 + 1000)::bigint || 'ms', true);
  for v_part in
    select c.relname, pg_catalog.to_date(pg_catalog.substr(c.relname, 9), 'YYYYMMDD') as day
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'vigil.events'::pg_catalog.regclass
      and c.relname ~ '^events_p[0-9]{8}$'
      and pg_catalog.to_date(pg_catalog.substr(c.relname, 9), 'YYYYMMDD') < v_cutoff
    order by c.relname
    limit p_max
  loop
    begin
      execute pg_catalog.format('drop table vigil.%I', v_part.relname);
      v_dropped := v_dropped || v_part.relname;
    exception when lock_not_available then
      -- Someone is reading it: it and every later day wait for the next run. Oldest first and no
      -- gaps, so the days left are one run and the oldest of them bounds what the rollups keep
      -- (vigil.prune_rollups trims milestone times before it).
      v_busy := v_busy || v_part.relname;
      exit;
    end;
  end loop;
  perform pg_catalog.set_config('lock_timeout', v_lock_timeout, true);
  return pg_catalog.jsonb_build_object('keep_days', v_keep_days, 'cutoff', v_cutoff,
    'dropped', pg_catalog.cardinality(v_dropped), 'partitions', pg_catalog.to_jsonb(v_dropped),
    'busy', pg_catalog.to_jsonb(v_busy));
end
$$;
comment on function vigil.drop_expired_partitions(timestamptz, integer) is
$$Drops the day partitions of vigil.events (events_pYYYYMMDD) that end before today minus the longest tenant
retention (at least 8 days, so the ingest window stays), oldest first, at most p_max per call. A partition whose
lock is not granted within a second past deadlock_timeout (when an autovacuum in the way is cancelled) is left for the next run (listed under busy), and so is every later one: the days
left are always one unbroken run.
Never deletes rows. Tenants with a shorter retention keep their events until the longest one has passed.$$;

create function vigil._step_retention(p_now timestamptz default pg_catalog.now()) returns jsonb
language sql
set search_path = ''
as $$ select vigil.drop_expired_partitions(p_now) $$;
comment on function vigil._step_retention(timestamptz) is 'Maintenance step: drop event partitions past retention.';

-- Last in the run, on purpose: run_maintenance is one transaction, so the ACCESS EXCLUSIVE lock a drop
-- takes on vigil.events is held until the run commits and blocks ingest meanwhile. After every other
-- step, that is the commit alone, not the rest of the run.
insert into vigil.maintenance_steps (name, fn, position, description)
values ('retention', 'vigil._step_retention(timestamptz)', 95,
        'Drop whole day partitions of vigil.events past the longest tenant retention (never a delete).');

grant execute on function vigil.drop_expired_partitions(timestamptz, integer) to service_role;
grant execute on function vigil._step_retention(timestamptz) to service_role;

-- Rollups past retention: the fine grains (5 and 15 minutes) go with the tenant's raw events, after
-- its retention_days; the coarse grains (1 and 6 hours) stay for a year and a month (400 days, or
-- the retention if longer), so year-over-year questions still have hourly answers. Fine rows are the
-- bulk of the table (about 5 in 6), so this bounds it at roughly retention_days of fine rows.
-- Windows older than the fine horizon are answered from whole hours (their sub-hour edges, like
-- their raw events, are gone).

-- Deleted in bounded batches through the primary key (tenant, grain, bucket_start): each tenant and
-- grain is one index range from the start of time to its cutoff.
create function vigil.prune_rollups(p_now timestamptz default pg_catalog.now(), p_limit integer default 20000)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_deleted integer;
  v_oldest timestamptz;
  v_trimmed integer := 0;
  v_sketches integer;
begin
  perform vigil._require_trusted('Only the service role or maintenance may prune rollups.');
  if p_limit is null or p_limit < 1 then
    raise exception using errcode = '22023', message = 'limit must be a positive number of rows.';
  end if;
  -- By primary key, not ctid: vigil.all_rollups has two partitions, and a ctid names a row only
  -- within its own.
  delete from vigil.all_rollups r
  where (r.tenant_id, r.grain, r.bucket_start, r.kind, r.name) in (
    select x.tenant_id, x.grain, x.bucket_start, x.kind, x.name
    from vigil.tenants t
    cross join lateral (values (5::smallint, t.retention_days), (15::smallint, t.retention_days),
                               (60::smallint, greatest(t.retention_days, 400)), (360::smallint, greatest(t.retention_days, 400))) g(grain, keep_days)
    cross join lateral (
      select y.tenant_id, y.grain, y.bucket_start, y.kind, y.name from vigil.all_rollups y
      where y.tenant_id = t.id and y.grain = g.grain
        and y.bucket_start < p_now - pg_catalog.make_interval(days => g.keep_days)
      limit p_limit) x
    limit p_limit);
  get diagnostics v_deleted = row_count;
  -- Dimension rows (vigil.dimension_rollups) keep as long as the rollups of their grain.
  delete from vigil.dimension_rollups r
  where (r.tenant_id, r.grain, r.bucket_start, r.kind, r.name, r.attribute, r.value) in (
    select y.tenant_id, y.grain, y.bucket_start, y.kind, y.name, y.attribute, y.value
    from vigil.tenants t
    cross join lateral (values (5::smallint, t.retention_days), (15::smallint, t.retention_days),
                               (60::smallint, greatest(t.retention_days, 400)), (360::smallint, greatest(t.retention_days, 400))) g(grain, keep_days)
    join vigil.dimension_rollups y on y.tenant_id = t.id and y.grain = g.grain
      and y.bucket_start < p_now - pg_catalog.make_interval(days => g.keep_days)
    limit p_limit);
  -- Actor sketches: days like hourly rows; hours at least 35 days, so a 30-day question's edges have them.
  delete from vigil.actor_sketches s
  where (s.tenant_id, s.grain, s.bucket_start, s.actor_type) in (
    select x.tenant_id, x.grain, x.bucket_start, x.actor_type
    from vigil.tenants t
    cross join lateral (values (60::smallint, greatest(t.retention_days, 35)), (1440::smallint, greatest(t.retention_days, 400))) g(grain, keep_days)
    cross join lateral (
      select y.tenant_id, y.grain, y.bucket_start, y.actor_type from vigil.actor_sketches y
      where y.tenant_id = t.id and y.grain = g.grain and y.bucket_start < p_now - pg_catalog.make_interval(days => g.keep_days)
      limit p_limit) x
    limit p_limit);
  get diagnostics v_sketches = row_count;

  -- Milestone times (vigil.milestone_times) older than the oldest day of raw events go with that day,
  -- so a funnel from them answers what the raw events would: a row keeps its later times, and goes
  -- when it held every time and none is left. The day goes at the end of a maintenance run and its
  -- times at the next run's, a minute later.
  select pg_catalog.min(p.lo) into v_oldest from vigil._event_partitions() p;
  if v_oldest is not null then
    with old as (
      select m.tenant_id, m.name, m.actor_type, m.actor from vigil.milestone_times m
      where m.first_at < v_oldest limit p_limit
    ), gone as (
      delete from vigil.milestone_times m
      where (m.tenant_id, m.name, m.actor_type, m.actor) in (select * from old) and m.complete and m.reach < v_oldest
      returning 1
    ), kept as (
      update vigil.milestone_times m
      set times = x.times, first_at = x.times[1]
      from (select o.*, array(select t from unnest(y.times) t where t >= v_oldest order by t) times
            from old o join vigil.milestone_times y using (tenant_id, name, actor_type, actor)
            where not (y.complete and y.reach < v_oldest)) x
      where (m.tenant_id, m.name, m.actor_type, m.actor) = (x.tenant_id, x.name, x.actor_type, x.actor)
      returning 1
    )
    select ((select pg_catalog.count(*) from gone) + (select pg_catalog.count(*) from kept))::integer into v_trimmed;
  end if;
  return pg_catalog.jsonb_build_object('deleted', v_deleted, 'milestone_rows', v_trimmed, 'sketches', v_sketches,
                                       'more', v_deleted = p_limit or v_trimmed = p_limit or v_sketches = p_limit);
end
$$;
comment on function vigil.prune_rollups(timestamptz, integer) is
$$Deletes at most p_limit rollup rows past retention: 5- and 15-minute rows older than the tenant's retention_days,
1- and 6-hour rows older than 400 days (or retention_days if longer); and at most p_limit rows of milestone times
before the oldest events partition (milestone_rows: trimmed or deleted); at most p_limit actor sketches (sketches: day
ones after 400 days or retention_days if longer, hour ones after 35 days or retention_days). "more" says a backlog is left for the next
run. Service role and maintenance only.$$;

create function vigil._step_rollup_retention(p_now timestamptz default pg_catalog.now()) returns jsonb
language sql
set search_path = ''
as $$ select vigil.prune_rollups(p_now) $$;
comment on function vigil._step_rollup_retention(timestamptz) is 'Maintenance step: delete rollups past retention, a bounded batch per run.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('rollup_retention', 'vigil._step_rollup_retention(timestamptz)', 92,
        'Delete rollups past retention (5/15-minute rows after the tenant''s retention, hourly ones after 400 days), at most 20,000 rows a run.');

grant execute on function vigil.prune_rollups(timestamptz, integer) to service_role;
grant execute on function vigil._step_rollup_retention(timestamptz) to service_role;
