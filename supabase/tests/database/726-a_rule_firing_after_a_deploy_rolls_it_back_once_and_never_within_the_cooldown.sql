-- The deploy watch, with the clock as a parameter: a watched rule that begins firing 5 minutes after
-- a deploy makes it regressed with exactly one rollback action; a second firing inside the cooldown
-- rolls nothing back and raises an alert saying why; a firing that began before the deploy blames
-- nothing; after the window without a breach the deploy is healthy and the previous one superseded.
begin;
select plan(14);

select * from tests.make_tenant('watch') \gset t_
select tests.alert_channel(:'t_tenant_id', 'slack') as slack \gset
select tests.alert_channel(:'t_tenant_id', 'pd', 'pagerduty') as pd \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "errors", "metric": "error_rate", "comparator": "gt", "threshold": 0.05, "window": "5 minutes"}') as rule \gset
select tests.deploy_target(:'t_tenant_id', 'web', jsonb_build_object('auto_rollback', true, 'watch_rules', jsonb_build_array(:'rule'),
  'notify_channels', jsonb_build_array(:'slack', :'pd'), 'rollback_cooldown', '1 hour')) as web \gset
select tests.deploy_key(:'web') as k \gset

-- A rule's firing, as evaluation records it.
create function pg_temp.fire(p_rule uuid, p_at timestamptz) returns void
language plpgsql as $$
declare
  v_alert uuid;
begin
  insert into vigil.alerts (tenant_id, rule_id, dedup_key, state, state_since, firing_since)
  select r.tenant_id, r.id, 'k-' || p_at::text, 'firing', p_at, p_at from vigil.alert_rules r where r.id = p_rule
  returning id into v_alert;
  insert into vigil.alert_history (tenant_id, alert_id, rule_id, from_state, to_state, value, event_count, at)
  select r.tenant_id, v_alert, r.id, 'pending', 'firing', 0.5, 100, p_at from vigil.alert_rules r where r.id = p_rule;
end
$$;

select tests.healthy_deploy(:'k', 'dpl_1', 'v1', '2026-11-10 09:00+00') as v1 \gset
select tests.deploy(:'k', 'dpl_2', 'v2', '2026-11-10 10:00+00') as v2 \gset
select is(vigil.deploy_watch('2026-11-10 10:04+00') ->> 'regressed', '0', 'no firing yet: still watching');
select pg_temp.fire(:'rule', '2026-11-10 10:05+00');
select is(vigil.deploy_watch('2026-11-10 10:06+00') ->> 'rollbacks', '1', 'a rule firing 5 minutes after the deploy rolls it back');
select is(tests.deploy_status(:'v2'), 'rolling_back', 'the deploy regressed and is rolling back');
select results_eq(format($$select kind, to_deployment_id from vigil.deploy_actions where deployment_id = %L$$, :'v2'),
  format($$values ('rollback'::text, %L::uuid)$$, :'v1'), 'exactly one rollback action, to the last good deployment');
select is((select count(*)::int from vigil.deployment_history where deployment_id = :'v2' and to_status = 'regressed' and note like 'rule errors fired%'), 1,
  'the history says which rule blamed it');
select is(vigil.deploy_watch('2026-11-10 10:07+00') ->> 'rollbacks', '0', 'the next run does not roll back again');
select ok((select array_agg(distinct payload ->> 'state') from vigil.alert_notifications n join vigil.alerts a on a.id = n.alert_id
           where a.dedup_key = 'deploy-' || :'web') @> '{regressed,rolling_back}', 'the channels hear of the regression and the rollback');
select is((select array_agg(payload ->> 'state' order by id) from vigil.alert_notifications where channel_id = :'pd' and payload ? 'change_event'),
  '{healthy,regressed,rolling_back}', 'PagerDuty also gets a change event for each transition (v1 healthy, v2 regressed and rolling back)');

-- The rollback finished: v1 serves again. A new deploy v3 fires too, inside the hour's cooldown.
update vigil.deploy_actions set status = 'delivered' where deployment_id = :'v2';
select vigil._deploy_move(:'v2', 'rolled_back', '2026-11-10 10:08+00');
select tests.deploy(:'k', 'dpl_3', 'v3', '2026-11-10 10:30+00') as v3 \gset
select pg_temp.fire(:'rule', '2026-11-10 10:32+00');
select is(vigil.deploy_watch('2026-11-10 10:33+00') - 'errors', '{"healthy": 0, "regressed": 1, "rollbacks": 0, "suppressed": 1}'::jsonb,
  'a second firing inside the cooldown regresses the deploy but rolls nothing back');
select is((select count(*)::int from vigil.deploy_actions where deployment_id = :'v3'), 0, 'no rollback action for it');
select ok((select bool_or(payload ->> 'description' like '%automatic rollback suppressed: within the cooldown of 01:00:00 after the previous rollback%')
           from vigil.alert_notifications where payload ->> 'state' = 'rollback_suppressed'), 'an alert says the rollback was suppressed and why');

-- A rule already firing before the deploy does not blame it; the deploy passes its window.
select pg_temp.fire(:'rule', '2026-11-10 11:58+00');
select tests.deploy(:'k', 'dpl_4', 'v4', '2026-11-10 12:00+00') as v4 \gset
select is(vigil.deploy_watch('2026-11-10 12:10+00') ->> 'regressed', '0', 'a firing that began before the deploy blames nothing');
select is(vigil.deploy_watch('2026-11-10 12:16+00') ->> 'healthy', '1', 'after the watch window without a breach the deploy is healthy');
select is(tests.deploy_status(:'v1'), 'superseded', 'and the previous healthy deployment is superseded');

select * from finish();
rollback;
