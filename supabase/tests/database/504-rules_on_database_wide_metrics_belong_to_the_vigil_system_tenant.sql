-- Database-wide facts are read only by members of vigil-system, so rules on them live there: its
-- admins and the service role create them; an app tenant's admin is refused (any way the rule comes
-- in), and so are vigil-system members below admin and users outside it.
begin;
select plan(11);

select vigil.system_tenant_id() as sys \gset
select * from tests.make_tenant('wire-scope') \gset t_
select tests.create_user('wire-dba-admin@example.com') as dba_admin \gset
select tests.create_user('wire-dba-viewer@example.com') as dba_viewer \gset
select vigil_api.add_member(:'sys', :'dba_admin', 'admin');
select vigil_api.add_member(:'sys', :'dba_viewer', 'operator');

select tests.authenticate_as(:'t_admin_id');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "db", "metric": "db_connections_pct", "comparator": "gt", "threshold": 90, "window": "5 minutes"}')$$, :'t_tenant_id'),
  '22023', 'metric db_connections_pct is a fact about the whole database: its rules belong to the vigil-system tenant.',
  'an app tenant''s admin cannot create a rule on a database-wide metric');
select tests.alert_rule(:'t_tenant_id', '{"name": "volume", "metric": "count", "comparator": "gt", "threshold": 0, "window": "5 minutes"}') as volume \gset
select throws_ok(format($$select vigil_api.update_alert_rule(%L, '{"metric": "heartbeat_missing"}')$$, :'volume'),
  '22023', 'metric heartbeat_missing is a fact about the whole database: its rules belong to the vigil-system tenant.',
  'nor turn an existing rule into one');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "db", "metric": "db_size_pct", "comparator": "gt", "threshold": 80, "window": "5 minutes"}')$$, :'sys'),
  '42501', 'You must be an admin of this tenant to do this.',
  'nor create one on the vigil-system tenant, which it does not belong to');
select is(vigil_api.install_default_rules(:'t_tenant_id'), 6, 'installing the defaults on an app tenant adds only its six per-tenant rules');

select tests.authenticate_as(:'dba_viewer');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "db", "metric": "db_size_pct", "comparator": "gt", "threshold": 80, "window": "5 minutes"}')$$, :'sys'),
  '42501', 'You must be an admin of this tenant to do this.',
  'an operator of vigil-system cannot create one either');

select tests.authenticate_as(:'dba_admin');
select lives_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "Cron failures", "metric": "cron_job_failures", "comparator": "gt", "threshold": 0, "window": "10 minutes", "severity": "critical"}')$$, :'sys'),
  'an admin of vigil-system creates a rule on a database-wide metric');
select is((select count(*) from vigil.alert_rules where tenant_id = :'sys'), 1::bigint, 'and sees it');

select tests.authenticate_as_service_role();
select lives_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "Stale views", "metric": "stale_views", "comparator": "gt", "threshold": 0, "window": "10 minutes"}')$$, :'sys'),
  'the service role creates one on vigil-system');
select throws_ok(format($$insert into vigil.alert_rules (tenant_id, name, metric, comparator, threshold, time_window) values (%L, 'x', 'db_size_pct', 'gt', 80, '5 minutes')$$, :'t_tenant_id'),
  '22023', 'metric db_size_pct is a fact about the whole database: its rules belong to the vigil-system tenant.',
  'but not on an app tenant, even by a direct insert');
select tests.clear_authentication();

select is(vigil.metric_db_size_pct(:'t_tenant_id', tstzrange(now() - interval '5 minutes', now())), null,
  'and were one there, its metric would read no data for the app tenant');
select is((select count(*) from vigil.alert_rules r join vigil.alert_metrics m on m.name = r.metric
           where m.scope = 'system' and r.tenant_id <> :'sys'), 0::bigint, 'no rule on a database-wide metric sits outside vigil-system');

select * from finish();
rollback;
