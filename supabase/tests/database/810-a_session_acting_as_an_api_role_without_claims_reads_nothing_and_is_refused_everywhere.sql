-- A session acting as anon or authenticated without JWT claims is what a Citus worker sees when the
-- coordinator runs a statement of an API request on a shard: PostgREST's request.jwt.claims (set with
-- set_config) never travel. Such a session reads no row of any tenant table and every vigil_api
-- function refuses it. Tables and functions come from the catalog, so one added later is checked too.
-- A session that logged in as the role (as a worker's connection does) needs a superuser to set up:
-- scripts/distribute.test.ts proves that case on the local stack.
begin;
select plan(4);

select * from tests.make_tenant('claimless-810') \gset a_
-- Rows in a good share of the tenant tables, written as the service role would.
select tests.fired_notification('claimless-810-fired') \gset
select tests.add_events(:'a_tenant_id', 'operation', 'checkout', 10, 2, 120, now() - interval '1 minute');
select vigil_api.set_slo(:'a_tenant_id', 'checkout', 0.99);
select vigil_api.job_start(:'a_tenant_id', 'backfill');
select vigil_api.create_monitor(:'a_tenant_id', '{"name": "beat", "type": "heartbeat", "period_seconds": 60, "grace_seconds": 60}');

select array_agg(c.oid::regclass::text order by 1) as tenant_tables from pg_class c
where c.relnamespace = 'vigil'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
  and (c.oid = 'vigil.tenants'::regclass
       or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)) \gset

-- The tables of p_tables the current role may read and finds rows in.
create function pg_temp.tables_with_rows(p_tables text[]) returns setof text language plpgsql as $$
declare
  v_table text;
  v_rows bigint;
begin
  foreach v_table in array p_tables loop
    continue when not has_any_column_privilege(v_table, 'select');
    execute format('select count(*) from %s', v_table) into v_rows;
    if v_rows > 0 then
      return next v_table;
    end if;
  end loop;
end $$;

-- Every vigil_api function the current role may execute, called with the tenant's id for each uuid
-- argument (a text 'viewer', a jsonb '[]', null otherwise): those that neither raise a refusal
-- (42501; PT401/PT404 for a key or token they do not know; 22023 for arguments refused before any
-- access check) nor return no row, with what they did.
create function pg_temp.calls_not_refused(p_tenant uuid) returns setof text language plpgsql as $$
declare
  r record;
  v_call text;
  v_rows bigint;
  v_first text;
begin
  for r in
    select p.oid::regprocedure::text as sig, format('vigil_api.%I(%s)', p.proname,
             coalesce((select string_agg(case t when 'uuid'::regtype then quote_literal(p_tenant) || '::uuid'
                                                when 'text'::regtype then '''viewer'''
                                                when 'jsonb'::regtype then '''[]''::jsonb'
                                                else 'null::' || format_type(t, null) end, ', ' order by o)
                       from unnest(p.proargtypes::oid[]) with ordinality x (t, o)), '')) as call
    from pg_proc p
    where p.pronamespace = 'vigil_api'::regnamespace and has_function_privilege(p.oid, 'execute')
  loop
    begin
      execute format('select count(*), (array_agg(x::text))[1] from (select %s) s (x)', r.call) into v_rows, v_first;
      if v_rows > 0 then
        return next r.sig || ' returned ' || left(v_first, 60);
      end if;
    exception when others then
      if sqlstate not in ('42501', 'PT401', 'PT404', '22023') then
        return next r.sig || ' raised ' || sqlstate || ' ' || left(sqlerrm, 60);
      end if;
    end;
  end loop;
end $$;
grant execute on function pg_temp.tables_with_rows(text[]), pg_temp.calls_not_refused(uuid) to anon, authenticated;

-- p_query run as anon and as authenticated, each without claims; its rows prefixed with the role.
create function pg_temp.as_each_api_role(p_query text) returns setof text language plpgsql as $$
declare
  v_role text;
begin
  foreach v_role in array array['anon', 'authenticated'] loop
    perform set_config('request.jwt.claims', '', true);
    perform set_config('role', v_role, true);
    return query execute format('select %L || '': '' || x from (%s) q (x)', v_role, p_query);
    perform set_config('role', 'none', true);
  end loop;
end $$;

select cmp_ok((select count(*)::int from pg_temp.tables_with_rows(:'tenant_tables')), '>=', 12,
  'the database session itself finds rows in at least 12 tenant tables');
select is(array(select pg_temp.as_each_api_role('select current_user::text')), array['anon: anon', 'authenticated: authenticated'],
  'the checks below run as anon and as authenticated');
select is_empty(format('select pg_temp.as_each_api_role(%L)', format('select pg_temp.tables_with_rows(%L)', :'tenant_tables')),
  'neither anon nor authenticated without claims reads a row of any tenant table');
select is_empty(format('select pg_temp.as_each_api_role(%L)', format('select pg_temp.calls_not_refused(%L)', :'a_tenant_id')),
  'every vigil_api function either may execute refuses them without claims');

select * from finish();
rollback;
