-- run_maintenance(p_now) evaluates alert rules at p_now, after db_health sampled at p_now, so the
-- database rules judge the run's own samples. Inside a run the heartbeat is present (the run is it):
-- the first run after installing does not page. (Evaluated outside maintenance, a missing heartbeat
-- does: 501. Not here: this transaction holds the run's lock until it ends.)
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(6);

select vigil.system_tenant_id() as sys \gset
select tests.alert_channel(:'sys', 'dba-slack') as slack \gset
select tests.system_rule('heartbeat_missing') as heartbeat \gset
select tests.system_rule('db_size_pct') as size \gset
update vigil.maintenance_settings set db_quota_bytes = pg_database_size(current_database()) / 2;

select is(vigil.metric_heartbeat_missing(:'sys', tstzrange(now() - interval '5 minutes', now())), 1::numeric,
  'before any run, the heartbeat is missing');
select is((select s -> 'result' ->> 'rules' from jsonb_array_elements(vigil.run_maintenance(now() + interval '1 hour') -> 'steps') s
           where s ->> 'step' = 'alerts'), '6', 'the run''s alerts step evaluates the six database rules (three on backups)');
select is((select last_evaluated_at from vigil.alerts where rule_id = :'size'), now() + interval '1 hour',
  'at the run''s clock');
select is(tests.alert_state(:'size'), 'firing', 'and a size sample the same run took above 80% of the quota fires at once');
select is(tests.alert_state(:'heartbeat'), 'ok', 'the first run does not page for its own missing heartbeat');

select is(tests.outbox(:'heartbeat') || tests.outbox(:'size'), array['firing'], 'only the size rule sends a notification');

select * from finish();
rollback;
