-- The rest of Supabase's database linter (splinter) as it applies to vigil and vigil_api; 001 holds
-- the RLS, search_path, security definer and materialized view rules. Each query below is the
-- lint's condition restricted to Vigil's schemas.
begin;
select plan(9);

select is_empty($$select c.relname || '.' || a.attname || ' ' || t.typname
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_type t on t.oid = a.atttypid
  where c.relnamespace in ('vigil'::regnamespace, 'vigil_api'::regnamespace) and a.attnum > 0 and not a.attisdropped
    and t.typname in ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator', 'regproc', 'regprocedure')$$,
  'no column has a reg* type pg_upgrade cannot carry over (0018 unsupported_reg_types)');
select is_empty($$select c.relname from pg_class c
  where c.relnamespace = 'vigil'::regnamespace and c.relkind = 'r' and c.relrowsecurity
    and not exists (select 1 from pg_policy p where p.polrelid = c.oid)$$,
  'every table with RLS enabled, each partition included, has a policy (0008 rls_enabled_no_policy)');
select is_empty($$select c.relname from pg_class c
  where c.relnamespace = 'vigil'::regnamespace and c.relkind in ('r', 'p') and not c.relrowsecurity
    and exists (select 1 from pg_policy p where p.polrelid = c.oid)$$,
  'no table has policies with RLS disabled (0007 policy_exists_rls_disabled)');
select is_empty($$select c.relname, r.rolname, x.cmd from pg_policy p join pg_class c on c.oid = p.polrelid
  join pg_roles r on p.polroles @> array[r.oid] or p.polroles = array[0::oid]
  cross join lateral unnest(case p.polcmd when 'r' then array['SELECT'] when 'a' then array['INSERT'] when 'w' then array['UPDATE']
    when 'd' then array['DELETE'] else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) x(cmd)
  where c.relnamespace = 'vigil'::regnamespace and c.relkind in ('r', 'p') and p.polpermissive
    and r.rolname not like 'pg\_%' and not r.rolbypassrls
  group by c.relname, r.rolname, x.cmd having count(*) > 1$$,
  'no table has two permissive policies for one role and action (0006 multiple_permissive_policies)');
select is_empty($$select schemaname || '.' || tablename || ' ' || policyname from pg_policies
  where schemaname = 'vigil' and permissive = 'PERMISSIVE' and roles && array['anon', 'authenticated', 'public']::name[]
    and (cmd in ('UPDATE', 'DELETE', 'ALL', 'INSERT'))
    and (lower(replace(coalesce(qual, ''), ' ', '')) in ('true', '(true)') or lower(replace(coalesce(with_check, ''), ' ', '')) in ('true', '(true)'))$$,
  'no write policy for anon or authenticated is always true (0024 rls_policy_always_true)');
select is_empty($$select schemaname || '.' || tablename || ' ' || policyname from pg_policies
  where schemaname = 'vigil' and (coalesce(qual, '') ~ 'auth\.(uid|jwt|role|email)\(\)' or coalesce(with_check, '') ~ 'auth\.(uid|jwt|role|email)\(\)')$$,
  'no policy calls auth.uid() and friends per row (0003 auth_rls_initplan): they all go through vigil.has_role');
select is_empty($$select c.conrelid::regclass::text || ' ' || c.conname from pg_constraint c
  where c.contype = 'f' and c.connamespace = 'vigil'::regnamespace
    and not exists (select 1 from pg_index i where i.indrelid = c.conrelid
      and (select array_agg(k order by k) from unnest((string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(c.conkey)]) k)
        = (select array_agg(k order by k) from unnest(c.conkey) k))$$,
  'every foreign key has an index leading with its columns (0001 unindexed_foreign_keys)');
select is_empty($$select i.indrelid::regclass::text from pg_index i join pg_class c on c.oid = i.indrelid
  where c.relnamespace = 'vigil'::regnamespace
  group by i.indrelid, i.indkey::text, i.indclass::text, coalesce(pg_get_expr(i.indexprs, i.indrelid), ''), coalesce(pg_get_expr(i.indpred, i.indrelid), '')
  having count(*) > 1$$,
  'no table has two identical indexes (0009 duplicate_index)');
select is_empty($$select c.relname from pg_class c
  where c.relnamespace = 'vigil'::regnamespace and c.relkind in ('r', 'p')
    and not exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisprimary)$$,
  'every table, each events partition included, has a primary key (0004 no_primary_key, an INFO lint)');

select * from finish();
rollback;
