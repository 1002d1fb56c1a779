-- install_default_rules gives vigil-system the database defaults DESIGN lists (connections > 90%
-- critical, size > 80% warning, heartbeat missing critical), once, and app tenants none of them.
begin;
select plan(6);

select vigil.system_tenant_id() as sys \gset
select * from tests.make_tenant('wire-defaults') \gset t_
select tests.alert_channel(:'sys', 'dba-slack') as slack \gset

select is(vigil_api.install_default_rules(:'sys'), 6, 'six database defaults are installed on vigil-system (three of them on backups)');
select is(vigil_api.install_default_rules(:'sys'), 0, 'installing again adds nothing');
select set_eq(format($$select name || ' ' || metric || ' ' || comparator || ' ' || threshold || ' ' || severity from vigil.alert_rules where tenant_id = %L$$, :'sys'),
  array['Database connections above 90% db_connections_pct gt 90 critical', 'Database size above 80% db_size_pct gt 80 warning',
        'Maintenance heartbeat missing heartbeat_missing gt 0 critical',
        'No verified backup for 25 hours backup_age_hours gt 25 critical', 'Backup failed backup_failed gt 0 critical',
        'No restore drill for 8 days restore_drill_age_days gt 8 warning'],
  'they are connections above 90% (critical), size above 80% (warning), heartbeat missing (critical) and the backup rules');
select ok((select bool_and(channel_ids = array[:'slack'::uuid]) from vigil.alert_rules where tenant_id = :'sys'),
  'they notify the system tenant''s channels');
select is(vigil_api.install_default_rules(:'t_tenant_id'), 6, 'an app tenant gets its six per-tenant defaults');
select is((select count(*) from vigil.alert_rules where tenant_id = :'t_tenant_id'
           and metric in ('db_connections_pct', 'db_size_pct', 'heartbeat_missing')), 0::bigint,
  'and none of the database-wide ones');

select * from finish();
rollback;
