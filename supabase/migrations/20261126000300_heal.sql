-- Auto-heal: rules, kept as data, that move records stuck in a status for too long to another status
-- (or call a registered SQL function), each run bounded and audited.
--
-- Security: a rule names a table of the app that Vigil's security definer code will update with its
-- owner's rights, bypassing that table's RLS. A tenant admin who could create rules could therefore
-- write to tables they cannot otherwise touch. So only trusted callers (the service role, a DBA in
-- psql) create rules; tenant members see their tenant's rules and runs, operators preview and run
-- them, admins switch them on, off or to dry-run, and delete them. Nothing a member can do widens
-- what a rule touches.

create table vigil.heal_rules (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  description text,
  target_schema text,
  target_table text,
  key_column text,
  status_column text,
  from_status text,
  to_status text,
  age_column text,
  older_than interval,
  fn text,
  max_rows integer not null default 100 check (max_rows between 1 and 10000),
  enabled boolean not null default true,
  dry_run boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  unique (tenant_id, name),
  constraint heal_rules_one_kind check (
    (fn is not null and target_table is null)
    or (fn is null and target_schema is not null and target_table is not null and key_column is not null
        and status_column is not null and from_status is not null and to_status is not null
        and age_column is not null and older_than > interval '0')),
  primary key (tenant_id, id)
);
create index heal_rules_tenant_idx on vigil.heal_rules (tenant_id);
comment on table vigil.heal_rules is
  'Auto-heal rules: rows of target_table in from_status whose age_column is older than older_than move to to_status, at most max_rows per run; or a registered function does the work. Created by the service role only (see the migration for why).';
comment on column vigil.heal_rules.key_column is 'A column with a unique index, reported in the audit''s sample ids and used to update exactly the picked rows.';
comment on column vigil.heal_rules.age_column is 'A timestamp column: how long a row has been in its status (for example status_changed_at or updated_at).';
-- The function as text, like maintenance steps: a regprocedure column makes pg_upgrade refuse the
-- cluster (splinter 0018). It is resolved when the rule runs, so a dropped one fails its rule's run
-- (audited) instead of blocking the upgrade.
comment on column vigil.heal_rules.fn is
  'Instead of a status move: the signature of fn(p_now timestamptz, p_max_rows integer, p_dry_run boolean) returns jsonb {"rows": n, "sample_ids": [...]}, as text.';
comment on column vigil.heal_rules.dry_run is 'When true, runs count and sample what would change and change nothing; the audit says dry_run.';

create table vigil.heal_runs (
  id bigserial not null,
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  rule_id uuid not null,
  ran_at timestamptz not null,
  duration_ms double precision not null,
  rows_changed integer not null default 0,
  sample_ids text[] not null default '{}',
  dry_run boolean not null,
  trigger text not null check (trigger in ('maintenance', 'manual')),
  error text,
  sqlstate text,
  primary key (tenant_id, id),
  foreign key (tenant_id, rule_id) references vigil.heal_rules (tenant_id, id) on delete cascade
);
create index heal_runs_tenant_time_idx on vigil.heal_runs (tenant_id, ran_at desc);
create index heal_runs_rule_idx on vigil.heal_runs (tenant_id, rule_id, ran_at desc);
comment on table vigil.heal_runs is 'The audit of every heal rule run: rows changed (or that would change, in dry-run), up to 10 sample ids, errors.';
comment on column vigil.heal_runs.rows_changed is 'Rows updated; in a dry run, rows that would have been updated.';

alter table vigil.heal_rules enable row level security;
alter table vigil.heal_runs enable row level security;
grant select on vigil.heal_rules, vigil.heal_runs to authenticated;
grant update (enabled, dry_run, max_rows), delete on vigil.heal_rules to authenticated;
grant all on vigil.heal_rules, vigil.heal_runs to service_role;
select vigil._create_policies('vigil.heal_rules', 'tenant_id', 'viewer', 'admin', '{update,delete}');
select vigil._create_policies('vigil.heal_runs', 'tenant_id', 'viewer');

-- The catalog facts a status rule needs, checked when it is created and again on every run (the
-- app's schema may change under a rule). Raises with the missing name. The status column's type
-- also comes as oid and typmod, so the dynamic SQL that casts to it spells it with format_type()
-- where it is built, and the quoting is visible there.
create function vigil._heal_target(
  p_schema text, p_table text, p_key text, p_status text, p_age text,
  out relid oid, out status_type text, out age_type text, out status_typid oid, out status_typmod integer
)
language plpgsql stable
set search_path = ''
as $$
declare
  v_kind "char";
begin
  -- Vigil's own tables and the platform's (Postgres, pg_cron, Supabase services) are never heal targets.
  if p_schema in ('vigil', 'vigil_api', 'pg_catalog', 'information_schema', 'pg_toast', 'cron', 'auth', 'storage',
                  'realtime', 'supabase_functions', 'supabase_migrations', 'extensions', 'net', 'vault', 'pgsodium',
                  'graphql', 'graphql_public', 'pgbouncer') then
    raise exception using errcode = '42501',
      message = pg_catalog.format('Heal rules may not target tables in schema %s.', p_schema);
  end if;
  select c.oid, c.relkind into relid, v_kind
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = p_schema and c.relname = p_table;
  if relid is null or v_kind not in ('r', 'p') then
    raise exception using errcode = '42P01',
      message = pg_catalog.format('Table %s.%s does not exist.', p_schema, p_table);
  end if;
  if not exists (select 1 from pg_catalog.pg_attribute a where a.attrelid = relid and a.attname = p_key and a.attnum > 0 and not a.attisdropped) then
    raise exception using errcode = '42703', message = pg_catalog.format('Column %s of %s.%s does not exist.', p_key, p_schema, p_table);
  end if;
  select pg_catalog.format_type(a.atttypid, a.atttypmod), a.atttypid, a.atttypmod into status_type, status_typid, status_typmod
  from pg_catalog.pg_attribute a where a.attrelid = relid and a.attname = p_status and a.attnum > 0 and not a.attisdropped;
  if status_type is null then
    raise exception using errcode = '42703', message = pg_catalog.format('Column %s of %s.%s does not exist.', p_status, p_schema, p_table);
  end if;
  select pg_catalog.format_type(a.atttypid, a.atttypmod) into age_type
  from pg_catalog.pg_attribute a where a.attrelid = relid and a.attname = p_age and a.attnum > 0 and not a.attisdropped;
  if age_type is null then
    raise exception using errcode = '42703', message = pg_catalog.format('Column %s of %s.%s does not exist.', p_age, p_schema, p_table);
  end if;
  if age_type not in ('timestamp with time zone', 'timestamp without time zone', 'date') then
    raise exception using errcode = '42804',
      message = pg_catalog.format('Column %s of %s.%s must be a timestamp or date to measure age; it is %s.', p_age, p_schema, p_table, age_type);
  end if;
  -- The update touches exactly the picked rows only if the key identifies one row.
  if not exists (
    select 1 from pg_catalog.pg_index i
    join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
    where i.indrelid = relid and i.indisunique and i.indnkeyatts = 1 and i.indpred is null and a.attname = p_key
  ) then
    raise exception using errcode = '42P10',
      message = pg_catalog.format('Column %s of %s.%s has no unique index of its own; a heal rule''s key must identify one row.', p_key, p_schema, p_table);
  end if;
end
$$;
comment on function vigil._heal_target(text, text, text, text, text) is
  'Checks a heal rule''s table and columns against the catalog (raising with the missing name) and returns the table and column types.';

-- Applies one rule (or, with p_dry_run, only counts and samples). The dynamic SQL names the app's
-- objects through format('%I') and takes every value as a parameter: a rule cannot inject SQL.
create function vigil._heal_apply(p_rule vigil.heal_rules, p_now timestamptz, p_dry_run boolean, p_sample integer default 10,
                                  out rows_changed integer, out sample_ids text[])
language plpgsql
set search_path = ''
as $$
-- plpgsql_check cannot see that the dynamic UPDATE (or the rule's function) writes, and would call
-- this function STABLE:
-- @plpgsql_check_options: performance_warnings = false
declare
  v_target record;
  v_type text;
  v_result jsonb;
  v_pick text;
begin
  if p_rule.fn is not null then
    execute pg_catalog.format('select %s($1, $2, $3)', pg_catalog.to_regprocedure(p_rule.fn)::pg_catalog.regproc)
      into v_result using p_now, p_rule.max_rows, p_dry_run;
    rows_changed := coalesce((v_result ->> 'rows')::integer, 0);
    sample_ids := coalesce((select pg_catalog.array_agg(x) from pg_catalog.jsonb_array_elements_text(coalesce(v_result -> 'sample_ids', '[]'::jsonb)) x), '{}');
    sample_ids := sample_ids[1:p_sample];
    return;
  end if;
  select * into v_target from vigil._heal_target(p_rule.target_schema, p_rule.target_table, p_rule.key_column,
                                                 p_rule.status_column, p_rule.age_column);
  v_type := pg_catalog.format_type(v_target.status_typid, v_target.status_typmod);
  -- Arguments in order rather than by position (%1$I): plpgsql_check (2.3) checks a positional %s
  -- against the argument before it, so its SQL-injection check would test the wrong one.
  v_pick := pg_catalog.format(
    'select %I as k from %I.%I where %I = $1::%s and %I < $2 order by %I limit $3',
    p_rule.key_column, p_rule.target_schema, p_rule.target_table, p_rule.status_column, v_type,
    p_rule.age_column, p_rule.age_column);
  if p_dry_run then
    execute pg_catalog.format('select pg_catalog.count(*)::integer, (pg_catalog.array_agg(p.k::text))[1:%s] from (%s) p',
                              p_sample, v_pick)
      into rows_changed, sample_ids using p_rule.from_status, p_now - p_rule.older_than, p_rule.max_rows;
  else
    -- Oldest first, skipping rows the app holds locked: heal never waits on, or fights, the app.
    -- The update goes through the app's table, so its triggers fire as for any other update.
    execute pg_catalog.format(
      'with picked as (%s for update skip locked), changed as ('
      ' update %I.%I t set %I = $4::%s from picked where t.%I = picked.k and t.%I = $1::%s returning t.%I::text as k)'
      ' select pg_catalog.count(*)::integer, (pg_catalog.array_agg(c.k))[1:%s] from changed c',
      v_pick, p_rule.target_schema, p_rule.target_table, p_rule.status_column, v_type,
      p_rule.key_column, p_rule.status_column, v_type, p_rule.key_column, p_sample)
      into rows_changed, sample_ids using p_rule.from_status, p_now - p_rule.older_than, p_rule.max_rows, p_rule.to_status;
  end if;
  sample_ids := coalesce(sample_ids, '{}');
end
$$;
comment on function vigil._heal_apply(vigil.heal_rules, timestamptz, boolean, integer) is
  'Runs one heal rule without audit: updates (or in dry-run counts) at most max_rows rows, oldest first. Internal.';

-- Runs one rule in its own subtransaction and audits it, whatever happens.
create function vigil._heal_run(p_rule vigil.heal_rules, p_now timestamptz, p_trigger text) returns vigil.heal_runs
language plpgsql
set search_path = ''
as $$
declare
  v_t timestamptz := pg_catalog.clock_timestamp();
  v_rows integer := 0;
  v_sample text[] := '{}'::text[];
  v_error text;
  v_state text;
  v_run vigil.heal_runs;
  v_lock_timeout text := pg_catalog.current_setting('lock_timeout');
begin
  begin
    -- Row locks are skipped; a table lock held by the app (a migration) makes the rule fail fast.
    perform pg_catalog.set_config('lock_timeout', '1s', true);
    select a.rows_changed, a.sample_ids into v_rows, v_sample from vigil._heal_apply(p_rule, p_now, p_rule.dry_run) a;
  exception when others then
    get stacked diagnostics v_state = returned_sqlstate, v_error = message_text;
    v_rows := 0;
    v_sample := '{}';
  end;
  perform pg_catalog.set_config('lock_timeout', v_lock_timeout, true);
  insert into vigil.heal_runs (tenant_id, rule_id, ran_at, duration_ms, rows_changed, sample_ids, dry_run, trigger, error, sqlstate)
  values (p_rule.tenant_id, p_rule.id, p_now,
          extract(epoch from pg_catalog.clock_timestamp() - v_t) * 1000, v_rows, v_sample, p_rule.dry_run, p_trigger, v_error, v_state)
  returning * into v_run;
  return v_run;
end
$$;
comment on function vigil._heal_run(vigil.heal_rules, timestamptz, text) is 'Runs one heal rule isolated and writes its audit row. Internal.';

create function vigil._step_heal(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_rule vigil.heal_rules;
  v_run vigil.heal_runs;
  v_rules integer := 0;
  v_changed integer := 0;
  v_would integer := 0;
  v_failed integer := 0;
begin
  for v_rule in select * from vigil.heal_rules r where r.enabled order by r.tenant_id, r.name loop
    v_run := vigil._heal_run(v_rule, p_now, 'maintenance');
    v_rules := v_rules + 1;
    if v_run.error is not null then
      v_failed := v_failed + 1;
    elsif v_run.dry_run then
      v_would := v_would + v_run.rows_changed;
    else
      v_changed := v_changed + v_run.rows_changed;
    end if;
  end loop;
  return pg_catalog.jsonb_build_object('rules', v_rules, 'rows_changed', v_changed, 'dry_run_rows', v_would, 'failed', v_failed);
end
$$;
comment on function vigil._step_heal(timestamptz) is 'Maintenance step: run every enabled heal rule, each isolated and audited.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('heal', 'vigil._step_heal(timestamptz)', 30, 'Run the enabled auto-heal rules, each bounded, isolated and audited.');

-- p_table is 'schema.table' or 'table' (then public); names are matched exactly as written.
create function vigil._split_table(p_table text, out schema_name text, out table_name text)
language plpgsql immutable
set search_path = ''
as $$
declare
  v_parts text[];
begin
  begin
    v_parts := pg_catalog.parse_ident(p_table);
  exception when others then
    raise exception using errcode = '22023', message = pg_catalog.format('%L is not a table name.', p_table);
  end;
  if pg_catalog.cardinality(v_parts) = 1 then
    schema_name := 'public';
    table_name := v_parts[1];
  elsif pg_catalog.cardinality(v_parts) = 2 then
    schema_name := v_parts[1];
    table_name := v_parts[2];
  else
    raise exception using errcode = '22023', message = pg_catalog.format('%L is not a table name.', p_table);
  end if;
end
$$;

-- Who may create a heal rule of either kind, for which tenant and with what row limit: checked first by both.
create function vigil._check_new_heal_rule(p_tenant uuid, p_max_rows integer) returns void
language plpgsql stable
set search_path = ''
as $$
begin
  perform vigil._require_trusted('Only the service role or a database administrator may create heal rules: a rule names a table Vigil updates with its own rights.');
  if not exists (select 1 from vigil.tenants where id = p_tenant) then
    raise exception using errcode = 'P0002', message = 'No tenant has that id.';
  end if;
  if p_max_rows is null or p_max_rows not between 1 and 10000 then
    raise exception using errcode = '22023', message = 'max_rows must be between 1 and 10000.';
  end if;
end
$$;
comment on function vigil._check_new_heal_rule(uuid, integer) is
  'Raises 42501 unless the caller is the service role or a database administrator, then P0002 unless p_tenant exists, then 22023 unless p_max_rows is 1 to 10000.';

create function vigil._create_heal_rule(
  p_tenant uuid, p_name text, p_table text, p_status_column text, p_from_status text, p_to_status text,
  p_age_column text, p_older_than interval, p_max_rows integer, p_key_column text, p_dry_run boolean,
  p_enabled boolean, p_description text
) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_schema text;
  v_table text;
  v_target record;
  v_type text;
  v_id uuid;
begin
  perform vigil._check_new_heal_rule(p_tenant, p_max_rows);
  if p_older_than is null or p_older_than <= interval '0' then
    raise exception using errcode = '22023', message = 'older_than must be a positive interval.';
  end if;
  if p_from_status is null or p_to_status is null or p_from_status = p_to_status then
    raise exception using errcode = '22023', message = 'from_status and to_status are required and must differ.';
  end if;
  select s.schema_name, s.table_name into v_schema, v_table from vigil._split_table(p_table) s;
  select * into v_target from vigil._heal_target(v_schema, v_table, coalesce(p_key_column, 'id'), p_status_column, p_age_column);
  -- The statuses must be values of the column's type (an enum label that does not exist is refused now, not at 3 am).
  v_type := pg_catalog.format_type(v_target.status_typid, v_target.status_typmod);
  begin
    execute pg_catalog.format('select $1::%s, $2::%s', v_type, v_type) using p_from_status, p_to_status;
  exception when others then
    raise exception using errcode = '22P02',
      message = pg_catalog.format('from_status %L or to_status %L is not a valid %s for column %s.', p_from_status, p_to_status,
                                  v_target.status_type, p_status_column);
  end;
  insert into vigil.heal_rules (tenant_id, name, description, target_schema, target_table, key_column, status_column,
                                from_status, to_status, age_column, older_than, max_rows, enabled, dry_run, created_by)
  values (p_tenant, p_name, p_description, v_schema, v_table, coalesce(p_key_column, 'id'), p_status_column,
          p_from_status, p_to_status, p_age_column, p_older_than, p_max_rows, coalesce(p_enabled, true),
          coalesce(p_dry_run, false), auth.uid())
  returning id into v_id;
  return v_id;
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('This tenant already has a heal rule named %L.', p_name);
end
$$;

create function vigil._create_heal_function_rule(
  p_tenant uuid, p_name text, p_function text, p_max_rows integer, p_dry_run boolean, p_enabled boolean, p_description text
) returns uuid
language plpgsql security definer
set search_path = ''
as $$
declare
  v_fn regprocedure;
  v_id uuid;
begin
  perform vigil._check_new_heal_rule(p_tenant, p_max_rows);
  v_fn := pg_catalog.to_regprocedure(p_function || '(timestamp with time zone, integer, boolean)');
  if v_fn is null or (select p.prorettype from pg_catalog.pg_proc p where p.oid = v_fn) <> 'pg_catalog.jsonb'::pg_catalog.regtype then
    raise exception using errcode = '42883',
      message = pg_catalog.format('Function %s(timestamptz, integer, boolean) returning jsonb does not exist.', p_function);
  end if;
  insert into vigil.heal_rules (tenant_id, name, description, fn, max_rows, enabled, dry_run, created_by)
  values (p_tenant, p_name, p_description, v_fn, p_max_rows, coalesce(p_enabled, true), coalesce(p_dry_run, false), auth.uid())
  returning id into v_id;
  return v_id;
exception when unique_violation then
  raise exception using errcode = '23505', message = pg_catalog.format('This tenant already has a heal rule named %L.', p_name);
end
$$;

create function vigil._heal_rule_for(p_rule uuid, p_min vigil.member_role) returns vigil.heal_rules
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_rule vigil.heal_rules;
begin
  select * into v_rule from vigil.heal_rules where id = p_rule;
  perform vigil._require_owner(v_rule.tenant_id, p_min, 'heal rule');
  return v_rule;
end
$$;

create function vigil._heal_preview(p_rule uuid, p_now timestamptz, p_limit integer) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'operator');
  v_res record;
begin
  perform vigil._check_limit(p_limit, 1000);
  select * into v_res from vigil._heal_apply(v_rule, p_now, true, p_limit);
  return pg_catalog.jsonb_build_object('rule', v_rule.id, 'name', v_rule.name, 'would_change', v_res.rows_changed,
    'max_rows', v_rule.max_rows, 'sample_ids', pg_catalog.to_jsonb(v_res.sample_ids),
    'from_status', v_rule.from_status, 'to_status', v_rule.to_status, 'older_than', v_rule.older_than);
end
$$;

create function vigil._run_heal_rule(p_rule uuid, p_now timestamptz) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'operator');
  v_run vigil.heal_runs;
begin
  v_run := vigil._heal_run(v_rule, p_now, 'manual');
  return pg_catalog.to_jsonb(v_run);
end
$$;

create function vigil_api.create_heal_rule(
  p_tenant uuid,
  p_name text,
  p_table text,
  p_status_column text,
  p_from_status text,
  p_to_status text,
  p_age_column text,
  p_older_than interval,
  p_max_rows integer default 100,
  p_key_column text default 'id',
  p_dry_run boolean default false,
  p_enabled boolean default true,
  p_description text default null
) returns uuid
language sql volatile security invoker
set search_path = ''
as $$
  select vigil._create_heal_rule(p_tenant, p_name, p_table, p_status_column, p_from_status, p_to_status, p_age_column,
                                 p_older_than, p_max_rows, p_key_column, p_dry_run, p_enabled, p_description)
$$;
comment on function vigil_api.create_heal_rule(uuid, text, text, text, text, text, text, interval, integer, text, boolean, boolean, text) is
$$Creates a heal rule: rows of p_table ('schema.table', default schema public) whose p_status_column is p_from_status
and whose p_age_column is older than p_older_than move to p_to_status, at most p_max_rows per maintenance run,
oldest first. The table and columns are checked now; a missing one is named in the error (42P01 / 42703).
Service role and database administrators only. Example:
select vigil_api.create_heal_rule('<tenant>', 'stuck preparing', 'public.orders', 'status', 'preparing', 'ready', 'status_changed_at', '45 minutes');$$;

create function vigil_api.create_heal_function_rule(
  p_tenant uuid,
  p_name text,
  p_function text,
  p_max_rows integer default 100,
  p_dry_run boolean default false,
  p_enabled boolean default true,
  p_description text default null
) returns uuid
language sql volatile security invoker
set search_path = ''
as $$ select vigil._create_heal_function_rule(p_tenant, p_name, p_function, p_max_rows, p_dry_run, p_enabled, p_description) $$;
comment on function vigil_api.create_heal_function_rule(uuid, text, text, integer, boolean, boolean, text) is
$$Creates a heal rule that calls p_function(p_now timestamptz, p_max_rows integer, p_dry_run boolean) returning jsonb
{"rows": n, "sample_ids": [...]}, for repairs a status move cannot express. Service role and database administrators only.$$;

create function vigil_api.set_heal_rule(p_rule uuid, p_enabled boolean default null, p_dry_run boolean default null,
                                        p_max_rows integer default null)
returns void
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'admin');
begin
  if p_max_rows is not null and p_max_rows not between 1 and 10000 then
    raise exception using errcode = '22023', message = 'max_rows must be between 1 and 10000.';
  end if;
  update vigil.heal_rules
  set enabled = coalesce(p_enabled, enabled), dry_run = coalesce(p_dry_run, dry_run), max_rows = coalesce(p_max_rows, max_rows)
  where id = v_rule.id;
end
$$;
comment on function vigil_api.set_heal_rule(uuid, boolean, boolean, integer) is
  'Switches a heal rule on or off, to or from dry-run, or changes its row limit. Tenant admins; the rule''s target cannot be changed here.';

create function vigil_api.delete_heal_rule(p_rule uuid) returns void
language plpgsql volatile security invoker
set search_path = ''
as $$
declare
  v_rule vigil.heal_rules := vigil._heal_rule_for(p_rule, 'admin');
begin
  delete from vigil.heal_rules where id = v_rule.id;
end
$$;
comment on function vigil_api.delete_heal_rule(uuid) is 'Deletes a heal rule and its audit. Tenant admins.';

create function vigil_api.heal_preview(p_rule uuid, p_now timestamptz default pg_catalog.now(), p_limit integer default 20)
returns jsonb
language sql volatile security invoker
set search_path = ''
as $$ select vigil._heal_preview(p_rule, p_now, p_limit) $$;
comment on function vigil_api.heal_preview(uuid, timestamptz, integer) is
$$What one run of the rule would change now, changing nothing: {"would_change": n (at most max_rows), "sample_ids":
[up to p_limit keys]}. Tenant operators.$$;

create function vigil_api.run_heal_rule(p_rule uuid, p_now timestamptz default pg_catalog.now()) returns jsonb
language sql volatile security invoker
set search_path = ''
as $$ select vigil._run_heal_rule(p_rule, p_now) $$;
comment on function vigil_api.run_heal_rule(uuid, timestamptz) is
  'Runs one heal rule now (respecting its dry-run and row limit) and returns its audit row. Tenant operators.';

create function vigil_api.heal_rules(p_tenant uuid) returns setof jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(r) || pg_catalog.jsonb_build_object('fn', r.fn::text)
  from vigil.heal_rules r where r.tenant_id = p_tenant order by r.name;
$$;
comment on function vigil_api.heal_rules(uuid) is 'The heal rules of a tenant. Any member.';

create function vigil_api.heal_runs(p_tenant uuid, p_rule uuid default null, p_limit integer default 50)
returns setof jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(h) || pg_catalog.jsonb_build_object('rule_name', r.name)
  from vigil.heal_runs h join vigil.heal_rules r on r.id = h.rule_id
  where h.tenant_id = p_tenant and (p_rule is null or h.rule_id = p_rule)
  order by h.ran_at desc, h.id desc
  limit least(greatest(coalesce(p_limit, 50), 1), 1000);
$$;
comment on function vigil_api.heal_runs(uuid, uuid, integer) is 'The audit of a tenant''s heal runs, newest first. Any member.';

grant execute on function vigil._check_new_heal_rule(uuid, integer) to service_role;
grant execute on function vigil._heal_target(text, text, text, text, text) to service_role;
grant execute on function vigil._heal_apply(vigil.heal_rules, timestamptz, boolean, integer) to service_role;
grant execute on function vigil._heal_run(vigil.heal_rules, timestamptz, text) to service_role;
grant execute on function vigil._step_heal(timestamptz) to service_role;
grant execute on function vigil._split_table(text) to service_role;
grant execute on function vigil._create_heal_rule(uuid, text, text, text, text, text, text, interval, integer, text, boolean, boolean, text) to service_role;
grant execute on function vigil._create_heal_function_rule(uuid, text, text, integer, boolean, boolean, text) to service_role;
grant execute on function vigil._heal_rule_for(uuid, vigil.member_role) to authenticated, service_role;
grant execute on function vigil._heal_preview(uuid, timestamptz, integer) to authenticated, service_role;
grant execute on function vigil._run_heal_rule(uuid, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.create_heal_rule(uuid, text, text, text, text, text, text, interval, integer, text, boolean, boolean, text) to service_role;
grant execute on function vigil_api.create_heal_function_rule(uuid, text, text, integer, boolean, boolean, text) to service_role;
grant execute on function vigil_api.set_heal_rule(uuid, boolean, boolean, integer) to authenticated, service_role;
grant execute on function vigil_api.delete_heal_rule(uuid) to authenticated, service_role;
grant execute on function vigil_api.heal_preview(uuid, timestamptz, integer) to authenticated, service_role;
grant execute on function vigil_api.run_heal_rule(uuid, timestamptz) to authenticated, service_role;
grant execute on function vigil_api.heal_rules(uuid) to authenticated, service_role;
grant execute on function vigil_api.heal_runs(uuid, uuid, integer) to authenticated, service_role;
