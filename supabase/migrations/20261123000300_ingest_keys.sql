-- Ingest keys: the public key a browser holds (like a Sentry DSN). Stored only as a SHA-256 hash.

create table vigil.ingest_keys (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null default 'default' check (length(name) between 1 and 100),
  key_prefix text not null,
  key_hash bytea not null unique,
  previous_key_hash bytea unique,
  previous_valid_until timestamptz,
  allowed_kinds text[],
  events_per_minute integer not null default 6000 check (events_per_minute between 1 and 10000000),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  created_by uuid,
  rotated_at timestamptz,
  disabled_at timestamptz,
  primary key (tenant_id, id)
);
comment on table vigil.ingest_keys is 'Public ingest keys. The key itself is shown once at creation and stored only as a hash.';
comment on column vigil.ingest_keys.key_prefix is 'The first characters of the key, to tell keys apart in a list.';
comment on column vigil.ingest_keys.previous_key_hash is 'After a rotation with a grace period, the old key''s hash, valid until previous_valid_until.';
comment on column vigil.ingest_keys.allowed_kinds is 'Event kinds this key may send; null allows every kind.';
comment on column vigil.ingest_keys.events_per_minute is 'Budget: a batch that would take the key over it within the current minute is refused whole.';

-- Events counted per key and minute; the budget check and the count are one atomic upsert.
create table vigil.ingest_usage (
  tenant_id uuid not null,
  key_id uuid not null,
  minute timestamptz not null,
  events integer not null,
  primary key (tenant_id, key_id, minute),
  foreign key (tenant_id, key_id) references vigil.ingest_keys (tenant_id, id) on delete cascade
);
comment on table vigil.ingest_usage is 'Events received per ingest key and minute, for the per-minute budget. Pruned by maintenance.';

alter table vigil.ingest_keys enable row level security;
alter table vigil.ingest_usage enable row level security;

-- Admins list keys; the hash columns are never granted to API users.
grant select (id, tenant_id, name, key_prefix, allowed_kinds, events_per_minute, enabled, created_at,
              created_by, rotated_at, disabled_at, previous_valid_until)
  on vigil.ingest_keys to authenticated;
grant all on vigil.ingest_keys, vigil.ingest_usage to service_role;
create policy ingest_keys_admin_read on vigil.ingest_keys for select to authenticated
  using (vigil.has_role(tenant_id, 'admin'));
create policy ingest_keys_service on vigil.ingest_keys for all to service_role using (true) with check (true);
create policy ingest_usage_service on vigil.ingest_usage for all to service_role using (true) with check (true);

create function vigil._hash_key(p_key text) returns bytea
language sql immutable strict parallel safe
set search_path = ''
as $$ select pg_catalog.sha256(pg_catalog.convert_to(p_key, 'UTF8')) $$;
comment on function vigil._hash_key(text) is 'SHA-256 of a key (ingest or deploy): what is stored and looked up.';

-- 64 hex digits from two v4 UUIDs: 244 random bits, from the server's strong random source. The
-- prefix tells the kinds of key apart at a glance (vk_ ingest, vd_ deploy); what keeps one kind from
-- serving as another is that each is looked up only in its own table.
create function vigil._new_key(p_prefix text default 'vk_') returns text
language sql volatile
set search_path = ''
as $$
  select p_prefix || pg_catalog.replace(pg_catalog.gen_random_uuid()::text || pg_catalog.gen_random_uuid()::text, '-', '')
$$;

create function vigil._check_kinds(p_kinds text[]) returns void
language plpgsql immutable
set search_path = ''
as $$
declare
  v_bad text;
begin
  select k into v_bad from pg_catalog.unnest(p_kinds) k
  where k is null or k not in ('operation', 'api_call', 'page_view', 'error', 'user_action', 'web_vital',
                               'milestone', 'cache', 'fallback', 'log', 'db_metric', 'custom')
  limit 1;
  if found then
    raise exception using errcode = '22023', message = format('allowed_kinds: unknown kind %L.', v_bad);
  end if;
end
$$;

-- Every argument is refused with 22023 and a sentence before the insert, the name included: the
-- table's check constraint error is not a sentence, and its DETAIL would echo the whole new row, key
-- hash included, to the API caller.
create function vigil._create_ingest_key(p_tenant uuid, p_name text, p_allowed_kinds text[], p_events_per_minute integer)
returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_key text := vigil._new_key();
  v_row vigil.ingest_keys;
begin
  perform vigil.require_role(p_tenant, 'admin');
  perform vigil._check_kinds(p_allowed_kinds);
  if p_name is not null then
    perform vigil._check_name(p_name, 100);
  end if;
  if p_events_per_minute is null or p_events_per_minute not between 1 and 10000000 then
    raise exception using errcode = '22023', message = 'events_per_minute must be between 1 and 10000000.';
  end if;
  insert into vigil.ingest_keys (tenant_id, name, key_prefix, key_hash, allowed_kinds, events_per_minute, created_by)
  values (p_tenant, coalesce(p_name, 'default'), pg_catalog.left(v_key, 11), vigil._hash_key(v_key),
          p_allowed_kinds, p_events_per_minute, auth.uid())
  returning * into v_row;
  return pg_catalog.jsonb_build_object('id', v_row.id, 'key', v_key, 'prefix', v_row.key_prefix,
    'allowed_kinds', v_row.allowed_kinds, 'events_per_minute', v_row.events_per_minute);
end
$$;
comment on function vigil._create_ingest_key(uuid, text, text[], integer) is
  'Creates an ingest key after checking the caller is an admin and every argument; returns the key once.';

-- The key machinery every kind of key shares (ingest keys here, deploy keys with the deployments):
-- a key table has id, tenant_id, key_prefix, key_hash, previous_key_hash, previous_valid_until,
-- enabled, rotated_at and disabled_at, and a usage table (key_id, minute, events) for its budget.
-- p_thing names the kind of key in sentences ('ingest key', 'deploy key').
create function vigil._rotate_key(p_table regclass, p_key_id uuid, p_grace interval, p_thing text) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_prefix text;
  v_key text;
begin
  perform vigil._require_owner_of(p_table, p_key_id, 'admin', p_thing);
  if p_grace is null or p_grace < interval '0' or p_grace > interval '30 days' then
    raise exception using errcode = '22023', message = 'grace must be between 0 and 30 days.';
  end if;
  execute pg_catalog.format('select pg_catalog.left(key_prefix, 3) from %s where id = $1', p_table) into v_prefix using p_key_id;
  v_key := vigil._new_key(v_prefix);
  execute pg_catalog.format($f$
    update %s
    set previous_key_hash = case when $2 > interval '0' then key_hash end,
        previous_valid_until = case when $2 > interval '0' then pg_catalog.now() + $2 end,
        key_hash = vigil._hash_key($3),
        key_prefix = pg_catalog.left($3, 11),
        rotated_at = pg_catalog.now()
    where id = $1$f$, p_table) using p_key_id, p_grace, v_key;
  return pg_catalog.jsonb_build_object('id', p_key_id, 'key', v_key, 'prefix', pg_catalog.left(v_key, 11),
    'previous_valid_until', case when p_grace > interval '0' then pg_catalog.now() + p_grace end);
end
$$;
comment on function vigil._rotate_key(regclass, uuid, interval, text) is
  'Replaces the secret of key p_key_id of key table p_table (admins of its tenant), keeping the old one valid for p_grace; returns the new key once.';

create function vigil._set_key_enabled(p_table regclass, p_key_id uuid, p_enabled boolean, p_thing text) returns void
language plpgsql
set search_path = ''
as $$
begin
  perform vigil._require_owner_of(p_table, p_key_id, 'admin', p_thing);
  execute pg_catalog.format('update %s set enabled = $2, disabled_at = case when $2 then null else pg_catalog.now() end where id = $1', p_table)
    using p_key_id, p_enabled;
end
$$;
comment on function vigil._set_key_enabled(regclass, uuid, boolean, text) is 'Enables or disables key p_key_id of key table p_table (admins of its tenant).';

-- The one check of a key an anonymous caller presents: refused with PT401 (HTTP 401) when no key of
-- this kind has that hash (the current one, or the previous one within its grace) or it is disabled.
create function vigil._find_key(p_table regclass, p_key text, p_thing text) returns uuid
language plpgsql stable
set search_path = ''
as $$
declare
  v_hash bytea := vigil._hash_key(coalesce(p_key, ''));
  v_id uuid;
  v_enabled boolean;
begin
  execute pg_catalog.format($f$
    select id, enabled from %s
    where key_hash = $1 or (previous_key_hash = $1 and previous_valid_until > pg_catalog.now())$f$, p_table)
    into v_id, v_enabled using v_hash;
  if v_id is null then
    raise exception using errcode = 'PT401', message = pg_catalog.format('Unknown %s.', p_thing),
      hint = pg_catalog.format('Check the key; create one with vigil_api.create_%s.', pg_catalog.replace(p_thing, ' ', '_'));
  end if;
  if not v_enabled then
    raise exception using errcode = 'PT401', message = pg_catalog.format('This %s is disabled.', p_thing);
  end if;
  return v_id;
end
$$;
comment on function vigil._find_key(regclass, text, text) is
  'The id of the key of table p_table whose hash p_key has (or had, within a rotation''s grace); PT401 when there is none or it is disabled.';

-- The per-minute budget of a key: counting and checking are one atomic upsert into its usage table,
-- so concurrent calls of one key are serialised on that row only until they commit.
create function vigil._spend_key_budget(p_usage regclass, p_tenant uuid, p_key_id uuid, p_count integer, p_budget integer, p_thing text, p_unit text)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_used integer;
begin
  execute pg_catalog.format($f$
    insert into %s as u (tenant_id, key_id, minute, events) values ($3, $1, pg_catalog.date_trunc('minute', pg_catalog.now()), $2)
    on conflict (tenant_id, key_id, minute) do update set events = u.events + excluded.events
    returning u.events$f$, p_usage) into v_used using p_key_id, p_count, p_tenant;
  if v_used > p_budget then
    raise exception using errcode = 'PT429',
      message = pg_catalog.format('This %s is over its budget of %s %s per minute.', p_thing, p_budget, p_unit),
      hint = 'Retry in the next minute.';
  end if;
end
$$;
comment on function vigil._spend_key_budget(regclass, uuid, uuid, integer, integer, text, text) is
  'Counts p_count uses of a key in this minute of usage table p_usage; PT429 (HTTP 429) when that takes it over p_budget (the caller''s transaction then undoes the count).';

create function vigil._rotate_ingest_key(p_key_id uuid, p_grace interval) returns jsonb
language sql security definer
set search_path = ''
as $$ select vigil._rotate_key('vigil.ingest_keys', p_key_id, p_grace, 'ingest key') $$;

create function vigil._set_ingest_key_enabled(p_key_id uuid, p_enabled boolean) returns void
language sql security definer
set search_path = ''
as $$ select vigil._set_key_enabled('vigil.ingest_keys', p_key_id, p_enabled, 'ingest key') $$;

grant execute on function vigil._create_ingest_key(uuid, text, text[], integer) to authenticated, service_role;
grant execute on function vigil._rotate_ingest_key(uuid, interval) to authenticated, service_role;
grant execute on function vigil._set_ingest_key_enabled(uuid, boolean) to authenticated, service_role;

create function vigil_api.create_ingest_key(
  p_tenant uuid,
  p_name text default 'default',
  p_allowed_kinds text[] default null,
  p_events_per_minute integer default 6000
) returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._create_ingest_key(p_tenant, p_name, p_allowed_kinds, p_events_per_minute) $$;
comment on function vigil_api.create_ingest_key(uuid, text, text[], integer) is
  'Creates an ingest key for a tenant and returns it once ({id, key, prefix, ...}); only its hash is kept. Tenant admins only.';

create function vigil_api.rotate_ingest_key(p_key_id uuid, p_grace interval default '0 seconds') returns jsonb
language sql security invoker
set search_path = ''
as $$ select vigil._rotate_ingest_key(p_key_id, p_grace) $$;
comment on function vigil_api.rotate_ingest_key(uuid, interval) is
  'Replaces a key''s secret and returns the new key once. The old key keeps working for p_grace (default: not at all). Tenant admins only.';

create function vigil_api.disable_ingest_key(p_key_id uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._set_ingest_key_enabled(p_key_id, false) $$;
comment on function vigil_api.disable_ingest_key(uuid) is
  'Disables an ingest key at once: every later batch sent with it is refused. Tenant admins only.';

create function vigil_api.enable_ingest_key(p_key_id uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._set_ingest_key_enabled(p_key_id, true) $$;
comment on function vigil_api.enable_ingest_key(uuid) is 'Enables a disabled ingest key again. Tenant admins only.';

create function vigil_api.list_ingest_keys(p_tenant uuid)
returns table (id uuid, name text, key_prefix text, allowed_kinds text[], events_per_minute integer,
               enabled boolean, created_at timestamptz, rotated_at timestamptz, disabled_at timestamptz)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'admin');
  select k.id, k.name, k.key_prefix, k.allowed_kinds, k.events_per_minute, k.enabled, k.created_at,
         k.rotated_at, k.disabled_at
  from vigil.ingest_keys k where k.tenant_id = p_tenant order by k.created_at;
$$;
comment on function vigil_api.list_ingest_keys(uuid) is 'A tenant''s ingest keys (prefix only, never the key). Tenant admins only.';

grant execute on function vigil_api.create_ingest_key(uuid, text, text[], integer) to authenticated, service_role;
grant execute on function vigil_api.rotate_ingest_key(uuid, interval) to authenticated, service_role;
grant execute on function vigil_api.disable_ingest_key(uuid) to authenticated, service_role;
grant execute on function vigil_api.enable_ingest_key(uuid) to authenticated, service_role;
grant execute on function vigil_api.list_ingest_keys(uuid) to authenticated, service_role;
