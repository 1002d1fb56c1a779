-- The event store: one table range-partitioned by day on occurred_at, so retention is `drop table`.

-- Cache 1 (the default) is part of the fold's argument below: a session that cached ids would hand
-- out, in a later transaction, ids below a value a fold pass has already read.
create sequence vigil.events_id_seq cache 1;
comment on sequence vigil.events_id_seq is 'Event ids, in insertion order (PostgreSQL 15 has no identity columns on partitioned tables). Cache 1: the rollup fold relies on it (see vigil.lock_events_for_writing).';

create table vigil.events (
  id bigint not null default nextval('vigil.events_id_seq'),
  tenant_id uuid not null,
  kind text collate "C" not null check (kind in ('operation', 'api_call', 'page_view', 'error', 'user_action',
    'web_vital', 'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom')),
  name text collate "C" not null,
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  duration_ms double precision,
  value double precision,
  success boolean not null default true,
  status_code smallint,
  error_type text,
  error_message text,
  fingerprint text,
  user_id text,
  session_id text,
  trace_id text,
  release text,
  environment text,
  source text,
  attributes jsonb not null default '{}'::jsonb
) partition by range (occurred_at);
alter sequence vigil.events_id_seq owned by vigil.events.id;

-- Tenant first, then time: "one tenant, all operations, last 24 h" and "one operation" both seek.
-- The primary key is that index made unique by id, so it costs the ingest path no extra index (the
-- plain (tenant_id, occurred_at) index it replaces was as wide but for 8 bytes). It is chosen once
-- for the scale-out as well: a distributed table's key must start with its distribution column
-- (tenant_id), and a partitioned table's key must hold its partition key (occurred_at). It gives
-- every day partition a key (Supabase's linter, 0004 no_primary_key) and lets batched deletes (a
-- tenant leaving) go by key instead of by physical row id.
alter table vigil.events add constraint events_pkey primary key (tenant_id, occurred_at, id);
create index events_tenant_op_time_idx on vigil.events (tenant_id, kind, name, occurred_at);

comment on table vigil.events is
  'Raw events, one partition per UTC day (events_pYYYYMMDD). No foreign key to tenants: the ingest path has already checked the tenant, and a per-row check would cost every insert.';
comment on column vigil.events.kind is 'operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric or custom.';
comment on column vigil.events.received_at is 'When Vigil stored the event; occurred_at is when it happened at the source.';
comment on column vigil.events.value is 'A measured value that is not a duration: a web vital''s score, a gauge, a count.';
comment on column vigil.events.fingerprint is 'Groups errors; given by the client or derived from type, message and top stack frame.';
comment on column vigil.events.attributes is 'Free-form context, a JSON object of at most 8 KB.';

alter table vigil.events enable row level security;
grant select on vigil.events to authenticated;
grant all on vigil.events to service_role;
grant usage on sequence vigil.events_id_seq to service_role;
select vigil._create_policies('vigil.events', 'tenant_id', 'viewer');

create function vigil._partition_name(p_day date) returns text
language sql immutable strict
set search_path = ''
as $$ select 'events_p' || pg_catalog.to_char(p_day, 'YYYYMMDD') $$;

-- Creates the partition for one UTC day if it is missing. Security definer so the ingest path can
-- heal a missing day instead of losing the batch; serialised so two callers never race on one day.
-- Each partition gets RLS and a policy that denies everything: partitions are read and written
-- only through vigil.events, whose policies apply there; a partition's own policies apply only to
-- whoever reaches it directly, and nobody should, so even a grant added later by mistake opens
-- nothing (and Supabase's linter has no partition without a policy to report, 0008).
create function vigil._ensure_partition(p_day date) returns boolean
language plpgsql security definer
set search_path = ''
as $$
declare
  v_name text := vigil._partition_name(p_day);
begin
  if pg_catalog.to_regclass('vigil.' || v_name) is not null then
    return false;
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('vigil.events partitions'));
  if pg_catalog.to_regclass('vigil.' || v_name) is not null then
    return false;
  end if;
  execute pg_catalog.format(
    'create table vigil.%I partition of vigil.events for values from (%L) to (%L)',
    v_name, (p_day::timestamp at time zone 'UTC'), ((p_day + 1)::timestamp at time zone 'UTC'));
  execute pg_catalog.format('alter table vigil.%I enable row level security', v_name);
  execute pg_catalog.format(
    'create policy partition_only_through_events on vigil.%I for all to public using (false) with check (false)', v_name);
  return true;
end
$$;
comment on function vigil._ensure_partition(date) is
  'Creates the events partition for one UTC day if missing, with RLS on and a deny-all policy (read it through vigil.events); true when it created one.';

create function vigil.ensure_partitions(
  p_from date default (pg_catalog.now() at time zone 'UTC')::date - 7,
  p_to date default (pg_catalog.now() at time zone 'UTC')::date + 7
) returns integer
language sql
set search_path = ''
as $$
  select pg_catalog.count(*) filter (where vigil._ensure_partition(d::date))::integer
  from pg_catalog.generate_series(p_from, p_to, interval '1 day') d
$$;
comment on function vigil.ensure_partitions(date, date) is
  'Creates the missing day partitions from p_from to p_to (default: the 7-day ingest window behind and 7 days ahead). Returns how many it created.';

-- The day partitions of vigil.events by the bounds each was created with, oldest first: what the
-- fold, retention and tenant deletion walk, one day at a time, so a scan is pruned to that day. The
-- bounds are rendered and read back in the session's time zone, so the instants are exact whatever
-- it is.
create function vigil._event_partitions() returns table (lo timestamptz, hi timestamptz)
language sql stable
set search_path = ''
as $$
  select (pg_catalog.substring(b.expr, $r$FROM \('([^']+)'\)$r$))::timestamptz,
         (pg_catalog.substring(b.expr, $r$TO \('([^']+)'\)$r$))::timestamptz
  from pg_catalog.pg_inherits i join pg_catalog.pg_class c on c.oid = i.inhrelid
  cross join lateral (select pg_catalog.pg_get_expr(c.relpartbound, c.oid) as expr) b
  where i.inhparent = 'vigil.events'::regclass
  order by 1
$$;
comment on function vigil._event_partitions() is
  'The day partitions of vigil.events as [lo, hi) by the bounds they were created with, oldest first.';

-- What the rollup fold needs from every writer, so it can fold events by id with no transaction ids
-- (a Citus worker has a transaction counter of its own, so xmin means nothing across the cluster):
-- every transaction that writes vigil.events takes this lock, shared, BEFORE it draws its first id
-- (the insert's default), and holds it to its end. A fold pass takes the same lock exclusively for an
-- instant (vigil._wait_for_event_writers): once it has it, every writer that drew an id up to the
-- sequence's value L has committed or rolled back, and every later writer draws ids above L, so the
-- events with ids up to L are final and a pass folds exactly the ids between the last pass's L and
-- its own. Writers never wait for one another (the lock is shared); they wait only while a pass
-- waits, at most its rollup_state.writer_wait.
-- The rule for writers: go through the ingest functions, or call vigil.lock_events_for_writing() in
-- the transaction before inserting. A direct insert without it is folded correctly only if it
-- commits before the next pass begins (tests that commit their rows and then fold do).
-- On Citus, events are written through the coordinator: the sequence and this lock live there. A
-- write from a worker node would draw ids from that node's own range and skip the lock.
create function vigil.lock_events_for_writing() returns void
language sql
set search_path = ''
as $$ select pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext('vigil.events writers')) $$;
comment on function vigil.lock_events_for_writing() is
  'Takes the lock every writer of vigil.events holds, shared, from before it draws an event id to the end of its transaction, so a rollup fold pass can tell when every id up to a value is final. Call it before a direct insert into vigil.events.';

-- The fold's side of the lock above: waits at most p_wait for the writers in flight, and returns the
-- id sequence's value read while none was (0 before the first id), or null when a writer stayed
-- open longer. The lock is released at once, so ingest waits only while a pass waits. A caller that
-- has itself written events in its transaction is not held up by its own lock: its uncommitted
-- events up to the value are then folded in its own transaction, and stand or fall with it.
-- Waiting in the lock's queue, not polling, so a stream of short writers cannot starve a pass: new
-- writers queue behind it. lock_timeout is set in a subtransaction and restored after.
create function vigil._wait_for_event_writers(p_wait interval) returns bigint
language plpgsql
set search_path = ''
as $$
declare
  v_timeout text := pg_catalog.current_setting('lock_timeout');
  v_last bigint;
begin
  begin
    perform pg_catalog.set_config('lock_timeout',
      greatest(1, pg_catalog.ceil(extract(epoch from p_wait) * 1000))::bigint::text || 'ms', true);
    perform pg_catalog.pg_advisory_lock(pg_catalog.hashtext('vigil.events writers'));
    select case when s.is_called then s.last_value else 0 end into v_last from vigil.events_id_seq s;
    perform pg_catalog.pg_advisory_unlock(pg_catalog.hashtext('vigil.events writers'));
  exception when lock_not_available or deadlock_detected then
    v_last := null;
  end;
  perform pg_catalog.set_config('lock_timeout', v_timeout, true);
  return v_last;
end
$$;
comment on function vigil._wait_for_event_writers(interval) is
  'Waits at most p_wait until no transaction holds vigil.lock_events_for_writing, then returns the last event id drawn (0 if none): every event with an id up to it is final. Null when a writer stayed open longer. Internal to the rollup fold.';

grant execute on function vigil.lock_events_for_writing() to service_role;
grant execute on function vigil._wait_for_event_writers(interval) to service_role;
grant execute on function vigil._partition_name(date) to service_role;
grant execute on function vigil._ensure_partition(date) to service_role;
grant execute on function vigil.ensure_partitions(date, date) to service_role;
grant execute on function vigil._event_partitions() to service_role;

-- The ingest window reaches 7 days back, so the past week needs partitions as much as the next one.
select vigil.ensure_partitions();
