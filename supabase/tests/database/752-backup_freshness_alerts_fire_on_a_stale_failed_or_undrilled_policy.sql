-- The freshness metrics with the clock as a parameter: no verified backup for 26 hours under a daily
-- policy fires the age rule; a backup that started and never finished counts as failed once its
-- interval has passed; a week without a drill fires the drill rule. The default rules are vigil-system's.
begin;
select plan(12);

select vigil.system_tenant_id() as sys \gset
select '2026-11-30 03:00+00'::timestamptz as t0 \gset
update vigil.backup_policies set created_at = :'t0'::timestamptz - interval '30 days' where name = 'daily';
select tests.alert_channel(:'sys', 'dba-slack') as slack \gset
select is(vigil_api.install_default_rules(:'sys') >= 3, true, 'vigil-system gets the backup rules with its defaults');
select id as age_rule from vigil.alert_rules where tenant_id = :'sys' and metric = 'backup_age_hours' \gset
select id as failed_rule from vigil.alert_rules where tenant_id = :'sys' and metric = 'backup_failed' \gset
select id as drill_rule from vigil.alert_rules where tenant_id = :'sys' and metric = 'restore_drill_age_days' \gset

-- One good backup at t0, verified, and a drill of it.
select vigil_api.start_backup('daily', 'local', '/b/1', :'t0') as good \gset
select vigil_api.finish_backup(:good, '{"tables": [], "files": []}', null, :'t0'::timestamptz + interval '10 minutes');
select vigil_api.record_backup_verify(:good, true, null, :'t0'::timestamptz + interval '11 minutes');
select vigil_api.start_restore(:good, 'drill', 'vigil_drill_1', null, false, :'t0'::timestamptz + interval '12 minutes') as drill \gset
select vigil_api.finish_restore(:drill, true, '{}', null, :'t0'::timestamptz + interval '13 minutes');

select vigil.evaluate_alerts(:'t0'::timestamptz + interval '20 hours');
select is(tests.alert_state(:'age_rule', '{"policy": "daily"}'), 'ok', '20 hours after a verified backup the age rule is ok');
select is((select value from vigil.alerts where rule_id = :'age_rule'), 20::double precision, 'with the age in hours');
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '26 hours');
select is(tests.alert_state(:'age_rule', '{"policy": "daily"}'), 'firing', 'no verified backup for 26 hours fires it');
select is(tests.outbox(:'age_rule'), array['firing'], 'and a notification waits in the outbox');

-- A backup that succeeded but failed its verify does not count as fresh.
select vigil_api.start_backup('daily', 'local', '/b/2', :'t0'::timestamptz + interval '24 hours') as unverified \gset
select vigil_api.finish_backup(:unverified, '{"tables": [], "files": []}', null, :'t0'::timestamptz + interval '24 hours 5 minutes');
select vigil_api.record_backup_verify(:unverified, false, 'missing: public.a/part-00001.copy.gz', :'t0'::timestamptz + interval '24 hours 6 minutes');
select is((select age_hours from vigil_api.backup_status(:'t0'::timestamptz + interval '27 hours') where policy = 'daily'), 27.00,
  'a backup whose verify failed leaves the age where it was');

-- Started and never finished.
select vigil_api.start_backup('daily', 'local', '/b/3', :'t0'::timestamptz + interval '48 hours') as stuck \gset
select is((select value from vigil.metric_backup_failed(:'sys', tstzrange(:'t0'::timestamptz + interval '60 hours', :'t0'::timestamptz + interval '71 hours'))),
  0::numeric, 'a backup still running within its interval has not failed');
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '72 hours 1 minute');
select is(tests.alert_state(:'failed_rule', '{"policy": "daily"}'), 'firing', 'once the interval passes without an end it counts as failed');
select is((select latest_failed from vigil_api.backup_status(:'t0'::timestamptz + interval '72 hours 1 minute') where policy = 'daily'), true,
  'and the status says so');

-- Drills.
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '7 days');
select is(tests.alert_state(:'drill_rule', '{"policy": "daily"}'), 'ok', 'a drill 7 days ago is recent enough');
select vigil.evaluate_alerts(:'t0'::timestamptz + interval '9 days');
select is(tests.alert_state(:'drill_rule', '{"policy": "daily"}'), 'firing', 'no drill for 9 days fires the drill rule');

select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "x", "metric": "backup_failed", "comparator": "gt", "threshold": 0, "window": "5 minutes"}')$$,
                        (tests.make_tenant('app-752')).tenant_id), '22023', null,
  'an app tenant cannot have a rule on a backup metric');

select * from finish();
rollback;
