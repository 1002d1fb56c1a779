-- The rollback target: the newest healthy deployment of the same target and environment that is
-- not the live one and was not rolled back, failed or never healthy.
begin;
select plan(6);

select * from tests.make_tenant('lastgood') \gset t_
select tests.deploy_target(:'t_tenant_id', 'web') as web \gset
select tests.deploy_target(:'t_tenant_id', 'web-preview', '{"environment": "preview"}') as preview \gset
select tests.deploy_target(:'t_tenant_id', 'api') as api \gset
select tests.deploy_key(:'web') as k \gset
select tests.deploy_key(:'preview') as kp \gset
select tests.deploy_key(:'api') as ka \gset

select tests.healthy_deploy(:'k', 'dpl_1', 'v1', '2026-11-01 10:00+00') as v1 \gset
select is(vigil_api.last_good_deployment(:'web'), null, 'the only deployment is live: there is nothing to go back to');

select tests.healthy_deploy(:'k', 'dpl_2', 'v2', '2026-11-02 10:00+00') as v2 \gset
select is(vigil_api.last_good_deployment(:'web') ->> 'id', :'v1', 'the previous healthy (now superseded) one is the last good one');

-- Newer rows that must be skipped: another target's, another environment's, a failed build, one
-- that failed its smoke checks, and one that was rolled back.
select tests.healthy_deploy(:'ka', 'dpl_api', 'a9', '2026-11-03 10:00+00');
select tests.healthy_deploy(:'kp', 'dpl_prev', 'p9', '2026-11-03 10:00+00');
select vigil_api.report_deployment(:'k', '{"id": "dpl_3", "status": "build_failed", "at": "2026-11-03 11:00+00"}');
select tests.deploy(:'k', 'dpl_4', 'v4', '2026-11-03 12:00+00') as v4 \gset
select vigil._deploy_move(:'v4', 'regressed', '2026-11-03 12:05+00');
select vigil._deploy_move(:'v4', 'rolling_back', '2026-11-03 12:06+00');
select vigil._deploy_move(:'v4', 'rolled_back', '2026-11-03 12:07+00');
select is(vigil_api.last_good_deployment(:'web') ->> 'id', :'v1', 'failed, rolled-back, other-target and other-environment rows are skipped');

select tests.deploy(:'k', 'dpl_5', 'v5', '2026-11-04 10:00+00') as v5 \gset
select is(vigil_api.last_good_deployment(:'web') ->> 'id', :'v2', 'once a newer one is live, the healthy one it replaces is the last good one');
select is(vigil_api.last_good_deployment(:'preview'), null, 'each target and environment has its own');

select tests.authenticate_as(tests.create_user('lastgood-stranger@example.com'));
select throws_ok(format($$select vigil_api.last_good_deployment(%L)$$, :'web'),
  '42501', 'You must be a viewer of the tenant that owns this deploy target.', 'a non-member cannot ask');
select tests.clear_authentication();

select * from finish();
rollback;
