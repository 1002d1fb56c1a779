-- The event store: one table range-partitioned by day on occurred_at, so retention is `drop table`.

create sequence vigil.events_id_seq;
comment on sequence vigil.events_id_seq is 'Event ids, in insertion order (PostgreSQL 15 has no identity columns on partitioned tables).';

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

grant execute on function vigil._partition_name(date) to service_role;
grant execute on function vigil._ensure_partition(date) to service_role;
grant execute on function vigil.ensure_partitions(date, date) to service_role;

-- The ingest window reaches 7 days back, so the past week needs partitions as much as the next one.
select vigil.ensure_partitions();
