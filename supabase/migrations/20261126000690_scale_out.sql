-- Scale-out: where every Vigil table goes when one machine is not enough and the tables are spread
-- over a Citus cluster by tenant. The one list the distribute command, docs/scale-out.md's check and
-- the catalog test read (docs/scale-out.md explains the choices).

-- Placements: distributed (by tenant_id, colocated with vigil.events, so a tenant's rows of every
-- table sit on one node and joins and foreign keys stay inside it), reference (a copy on every node:
-- small tables read by every shard, or needing a key unique across tenants), coordinator (the
-- database's own bookkeeping, read and written only by maintenance on the coordinator), local (a table
-- Vigil does not own that a reference table points at: added to Citus's metadata, data unmoved).
-- A table with a tenant_id column is distributed unless listed here; any other table must be listed,
-- so a new table cannot be left out unnoticed (the catalog test names it).
create function vigil.scale_out_plan()
returns table (step integer, table_name text, placement text, colocate_with text, triggers text[], reason text)
language sql stable
set search_path = ''
as $$
  with listed (table_name, placement, triggers, reason) as (
    values
      ('auth.users', 'local', '{}'::text[], 'Supabase Auth''s users, which vigil.members points at; it stays where it is.'),
      ('vigil.tenants', 'reference', '{}', 'Every tenant table points at it; one row per tenant.'),
      ('vigil.members', 'reference', '{}',
       'Read by vigil.has_role in every row-level security policy: a copy on each node keeps a shard''s policy check local.'),
      ('vigil.tenant_deletions', 'reference', '{}', 'A few rows, read by the fold for every tenant.'),
      ('vigil.ingest_keys', 'reference', '{}',
       'Found by the hash of the key a browser sends, before the tenant is known, on every ingest call: the hash is unique across tenants and the lookup stays on the coordinator.'),
      ('vigil.status_pages', 'reference', '{}', 'A page''s slug is its public address, unique across tenants, and anon finds a page by it.'),
      ('vigil.settings', 'reference', '{}', 'Read by the outbound guard wherever a URL is checked, shards included.'),
      ('vigil.alert_metrics', 'reference', '{}', 'The metric registry every rule names.'),
      ('vigil.default_alert_rules', 'reference', '{}', 'Rule templates, the same for every tenant.'),
      ('vigil.dashboard_cards', 'reference', '{}', 'The console''s card registry, the same for every tenant.'),
      ('vigil.dashboard_markers', 'reference', '{}', 'The console''s marker registry, the same for every tenant.'),
      ('vigil.maintenance_steps', 'coordinator', '{}', 'Maintenance runs on the coordinator with pg_cron.'),
      ('vigil.maintenance_settings', 'coordinator', '{}', 'Maintenance runs on the coordinator with pg_cron.'),
      ('vigil.maintenance_runs', 'coordinator', '{}', 'The log of maintenance runs, written on the coordinator.'),
      ('vigil.rollup_state', 'coordinator', '{}', 'The fold''s own state and lock; the fold runs on the coordinator.'),
      ('vigil.rollup_passes', 'coordinator', '{}', 'The fold''s own log; the fold runs on the coordinator.'),
      ('vigil.cron_job_watch', 'coordinator', '{}', 'Watches pg_cron''s jobs, which live on the coordinator.'),
      ('vigil.materialized_views', 'coordinator', '{}', 'Materialized views are local to the coordinator under Citus.'),
      ('vigil.backup_policies', 'coordinator', '{}',
       'A backup covers the database through the coordinator, which reads every shard; its records stay with it.'),
      ('vigil.backups', 'coordinator', '{}', 'See backup_policies.'),
      ('vigil.backup_files', 'coordinator', '{}', 'See backup_policies.'),
      ('vigil.restore_runs', 'coordinator', '{}', 'See backup_policies.'),
      ('vigil.alert_channels', 'distributed', '{alert_channels_check}',
       'Its trigger checks the row alone (and vigil.settings, a reference table): safe on a shard.'),
      ('vigil.alert_rules', 'distributed', '{alert_rules_check_scope}',
       'Its trigger reads the row and reference tables alone (alert_metrics, tenants): safe on a shard.'),
      ('vigil.deploy_targets', 'distributed', '{deploy_targets_check}',
       'Its trigger checks the row alone (and vigil.settings, a reference table): safe on a shard.'),
      ('vigil.alert_history', 'distributed', '{alert_history_incidents}',
       'Its trigger reads and writes rows of the same tenant in colocated tables (alert_rules, alerts, monitors, incidents), each found by tenant_id first.')
  ),
  tables as (
    select c.oid, c.oid::regclass::text as table_name,
           exists (select 1 from pg_catalog.pg_attribute a
                   where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as has_tenant
    from pg_catalog.pg_class c
    where c.relnamespace = 'vigil'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    union all
    select c.oid, c.oid::regclass::text, false from pg_catalog.pg_class c where c.oid = pg_catalog.to_regclass('auth.users')
  ),
  placed as (
    select t.oid, t.table_name,
           coalesce(l.placement, case when t.has_tenant then 'distributed' else 'unplaced' end) as placement,
           coalesce(l.triggers, '{}') as triggers,
           coalesce(l.reason, case when t.has_tenant then 'A tenant''s rows.'
                                   else 'Not in vigil.scale_out_plan(): give it a tenant_id or list it there.' end) as reason
    from tables t left join listed l on l.table_name = t.table_name
  ),
  -- Parents first: a table's depth is the longest chain of foreign keys above it (self-references
  -- ignored), so creating them in this order always finds the referenced table placed already.
  depth as (
    with recursive d (oid, depth, path) as (
      select p.oid, 0, array[p.oid] from placed p
      union all
      select k.conrelid, d.depth + 1, d.path || k.conrelid
      from d join pg_catalog.pg_constraint k on k.contype = 'f' and k.confrelid = d.oid and k.conrelid <> d.oid
      where k.conrelid <> all (d.path)
    )
    select d.oid, pg_catalog.max(d.depth) as depth from d group by d.oid
  )
  select (pg_catalog.row_number() over (
            order by case p.placement when 'local' then 0 when 'reference' then 1 when 'distributed' then 2
                                      when 'coordinator' then 3 else 4 end,
                     p.table_name <> 'vigil.events', d.depth, p.table_name))::integer,
         p.table_name, p.placement,
         case when p.placement <> 'distributed' then null when p.table_name = 'vigil.events' then 'default' else 'vigil.events' end,
         p.triggers, p.reason
  from placed p join depth d on d.oid = p.oid
  order by 1
$$;
comment on function vigil.scale_out_plan() is
  $$Where each table goes on Citus, in the order to place them: step, table, placement (local, reference, distributed by tenant_id, coordinator, or unplaced: a table nobody placed), the table a distributed one is colocated with, the triggers it may keep and why. Read by npm run vigil -- distribute. Database sessions only.$$;
