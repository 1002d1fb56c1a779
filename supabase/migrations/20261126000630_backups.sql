-- Backups: the bookkeeping of the `vigil backup` CLI (policies, runs, their files, restores and
-- drills), the plan of what a policy copies in foreign-key order, the order-free content checksum
-- that backup and restore both compute, and the freshness alert metrics.
--
-- A backup covers the database, not a tenant: a tenant admin able to start one could copy (or, with
-- a restore, overwrite) every tenant's data. So these tables have no tenant_id; they belong to the
-- vigil-system tenant, whose members may read them, and only the service role or a DBA writes them.
-- The copying itself is done by the CLI over COPY; SQL records it and decides what is fresh.

create table vigil.backup_policies (
  name text primary key check (name ~ '^[a-z][a-z0-9_-]{0,62}$'),
  schemas text[] not null default '{public}' check (pg_catalog.cardinality(schemas) > 0),
  include text[] not null default '{}',
  exclude text[] not null default '{}',
  target text not null default 'local' check (target in ('local', 'storage')),
  expected_interval interval not null default '1 day' check (expected_interval >= interval '1 minute'),
  keep_daily integer not null default 7 check (keep_daily >= 1),
  keep_weekly integer not null default 4 check (keep_weekly >= 0),
  part_bytes bigint not null default 268435456 check (part_bytes >= 1024),
  created_at timestamptz not null default pg_catalog.now()
);
comment on table vigil.backup_policies is
  'What a backup copies (schemas, include and exclude patterns), where to (local folder or Storage), how often one is expected and how many are kept. Database-wide: vigil-system members read, the service role or a DBA writes.';
comment on column vigil.backup_policies.include is
  'LIKE patterns on schema.table (or table); empty means every table of the schemas.';
comment on column vigil.backup_policies.exclude is 'LIKE patterns on schema.table (or table) left out.';
comment on column vigil.backup_policies.expected_interval is
  'How often a backup is expected: a backup that started and has not finished within it counts as failed, and freshness is judged against it.';
comment on column vigil.backup_policies.part_bytes is
  'The most uncompressed COPY bytes in one part file: parts stay small enough to upload, verify and retry one at a time.';

create table vigil.backups (
  id bigint generated always as identity primary key,
  policy text not null references vigil.backup_policies (name) on update cascade,
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'pruned')),
  target text not null check (target in ('local', 'storage')),
  location text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  snapshot text,
  server_version text,
  migration text,
  schema_hash text,
  table_count integer,
  row_count bigint,
  byte_count bigint,
  tables jsonb,
  error text,
  verified_at timestamptz,
  verify_ok boolean,
  verify_error text,
  pruned_at timestamptz
);
comment on table vigil.backups is
  'One backup run: running until the CLI records its manifest (succeeded) or its error (failed); pruned once its files are deleted. Database-wide.';
comment on column vigil.backups.location is 'The folder or the Storage bucket/prefix that holds manifest.json and the parts.';
comment on column vigil.backups.snapshot is 'The exported snapshot every table was read in: all tables are as of one moment.';
comment on column vigil.backups.tables is 'Per table, from the manifest: rows and the order-free content checksum computed inside the snapshot.';
comment on column vigil.backups.verify_ok is 'The last verify: every file downloaded and its sha256 and row count matched the manifest.';
create index backups_policy_started on vigil.backups (policy, started_at desc);

create table vigil.backup_files (
  backup_id bigint not null references vigil.backups (id) on delete cascade,
  path text not null,
  table_name text not null,
  part integer not null,
  row_count bigint not null,
  byte_count bigint not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  primary key (backup_id, path)
);
comment on table vigil.backup_files is 'Each part file of a backup, as its manifest lists it: rows, compressed bytes and sha256.';

create table vigil.restore_runs (
  id bigint generated always as identity primary key,
  backup_id bigint references vigil.backups (id) on delete set null,
  kind text not null check (kind in ('scratch', 'public', 'drill')),
  dry_run boolean not null default false,
  target_schema text not null,
  tables text[],
  status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
  started_at timestamptz not null,
  finished_at timestamptz,
  row_count bigint,
  report jsonb,
  error text
);
comment on table vigil.restore_runs is
  'Each restore: into a scratch schema (compared with the manifest), into public (all-or-nothing), or a drill (restore, compare, drop). Database-wide.';
comment on column vigil.restore_runs.report is 'Per table: rows and checksum expected (manifest) and found (restored copy), or what a dry run would change.';
create index restore_runs_backup on vigil.restore_runs (backup_id, started_at desc);

alter table vigil.backup_policies enable row level security;
alter table vigil.backups enable row level security;
alter table vigil.backup_files enable row level security;
alter table vigil.restore_runs enable row level security;
grant select on vigil.backup_policies, vigil.backups, vigil.backup_files, vigil.restore_runs to authenticated;
grant all on vigil.backup_policies, vigil.backups, vigil.backup_files, vigil.restore_runs to service_role;
create policy backup_policies_system_read on vigil.backup_policies for select to authenticated
  using (vigil.has_role(vigil.system_tenant_id(), 'viewer'));
create policy backups_system_read on vigil.backups for select to authenticated
  using (vigil.has_role(vigil.system_tenant_id(), 'viewer'));
create policy backup_files_system_read on vigil.backup_files for select to authenticated
  using (vigil.has_role(vigil.system_tenant_id(), 'viewer'));
create policy restore_runs_system_read on vigil.restore_runs for select to authenticated
  using (vigil.has_role(vigil.system_tenant_id(), 'viewer'));
create policy backup_policies_service on vigil.backup_policies for all to service_role using (true) with check (true);
create policy backups_service on vigil.backups for all to service_role using (true) with check (true);
create policy backup_files_service on vigil.backup_files for all to service_role using (true) with check (true);
create policy restore_runs_service on vigil.restore_runs for all to service_role using (true) with check (true);

-- The policy a fresh install backs up: the application's tables, once a day, to a local folder.
insert into vigil.backup_policies (name) values ('daily');

-- One check for every writer: the sentence names what was refused.
create function vigil._require_backup_manager(p_what text) returns void
language sql stable
set search_path = ''
as $$
  select vigil._require_trusted(
    pg_catalog.format('Only the service role or a database administrator may %s: a backup holds every tenant''s data.', p_what))
$$;
comment on function vigil._require_backup_manager(text) is
  'Raises 42501 unless the caller is the service role or a DBA session: backups and restores cover every tenant.';

-- How every function on a policy or a backup starts: the caller may manage backups (p_what names
-- what it asked to do), then the thing exists.
create function vigil._backup_policy(p_policy text, p_what text) returns vigil.backup_policies
language sql stable
set search_path = ''
as $$
  select vigil._require_backup_manager(p_what);
  select vigil._found((select p from vigil.backup_policies p where p.name = p_policy),
                      pg_catalog.format('Backup policy %L does not exist.', p_policy));
$$;
comment on function vigil._backup_policy(text, text) is 'The named policy for a caller who may manage backups (42501 otherwise), or P0002 naming it.';

create function vigil._backup(p_backup bigint, p_what text) returns vigil.backups
language sql stable
set search_path = ''
as $$
  select vigil._require_backup_manager(p_what);
  select vigil._found((select b from vigil.backups b where b.id = p_backup), pg_catalog.format('Backup %s does not exist.', p_backup));
$$;
comment on function vigil._backup(bigint, text) is 'The backup with this id for a caller who may manage backups (42501 otherwise), or P0002 naming it.';

create function vigil_api.set_backup_policy(p_name text, p_settings jsonb default '{}'::jsonb) returns vigil.backup_policies
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_policy vigil.backup_policies;
  v_key text;
begin
  perform vigil._require_backup_manager('change backup policies');
  if p_name is null or p_name !~ '^[a-z][a-z0-9_-]{0,62}$' then
    raise exception using errcode = '22023', message = 'name must be 1 to 63 lowercase letters, digits, _ or -, starting with a letter.';
  end if;
  if p_settings is null or pg_catalog.jsonb_typeof(p_settings) <> 'object' then
    raise exception using errcode = '22023', message = 'settings must be a JSON object.';
  end if;
  for v_key in select k from pg_catalog.jsonb_object_keys(p_settings) k loop
    if v_key not in ('schemas', 'include', 'exclude', 'target', 'expected_interval', 'keep_daily', 'keep_weekly', 'part_bytes') then
      raise exception using errcode = '22023', message = pg_catalog.format('Unknown backup policy setting %s.', v_key);
    end if;
  end loop;
  insert into vigil.backup_policies as p (name) values (p_name) on conflict (name) do nothing;
  begin
    update vigil.backup_policies p set
      schemas = case when p_settings ? 'schemas' then array(select pg_catalog.jsonb_array_elements_text(p_settings -> 'schemas')) else p.schemas end,
      include = case when p_settings ? 'include' then array(select pg_catalog.jsonb_array_elements_text(p_settings -> 'include')) else p.include end,
      exclude = case when p_settings ? 'exclude' then array(select pg_catalog.jsonb_array_elements_text(p_settings -> 'exclude')) else p.exclude end,
      target = coalesce(p_settings ->> 'target', p.target),
      expected_interval = coalesce((p_settings ->> 'expected_interval')::interval, p.expected_interval),
      keep_daily = coalesce((p_settings ->> 'keep_daily')::integer, p.keep_daily),
      keep_weekly = coalesce((p_settings ->> 'keep_weekly')::integer, p.keep_weekly),
      part_bytes = coalesce((p_settings ->> 'part_bytes')::bigint, p.part_bytes)
    where p.name = p_name
    returning * into v_policy;
  exception when check_violation or invalid_text_representation or invalid_datetime_format or numeric_value_out_of_range
                 or invalid_parameter_value or datetime_field_overflow then
    raise exception using errcode = '22023', message = pg_catalog.format('Backup policy %s: %s', p_name, sqlerrm);
  end;
  return v_policy;
end
$$;
comment on function vigil_api.set_backup_policy(text, jsonb) is
$$Creates or changes a backup policy (service role or DBA). Settings, all optional: schemas, include, exclude (arrays
of LIKE patterns on schema.table), target (local | storage), expected_interval, keep_daily, keep_weekly, part_bytes.
Example: select vigil_api.set_backup_policy('nightly', '{"schemas": ["public"], "exclude": ["public.sessions"]}');$$;

-- Tables in foreign-key order: a table comes after every table it references (its depth is the
-- longest chain of references above it, cycles cut), so loading in this order never meets a child
-- before its parent. Partitions are reached through their parent.
create function vigil_api.backup_plan(p_policy text default 'daily')
returns table (ordinal integer, table_name text, schema_name text, relation_name text, depth integer,
               primary_key text[], columns jsonb, parents text[], estimated_rows bigint, estimated_bytes bigint)
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_policy vigil.backup_policies;
begin
  v_policy := vigil._backup_policy(p_policy, 'plan a backup');
  return query
  with recursive chosen as (
    select c.oid, n.nspname::text as nsp, c.relname::text as rel
    from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition and c.relpersistence = 'p'
      and n.nspname = any (v_policy.schemas)
      and (pg_catalog.cardinality(v_policy.include) = 0
           or exists (select 1 from pg_catalog.unnest(v_policy.include) i where n.nspname || '.' || c.relname like i or c.relname like i))
      and not exists (select 1 from pg_catalog.unnest(v_policy.exclude) x where n.nspname || '.' || c.relname like x or c.relname like x)
  ),
  refs as (
    select distinct k.conrelid as child, k.confrelid as parent
    from pg_catalog.pg_constraint k
    where k.contype = 'f' and k.conrelid <> k.confrelid and k.conparentid = 0
      and k.conrelid in (select ch.oid from chosen ch) and k.confrelid in (select ch.oid from chosen ch)
  ),
  walk (oid, d, path) as (
    select ch.oid, 0, array[ch.oid] from chosen ch
    union all
    select r.child, w.d + 1, w.path || r.child from walk w join refs r on r.parent = w.oid where r.child <> all (w.path)
  ),
  depths as (select w.oid, pg_catalog.max(w.d) as d from walk w group by w.oid)
  select (pg_catalog.row_number() over (order by dp.d, ch.nsp, ch.rel))::integer,
         pg_catalog.format('%I.%I', ch.nsp, ch.rel), ch.nsp, ch.rel, dp.d,
         (select array_agg(a.attname::text order by k.ord)
          from pg_catalog.pg_index i, pg_catalog.unnest(i.indkey) with ordinality k(attnum, ord)
          join pg_catalog.pg_attribute a on a.attnum = k.attnum
          where i.indrelid = ch.oid and i.indisprimary and a.attrelid = ch.oid),
         (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                                                                    'not_null', a.attnotnull) order by a.attnum)
          from pg_catalog.pg_attribute a where a.attrelid = ch.oid and a.attnum > 0 and not a.attisdropped),
         array(select pg_catalog.format('%I.%I', pc.nsp, pc.rel) from refs r join chosen pc on pc.oid = r.parent
               where r.child = ch.oid order by 1),
         sz.est_rows, sz.est_bytes
  from chosen ch join depths dp on dp.oid = ch.oid
  -- A plain table is its own leaf; a partitioned one has no rows of its own, its partitions do.
  cross join lateral (
    select pg_catalog.sum(greatest(pc.reltuples, 0))::bigint as est_rows, pg_catalog.sum(pg_catalog.pg_table_size(pc.oid))::bigint as est_bytes
    from pg_catalog.pg_class pc
    where pc.oid = ch.oid or pc.oid in (select t.relid from pg_catalog.pg_partition_tree(ch.oid) t where t.isleaf)) sz
  order by 1;
end
$$;
comment on function vigil_api.backup_plan(text) is
$$What a policy backs up, in foreign-key order (parents first): each table with its primary key (null: backed up with a
warning, in no particular order), its columns, the tables it references and its estimated rows and bytes. Service role
or DBA. Example: select ordinal, table_name, estimated_rows from vigil_api.backup_plan('daily');$$;

-- Order-free, so a restore can be compared whatever order its rows come back in: the sum of a 64-bit
-- hash of each row. The row is hashed by hash_record_extended, which hashes each value with its type's
-- own extended hash (the hash of hash partitioning, which PostgreSQL keeps stable across versions,
-- since pg_upgrade keeps hash partitions valid) without writing the row out as text: formatting every
-- timestamp, float and jsonb as text cost twice the time of the hashing itself. A type without such a
-- hash (json, point, xml...) is hashed as its text, so the session settings that shape text are pinned.
-- Collatable values are hashed under "C": a scratch copy's columns have the type but not the collation,
-- and a nondeterministic collation would hash equal values apart from their bytes.
create function vigil_api.table_checksum(p_table regclass, out row_count bigint, out checksum text)
language plpgsql stable security invoker
set search_path = ''
set timezone = 'UTC'
set datestyle = 'ISO, YMD'
set intervalstyle = 'postgres'
set extra_float_digits = 3
set bytea_output = 'hex'
as $$
-- The EXECUTE text is built only from catalog names quoted by format('%I') and format_type output,
-- which plpgsql_check cannot follow through the loop's record:
-- @plpgsql_check_options: security_warnings = false
declare
  v_col record;
  v_values text[] := array[]::text[];
  v_hashable boolean;
begin
  for v_col in
    select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod) as type_name, ty.typcollation <> 0 as collatable
    from pg_catalog.pg_attribute a
    join pg_catalog.pg_type ty on ty.oid = a.atttypid
    where a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
    order by a.attnum
  loop
    -- The type cache is what hash_record_extended asks: it knows about arrays, ranges and composites of
    -- hashable types, which a catalog query would have to follow by hand.
    begin
      execute pg_catalog.format('select pg_catalog.hash_record_extended(row(null::%s), 0)', v_col.type_name);
      v_hashable := true;
    exception when undefined_function then
      v_hashable := false;
    end;
    v_values := pg_catalog.array_append(v_values, case
      when not v_hashable then pg_catalog.format('t.%I::text collate "C"', v_col.attname)
      when v_col.collatable then pg_catalog.format('t.%I collate "C"', v_col.attname)
      else pg_catalog.format('t.%I', v_col.attname) end);
  end loop;
  execute pg_catalog.format('select pg_catalog.count(*), coalesce(pg_catalog.sum(%s), 0)::text from %s t',
                            case when pg_catalog.cardinality(v_values) = 0 then '0'
                                 else pg_catalog.format('pg_catalog.hash_record_extended(row(%s), 0)', pg_catalog.array_to_string(v_values, ', ')) end,
                            p_table)
    into row_count, checksum;
end
$$;
comment on function vigil_api.table_checksum(regclass) is
$$Rows and an order-free content checksum of a table (the sum of a 64-bit hash of each row: each value by its type's
extended hash, or by its text where the type has none, with the session settings that shape text pinned). Backups
compute it inside their snapshot and restores compare with it. Reads what the caller may read. Example:
select * from vigil_api.table_checksum('public.orders');$$;

-- After a load with triggers held (session_replication_role = replica) no foreign key was checked:
-- this checks every one that points from or to the restored tables, and names the first broken row.
create function vigil_api.foreign_key_violations(p_tables regclass[])
returns table (constraint_name text, table_name text, referenced_table text, broken_rows bigint)
language plpgsql stable security invoker
set search_path = ''
as $$
-- The EXECUTE text is built only from catalog names quoted by format('%I') and regclass output, which
-- plpgsql_check cannot follow through the loop's record:
-- @plpgsql_check_options: security_warnings = false
declare
  v_fk record;
  v_n bigint;
begin
  perform vigil._require_backup_manager('check foreign keys after a restore');
  for v_fk in
    select k.conname::text as name, k.conrelid::regclass as child, k.confrelid::regclass as parent,
           (select pg_catalog.string_agg(pg_catalog.format('c.%I = p.%I', ca.attname, pa.attname), ' and ' order by x.i)
            from pg_catalog.generate_subscripts(k.conkey, 1) x(i)
            join pg_catalog.pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = k.conkey[x.i]
            join pg_catalog.pg_attribute pa on pa.attrelid = k.confrelid and pa.attnum = k.confkey[x.i]) as joined,
           (select pg_catalog.string_agg(pg_catalog.format('c.%I is not null', ca.attname), ' and ')
            from pg_catalog.unnest(k.conkey) x(ck)
            join pg_catalog.pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = x.ck) as present
    from pg_catalog.pg_constraint k
    where k.contype = 'f' and k.conparentid = 0 and (k.conrelid = any (p_tables) or k.confrelid = any (p_tables))
    order by 1
  loop
    -- MATCH SIMPLE, the default: a key with a null column is not checked.
    execute pg_catalog.format('select pg_catalog.count(*) from %s c where %s and not exists (select 1 from %s p where %s)',
                              v_fk.child, v_fk.present, v_fk.parent, v_fk.joined) into v_n;
    if v_n > 0 then
      constraint_name := v_fk.name; table_name := v_fk.child::text; referenced_table := v_fk.parent::text; broken_rows := v_n;
      return next;
    end if;
  end loop;
end
$$;
comment on function vigil_api.foreign_key_violations(regclass[]) is
  'Foreign keys from or to the given tables that some rows break, with how many rows: a restore loads with triggers held and checks every key after. Service role or DBA.';

-- After a load the sequences behind serial and identity columns must move past the restored keys.
create function vigil_api.reset_sequences(p_tables regclass[]) returns integer
language plpgsql volatile security invoker
set search_path = ''
as $$
-- plpgsql_check cannot see that the dynamic setval writes, and would call this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_col record;
  v_n integer := 0;
begin
  perform vigil._require_backup_manager('reset sequences after a restore');
  for v_col in
    select a.attrelid::regclass as tbl, a.attname, pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) as seq
    from pg_catalog.pg_attribute a
    where a.attrelid = any (p_tables) and a.attnum > 0 and not a.attisdropped
      and pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname) is not null
  loop
    execute pg_catalog.format('select pg_catalog.setval(%L, coalesce((select pg_catalog.max(%I) from %s), 0) + 1, false)',
                              v_col.seq, v_col.attname, v_col.tbl);
    v_n := v_n + 1;
  end loop;
  return v_n;
end
$$;
comment on function vigil_api.reset_sequences(regclass[]) is
  'Moves the sequence of every serial or identity column of the given tables past the largest value in it; returns how many it moved. Service role or DBA.';

-- The last step of a restore into the original tables, inside its transaction: every foreign key holds
-- and every table has the manifest's rows and checksum, or the whole restore rolls back.
create function vigil_api.check_restored(p_expected jsonb) returns void
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_table text;
  v_want jsonb;
  v_have record;
  v_broken record;
begin
  perform vigil._require_backup_manager('check a restore');
  select * into v_broken from vigil_api.foreign_key_violations(
    array(select k::pg_catalog.regclass from pg_catalog.jsonb_object_keys(p_expected) k)) limit 1;
  if v_broken.constraint_name is not null then
    raise exception using errcode = '23503', message = pg_catalog.format('Foreign key %s of %s is broken by %s row(s) of the restored data.',
      v_broken.constraint_name, v_broken.table_name, v_broken.broken_rows);
  end if;
  for v_table, v_want in select * from pg_catalog.jsonb_each(p_expected) loop
    select * into v_have from vigil_api.table_checksum(v_table::pg_catalog.regclass);
    if v_have.row_count <> (v_want ->> 'rows')::bigint or v_have.checksum <> v_want ->> 'checksum' then
      raise exception using errcode = 'XX001', message = pg_catalog.format('%s holds %s rows (checksum %s) after the load; the manifest says %s rows (checksum %s).',
        v_table, v_have.row_count, v_have.checksum, v_want ->> 'rows', v_want ->> 'checksum');
    end if;
  end loop;
end
$$;
comment on function vigil_api.check_restored(jsonb) is
  'Raises unless every foreign key from or to the given tables holds and each table has the expected rows and checksum ({"schema.table": {"rows", "checksum"}}). Service role or DBA.';

create function vigil_api.start_backup(p_policy text, p_target text, p_location text, p_now timestamptz default pg_catalog.now())
returns bigint
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_id bigint;
begin
  perform vigil._backup_policy(p_policy, 'start a backup');
  if p_target is null or p_target not in ('local', 'storage') then
    raise exception using errcode = '22023', message = 'target must be local or storage.';
  end if;
  if p_location is null or pg_catalog.btrim(p_location) = '' then
    raise exception using errcode = '22023', message = 'location is required: the folder or bucket path of the backup.';
  end if;
  insert into vigil.backups (policy, target, location, started_at) values (p_policy, p_target, p_location, p_now)
  returning id into v_id;
  return v_id;
end
$$;
comment on function vigil_api.start_backup(text, text, text, timestamptz) is
  'Records that a backup of a policy started (service role or DBA) and returns its id; finish_backup records how it ended.';

-- The manifest is the truth about a backup; the rows here are a copy for SQL (status, metrics, plan of a restore).
create function vigil_api.finish_backup(p_backup bigint, p_manifest jsonb, p_error text default null,
                                        p_now timestamptz default pg_catalog.now())
returns vigil.backups
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_backup vigil.backups;
begin
  v_backup := vigil._backup(p_backup, 'record a backup');
  if v_backup.status <> 'running' then
    raise exception using errcode = '55000', message = pg_catalog.format('Backup %s is %s, not running.', p_backup, v_backup.status);
  end if;
  if p_error is not null or p_manifest is null then
    update vigil.backups b set status = 'failed', finished_at = p_now, error = coalesce(p_error, 'No manifest was written.')
    where b.id = p_backup returning * into v_backup;
    return v_backup;
  end if;
  if pg_catalog.jsonb_typeof(p_manifest -> 'files') is distinct from 'array' or pg_catalog.jsonb_typeof(p_manifest -> 'tables') is distinct from 'array' then
    raise exception using errcode = '22023', message = 'manifest must hold files and tables arrays.';
  end if;
  insert into vigil.backup_files (backup_id, path, table_name, part, row_count, byte_count, sha256)
  select p_backup, f ->> 'path', f ->> 'table', (f ->> 'part')::integer, (f ->> 'rows')::bigint, (f ->> 'bytes')::bigint, f ->> 'sha256'
  from pg_catalog.jsonb_array_elements(p_manifest -> 'files') f;
  update vigil.backups b set
    status = 'succeeded', finished_at = p_now, snapshot = p_manifest ->> 'snapshot',
    server_version = p_manifest ->> 'server_version', migration = p_manifest ->> 'migration',
    schema_hash = p_manifest ->> 'schema_hash',
    table_count = pg_catalog.jsonb_array_length(p_manifest -> 'tables'),
    row_count = (select pg_catalog.sum((t ->> 'rows')::bigint) from pg_catalog.jsonb_array_elements(p_manifest -> 'tables') t),
    byte_count = (select pg_catalog.sum((f ->> 'bytes')::bigint) from pg_catalog.jsonb_array_elements(p_manifest -> 'files') f),
    tables = (select pg_catalog.jsonb_agg(t - 'columns') from pg_catalog.jsonb_array_elements(p_manifest -> 'tables') t)
  where b.id = p_backup returning * into v_backup;
  return v_backup;
end
$$;
comment on function vigil_api.finish_backup(bigint, jsonb, text, timestamptz) is
$$Records how a backup ended (service role or DBA): with its manifest (files with path, table, part, rows, bytes, sha256;
tables with rows and checksum) it succeeded; with an error it failed.$$;

create function vigil_api.record_backup_verify(p_backup bigint, p_ok boolean, p_error text default null,
                                               p_now timestamptz default pg_catalog.now())
returns vigil.backups
language sql volatile security invoker
set search_path = ''
as $$
  select vigil._backup(p_backup, 'record a verify');
  update vigil.backups b set verified_at = p_now, verify_ok = coalesce(p_ok, false), verify_error = p_error
  where b.id = p_backup returning b.*;
$$;
comment on function vigil_api.record_backup_verify(bigint, boolean, text, timestamptz) is
  'Records a verify of a backup (service role or DBA): whether every file matched its sha256 and row count, and the first that did not.';

create function vigil_api.start_restore(p_backup bigint, p_kind text, p_target_schema text, p_tables text[] default null,
                                        p_dry_run boolean default false, p_now timestamptz default pg_catalog.now())
returns bigint
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_id bigint;
begin
  perform vigil._backup(p_backup, 'restore a backup');
  if p_kind is null or p_kind not in ('scratch', 'public', 'drill') then
    raise exception using errcode = '22023', message = 'kind must be scratch, public or drill.';
  end if;
  if p_target_schema is null or p_target_schema !~ '^[a-z_][a-z0-9_]{0,62}$' then
    raise exception using errcode = '22023', message = 'target schema must be 1 to 63 lowercase letters, digits or underscores.';
  end if;
  if p_kind <> 'public' and p_target_schema in ('public', 'vigil', 'vigil_api', 'auth', 'storage', 'pg_catalog', 'information_schema') then
    raise exception using errcode = '22023',
      message = pg_catalog.format('A %s restore goes into a scratch schema, not %s.', p_kind, p_target_schema);
  end if;
  insert into vigil.restore_runs (backup_id, kind, dry_run, target_schema, tables, started_at)
  values (p_backup, p_kind, coalesce(p_dry_run, false), p_target_schema, p_tables, p_now)
  returning id into v_id;
  return v_id;
end
$$;
comment on function vigil_api.start_restore(bigint, text, text, text[], boolean, timestamptz) is
  'Records that a restore (scratch, public or drill) of a backup started (service role or DBA) and returns its id.';

create function vigil_api.finish_restore(p_restore bigint, p_ok boolean, p_report jsonb default null, p_error text default null,
                                         p_now timestamptz default pg_catalog.now())
returns vigil.restore_runs
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_run vigil.restore_runs;
begin
  perform vigil._require_backup_manager('record a restore');
  update vigil.restore_runs r set status = case when p_ok then 'succeeded' else 'failed' end, finished_at = p_now,
         report = p_report, error = p_error,
         row_count = (select pg_catalog.sum((t.value ->> 'rows')::bigint) from pg_catalog.jsonb_each(coalesce(p_report, '{}')) t
                      where pg_catalog.jsonb_typeof(t.value) = 'object')
  where r.id = p_restore and r.status = 'running' returning * into v_run;
  if v_run.id is null then
    raise exception using errcode = 'P0002', message = pg_catalog.format('Restore %s does not exist or has finished.', p_restore);
  end if;
  return v_run;
end
$$;
comment on function vigil_api.finish_restore(bigint, boolean, jsonb, text, timestamptz) is
  'Records how a restore ended (service role or DBA): its per-table report and, when it failed, why.';

-- Keep the newest good backup of each of the last keep_daily days and of each of the last keep_weekly
-- ISO weeks; everything older goes, and so does a failed one once it is older than a day. A running
-- backup is never pruned while it may still finish.
create function vigil_api.backup_prune_plan(p_policy text default 'daily', p_now timestamptz default pg_catalog.now())
returns table (backup_id bigint, started_at timestamptz, status text, keep boolean, reason text)
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_policy vigil.backup_policies;
begin
  v_policy := vigil._backup_policy(p_policy, 'prune backups');
  return query
  with good as (
    select b.id, b.started_at,
           pg_catalog.row_number() over (partition by pg_catalog.date_trunc('day', b.started_at at time zone 'UTC') order by b.started_at desc) as nth_of_day,
           pg_catalog.row_number() over (partition by pg_catalog.date_trunc('week', b.started_at at time zone 'UTC') order by b.started_at desc) as nth_of_week,
           pg_catalog.date_trunc('day', b.started_at at time zone 'UTC') as day,
           pg_catalog.date_trunc('week', b.started_at at time zone 'UTC') as week
    from vigil.backups b where b.policy = p_policy and b.status = 'succeeded' and b.started_at <= p_now
  ),
  kept_days as (select g.day from good g where g.nth_of_day = 1 group by g.day order by g.day desc limit v_policy.keep_daily),
  kept_weeks as (select g.week from good g where g.nth_of_week = 1 group by g.week order by g.week desc limit v_policy.keep_weekly)
  select b.id, b.started_at, b.status,
         case when b.status = 'running' then b.started_at + v_policy.expected_interval > p_now
              when b.status = 'failed' then b.started_at > p_now - interval '1 day'
              else g.nth_of_day = 1 and g.day in (select k.day from kept_days k)
                or g.nth_of_week = 1 and g.week in (select k.week from kept_weeks k) end,
         case when b.status = 'running' and b.started_at + v_policy.expected_interval > p_now then 'still running'
              when b.status = 'running' then 'never finished'
              when b.status = 'failed' and b.started_at > p_now - interval '1 day' then 'failed today: kept to look at'
              when b.status = 'failed' then 'failed'
              when g.nth_of_day = 1 and g.day in (select k.day from kept_days k) then 'daily'
              when g.nth_of_week = 1 and g.week in (select k.week from kept_weeks k) then 'weekly'
              else 'beyond the daily and weekly backups kept' end
  from vigil.backups b left join good g on g.id = b.id
  where b.policy = p_policy and b.status <> 'pruned' and b.started_at <= p_now
  order by b.started_at desc;
end
$$;
comment on function vigil_api.backup_prune_plan(text, timestamptz) is
$$Which backups of a policy prune keeps and which it deletes, and why: the newest good backup of each of the last
keep_daily days and of each of the last keep_weekly weeks stay; older ones, and failed ones older than a day, go.
Service role or DBA.$$;

create function vigil_api.mark_backup_pruned(p_backup bigint, p_now timestamptz default pg_catalog.now())
returns vigil.backups
language sql volatile security invoker
set search_path = ''
as $$
  select vigil._backup(p_backup, 'prune backups');
  delete from vigil.backup_files f where f.backup_id = p_backup;
  update vigil.backups b set status = 'pruned', pruned_at = p_now where b.id = p_backup returning b.*;
$$;
comment on function vigil_api.mark_backup_pruned(bigint, timestamptz) is
  'Records that a backup''s files were deleted (service role or DBA); its row stays as history.';

-- The facts the status, the alert metrics and the dashboard card share, per policy at a clock.
-- A backup is "good" when it succeeded and its verify passed (the CLI verifies every backup it writes).
create function vigil.backup_facts(p_now timestamptz default pg_catalog.now())
returns table (policy text, expected_interval interval, policy_created_at timestamptz, latest_id bigint, latest_status text,
               latest_started_at timestamptz, latest_finished_at timestamptz, latest_failed boolean,
               last_good_id bigint, last_good_at timestamptz, last_verified_at timestamptz, last_verify_ok boolean,
               last_drill_at timestamptz, last_drill_ok boolean)
language sql stable
set search_path = ''
as $$
  select p.name, p.expected_interval, p.created_at, l.id, l.status, l.started_at, l.finished_at,
         -- Started and never finished within its interval: as failed as one that said so.
         coalesce(l.status = 'failed' or (l.status = 'running' and l.started_at + p.expected_interval <= p_now), false),
         g.id, g.started_at, v.verified_at, v.verify_ok, d.finished_at, d.status = 'succeeded'
  from vigil.backup_policies p
  left join lateral (select b.* from vigil.backups b where b.policy = p.name and b.started_at <= p_now and b.status <> 'pruned'
                     order by b.started_at desc, b.id desc limit 1) l on true
  left join lateral (select b.id, b.started_at from vigil.backups b
                     where b.policy = p.name and b.status = 'succeeded' and b.verify_ok and b.verified_at <= p_now
                     order by b.started_at desc limit 1) g on true
  left join lateral (select b.verified_at, b.verify_ok from vigil.backups b
                     where b.policy = p.name and b.verified_at <= p_now order by b.verified_at desc limit 1) v on true
  left join lateral (select r.finished_at, r.status from vigil.restore_runs r join vigil.backups b on b.id = r.backup_id
                     where b.policy = p.name and r.kind = 'drill' and r.status <> 'running' and r.finished_at <= p_now
                     order by r.finished_at desc limit 1) d on true
$$;
comment on function vigil.backup_facts(timestamptz) is
  'Per policy at a clock: the latest backup and whether it failed (or never finished within the interval), the last verified good one, the last verify and the last drill.';

create function vigil_api.backup_status(p_now timestamptz default pg_catalog.now())
returns table (policy text, latest_id bigint, latest_status text, latest_started_at timestamptz, latest_failed boolean,
               last_good_at timestamptz, age_hours numeric, next_expected_at timestamptz, overdue boolean,
               last_verified_at timestamptz, last_verify_ok boolean, last_drill_at timestamptz, last_drill_ok boolean)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(vigil.system_tenant_id(), 'viewer');
  select f.policy, f.latest_id, f.latest_status, f.latest_started_at, f.latest_failed, f.last_good_at,
         pg_catalog.round((extract(epoch from p_now - f.last_good_at) / 3600)::numeric, 2),
         coalesce(f.last_good_at, f.policy_created_at) + f.expected_interval,
         coalesce(f.last_good_at, f.policy_created_at) + f.expected_interval < p_now,
         f.last_verified_at, f.last_verify_ok, f.last_drill_at, f.last_drill_ok
  from vigil.backup_facts(p_now) f order by f.policy;
$$;
comment on function vigil_api.backup_status(timestamptz) is
$$Per backup policy: the latest backup and whether it failed (or never finished within the policy's interval), the last
verified good backup and its age in hours, when the next is expected and whether it is overdue, the last verify and the
last restore drill. Service role and vigil-system members. Example: select * from vigil_api.backup_status();$$;

create function vigil_api.list_backups(p_policy text default null, p_limit integer default 50)
returns table (id bigint, policy text, status text, target text, location text, started_at timestamptz, finished_at timestamptz,
               table_count integer, row_count bigint, byte_count bigint, verified_at timestamptz, verify_ok boolean, error text)
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(vigil.system_tenant_id(), 'viewer');
  select vigil._check_limit(p_limit, 1000);
  select b.id, b.policy, b.status, b.target, b.location, b.started_at, b.finished_at, b.table_count, b.row_count, b.byte_count,
         b.verified_at, b.verify_ok, coalesce(b.error, b.verify_error)
  from vigil.backups b where p_policy is null or b.policy = p_policy
  order by b.started_at desc, b.id desc limit p_limit;
$$;
comment on function vigil_api.list_backups(text, integer) is
  'Backups, newest first (of one policy, or all): status, where, size, and the last verify. Service role and vigil-system members.';

-- Alert metrics, one series per policy ({"policy": name}), vigil-system only.
create function vigil.metric_backup_age_hours(p_tenant uuid, p_window tstzrange)
returns table (labels jsonb, value numeric)
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object('policy', f.policy),
         -- Never a verified backup: as old as the policy, so a policy nobody runs still fires.
         pg_catalog.round((extract(epoch from pg_catalog.upper(p_window) - coalesce(f.last_good_at, f.policy_created_at)) / 3600)::numeric, 2)
  from vigil.backup_facts(pg_catalog.upper(p_window)) f
  where p_tenant = vigil.system_tenant_id()
$$;
comment on function vigil.metric_backup_age_hours(uuid, tstzrange) is
  'Alert metric backup_age_hours (vigil-system only): per policy, hours since the last backup that succeeded and passed its verify (since the policy was created when none has).';

create function vigil.metric_backup_failed(p_tenant uuid, p_window tstzrange)
returns table (labels jsonb, value numeric)
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object('policy', f.policy), case when f.latest_failed then 1 else 0 end::numeric
  from vigil.backup_facts(pg_catalog.upper(p_window)) f
  where p_tenant = vigil.system_tenant_id() and f.latest_id is not null
$$;
comment on function vigil.metric_backup_failed(uuid, tstzrange) is
  'Alert metric backup_failed (vigil-system only): per policy, 1 when its latest backup failed or started and did not finish within the policy''s interval, else 0.';

create function vigil.metric_restore_drill_age_days(p_tenant uuid, p_window tstzrange)
returns table (labels jsonb, value numeric)
language sql stable
set search_path = ''
as $$
  select pg_catalog.jsonb_build_object('policy', f.policy),
         pg_catalog.round((extract(epoch from pg_catalog.upper(p_window)
                           - coalesce(case when f.last_drill_ok then f.last_drill_at end, f.policy_created_at)) / 86400)::numeric, 2)
  from vigil.backup_facts(pg_catalog.upper(p_window)) f
  where p_tenant = vigil.system_tenant_id()
$$;
comment on function vigil.metric_restore_drill_age_days(uuid, tstzrange) is
  'Alert metric restore_drill_age_days (vigil-system only): per policy, days since the last restore drill that succeeded (since the policy was created when none has).';

select vigil._register_alert_metric('backup_age_hours', 'vigil.metric_backup_age_hours(uuid, tstzrange)',
  'Per backup policy, hours since the last backup that succeeded and passed its verify. Database-wide.', true, 'number');
select vigil._register_alert_metric('backup_failed', 'vigil.metric_backup_failed(uuid, tstzrange)',
  'Per backup policy, 1 when the latest backup failed or never finished within the policy''s interval. Database-wide.', true, 'number');
select vigil._register_alert_metric('restore_drill_age_days', 'vigil.metric_restore_drill_age_days(uuid, tstzrange)',
  'Per backup policy, days since the last restore drill that succeeded. Database-wide.', true, 'number');
-- Facts about the whole database: their rules belong to the vigil-system tenant (vigil._check_rule_scope).
update vigil.alert_metrics set scope = 'system'
where name in ('backup_age_hours', 'backup_failed', 'restore_drill_age_days');

-- A daily backup may take up to an hour, so 25 hours; a drill is expected weekly, so 8 days.
insert into vigil.default_alert_rules (name, position, rule) values
  ('No verified backup for 25 hours', 80, $json${"metric": "backup_age_hours", "comparator": "gt", "threshold": 25,
     "window": "5 minutes", "cooldown": "6 hours", "severity": "critical",
     "description": "No backup of the policy has succeeded and passed its verify for more than 25 hours: last night's backup did not happen."}$json$),
  ('Backup failed', 90, $json${"metric": "backup_failed", "comparator": "gt", "threshold": 0,
     "window": "5 minutes", "cooldown": "6 hours", "severity": "critical",
     "description": "The latest backup of the policy failed, or started and did not finish within the policy's interval."}$json$),
  ('No restore drill for 8 days', 100, $json${"metric": "restore_drill_age_days", "comparator": "gt", "threshold": 8,
     "window": "5 minutes", "cooldown": "24 hours", "severity": "warning",
     "description": "No restore drill of the policy's backups has succeeded for more than 8 days: nobody knows the backups restore."}$json$)
on conflict (name) do nothing;

-- The console's "last backup" card (registered by the console's registry, not here): vigil-system only.
create function vigil.dashboard_card_last_backup(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language sql stable
set search_path = ''
as $$
  select case when p_tenant = vigil.system_tenant_id() then (
    select coalesce(
      (select pg_catalog.jsonb_build_object(
         'name', 'last_backup', 'title', 'Last backup',
         'value', pg_catalog.round((extract(epoch from p_until - f.last_good_at) / 3600)::numeric, 1), 'unit', 'hours',
         'status', case when f.latest_failed or f.last_good_at is null or f.last_good_at + f.expected_interval + interval '1 hour' < p_until then 'bad'
                        when f.last_drill_ok is not true or f.last_drill_at < p_until - interval '8 days' then 'warn'
                        else 'ok' end,
         'detail', pg_catalog.format('policy %s: %s%s', f.policy,
                     case when f.last_good_at is null then 'no verified backup yet'
                          else 'last verified backup ' || pg_catalog.to_char(f.last_good_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC' end,
                     case when f.latest_failed then ', latest failed'
                          when f.last_drill_ok then ', drill ' || pg_catalog.to_char(f.last_drill_at at time zone 'UTC', 'YYYY-MM-DD')
                          else ', no drill yet' end),
         'at', f.last_good_at)
       -- The worst policy speaks for all: a card shows one number.
       from vigil.backup_facts(p_until) f
       order by f.latest_failed desc, f.last_good_at asc nulls first limit 1),
      pg_catalog.jsonb_build_object('name', 'last_backup', 'title', 'Last backup', 'value', null, 'unit', 'hours',
                                    'status', 'none', 'detail', 'No backup policy.')))
  end
$$;
comment on function vigil.dashboard_card_last_backup(uuid, timestamptz, timestamptz) is
  'Dashboard card last_backup (vigil-system only, null for other tenants): hours since the last verified backup of the worst policy, bad when failed or overdue, warn without a recent drill.';
insert into vigil.dashboard_cards (name, fn, position, description) values
  ('last_backup', 'vigil.dashboard_card_last_backup(uuid, timestamptz, timestamptz)', 80, 'The newest backup and its verification (vigil-system members only).');

grant execute on function vigil._require_backup_manager(text) to authenticated, service_role;
grant execute on function vigil._backup_policy(text, text) to authenticated, service_role;
grant execute on function vigil._backup(bigint, text) to authenticated, service_role;
grant execute on function vigil.backup_facts(timestamptz) to authenticated, service_role;
grant execute on function vigil.metric_backup_age_hours(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_backup_failed(uuid, tstzrange) to service_role;
grant execute on function vigil.metric_restore_drill_age_days(uuid, tstzrange) to service_role;
grant execute on function vigil.dashboard_card_last_backup(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.set_backup_policy(text, jsonb) to service_role;
grant execute on function vigil_api.backup_plan(text) to service_role;
grant execute on function vigil_api.table_checksum(regclass) to service_role;
grant execute on function vigil_api.foreign_key_violations(regclass[]) to service_role;
grant execute on function vigil_api.reset_sequences(regclass[]) to service_role;
grant execute on function vigil_api.check_restored(jsonb) to service_role;
grant execute on function vigil_api.start_backup(text, text, text, timestamptz) to service_role;
grant execute on function vigil_api.finish_backup(bigint, jsonb, text, timestamptz) to service_role;
grant execute on function vigil_api.record_backup_verify(bigint, boolean, text, timestamptz) to service_role;
grant execute on function vigil_api.start_restore(bigint, text, text, text[], boolean, timestamptz) to service_role;
grant execute on function vigil_api.finish_restore(bigint, boolean, jsonb, text, timestamptz) to service_role;
grant execute on function vigil_api.backup_prune_plan(text, timestamptz) to service_role;
grant execute on function vigil_api.mark_backup_pruned(bigint, timestamptz) to service_role;
grant execute on function vigil_api.backup_status(timestamptz) to authenticated, service_role;
grant execute on function vigil_api.list_backups(text, integer) to authenticated, service_role;
