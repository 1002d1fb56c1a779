-- The catalog proves what a Citus cluster needs (docs/scale-out.md), for every table vigil.scale_out_plan()
-- places: tenant tables keyed by tenant_id, foreign keys that stay inside a tenant and a node, no
-- identity column and no undocumented trigger where a table is distributed or copied to every node.
-- Each check names its offenders.
begin;
select plan(10);

create temp table plan on commit drop as select * from vigil.scale_out_plan();
create temp table placed on commit drop as
select p.*, p.table_name::regclass as rel,
       exists (select 1 from pg_attribute a where a.attrelid = p.table_name::regclass and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant
from plan p;

select is_empty($$ select table_name from placed where placement = 'unplaced' $$,
  'every Vigil table is placed: distributed by tenant, reference, coordinator or local');

select is_empty($$ select table_name from placed where placement = 'distributed' and not has_tenant $$,
  'every distributed table has a tenant_id to distribute by');

select is_empty($$
  select p.table_name || ' ' || coalesce(pg_get_constraintdef(k.oid), 'has no primary key')
  from placed p left join pg_constraint k on k.conrelid = p.rel and k.contype = 'p'
  where p.has_tenant and p.placement in ('distributed', 'reference')
    and (k.oid is null or (select a.attname from pg_attribute a where a.attrelid = p.rel and a.attnum = k.conkey[1]) <> 'tenant_id')
$$, 'the primary key of every tenant table starts with tenant_id');

select is_empty($$
  select p.table_name || ' ' || i.indexrelid::regclass::text
  from placed p join pg_index i on i.indrelid = p.rel and i.indisunique
  where p.placement = 'distributed'
    and not exists (select 1 from pg_attribute a where a.attrelid = p.rel and a.attname = 'tenant_id' and a.attnum = any (i.indkey))
$$, 'every unique key of a distributed table includes tenant_id');

-- A foreign key between two tenant tables pairs tenant_id with tenant_id: a row can only point at a
-- row of its own tenant, and on Citus at a row on its own node.
select is_empty($$
  select k.conrelid::regclass::text || ' ' || k.conname
  from pg_constraint k
  join placed f on f.rel = k.conrelid and f.has_tenant
  join placed t on t.rel = k.confrelid and t.has_tenant
  where k.contype = 'f'
    and not exists (select 1 from unnest(k.conkey, k.confkey) x (col, refcol)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = x.col
                    join pg_attribute b on b.attrelid = k.confrelid and b.attnum = x.refcol
                    where a.attname = 'tenant_id' and b.attname = 'tenant_id')
$$, 'every foreign key between tenant tables includes tenant_id on both sides');

select is_empty($$
  select k.conrelid::regclass::text || ' -> ' || k.confrelid::regclass::text || ' (' || f.placement || ' to ' || coalesce(t.placement, 'unplaced') || ')'
  from pg_constraint k
  join placed f on f.rel = k.conrelid
  left join placed t on t.rel = k.confrelid
  where k.contype = 'f' and k.conrelid <> k.confrelid
    and not (f.placement = 'distributed' and t.placement in ('distributed', 'reference')
          or f.placement = 'reference' and t.placement in ('reference', 'local')
          or f.placement in ('coordinator', 'local') and t.placement in ('coordinator', 'local'))
$$, 'foreign keys point only where Citus allows: distributed to distributed or reference, reference to reference, coordinator to coordinator');

select is_empty($$
  select k.conrelid::regclass::text || ' -> ' || k.confrelid::regclass::text
  from pg_constraint k join placed f on f.rel = k.conrelid join placed t on t.rel = k.confrelid
  where k.contype = 'f' and k.conrelid <> k.confrelid and t.step >= f.step
$$, 'the plan places every referenced table before the tables that point at it');

select is_empty($$
  select p.table_name || '.' || a.attname
  from placed p join pg_attribute a on a.attrelid = p.rel and a.attidentity <> ''
  where p.placement in ('distributed', 'reference')
$$, 'no distributed or reference table has an identity column');

select is_empty($$
  select p.table_name || ' ' || t.tgname
  from placed p join pg_trigger t on t.tgrelid = p.rel and not t.tgisinternal
  where p.placement in ('distributed', 'reference') and t.tgname <> all (p.triggers)
$$, 'no distributed or reference table has a trigger the plan does not name and explain');

-- A shard's policy check must need nothing beyond its row and the caller: vigil.has_role on the
-- row's tenant_id (membership from vigil.members, a reference table), never a query of other rows.
select is_empty($$
  select p.table_name || ' ' || y.policyname
  from placed p join pg_policies y on (y.schemaname || '.' || y.tablename) = p.table_name
  where p.placement = 'distributed' and y.roles && array['anon', 'authenticated']::name[]
    and exists (select 1 from (values (y.qual), (y.with_check)) e (expr)
                where e.expr is not null
                  and (e.expr ~* '\mselect\M' or e.expr !~ '^\(?vigil\.has_role\(tenant_id, ''(viewer|operator|admin)''::vigil\.member_role\)\)?$'))
$$, 'every API policy on a distributed table decides by vigil.has_role on the row''s tenant_id alone');

select * from finish();
rollback;
