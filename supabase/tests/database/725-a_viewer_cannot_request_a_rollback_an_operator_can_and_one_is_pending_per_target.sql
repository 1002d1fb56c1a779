-- Rolling back by hand: operators and admins may, viewers, strangers and anon may not; the
-- deployment becomes rolling_back with one rollback action, and a second request is refused.
begin;
select plan(12);

select * from tests.make_tenant('manual') \gset t_
select tests.create_user('manual-stranger@example.com') as stranger \gset
select tests.deploy_target(:'t_tenant_id') as web \gset
select tests.deploy_key(:'web') as k \gset
select tests.healthy_deploy(:'k', 'dpl_1', 'v1', now() - interval '2 hours') as v1 \gset
select tests.deploy(:'k', 'dpl_2', 'v2', now() - interval '5 minutes') as v2 \gset

select tests.authenticate_as(:'t_viewer_id');
select throws_ok(format($$select vigil_api.request_rollback(%L)$$, :'v2'),
  '42501', 'You must be an operator of the tenant that owns this deployment.', 'a viewer cannot request a rollback');
select is((select count(*)::int from vigil_api.list_deployments(:'t_tenant_id')), 2, 'a viewer reads the deploy log');

select tests.authenticate_as(:'stranger');
select throws_ok(format($$select vigil_api.request_rollback(%L)$$, :'v2'),
  '42501', 'You must be an operator of the tenant that owns this deployment.', 'a non-member cannot request a rollback');

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.request_rollback(%L)$$, :'v2'), '42501', null, 'anon cannot request a rollback');

select tests.authenticate_as(:'t_operator_id');
select is(vigil_api.request_rollback(:'v2', null, 'checkout is broken') ->> 'to', :'v1', 'an operator rolls back to the last good deployment');
select is(tests.deploy_status(:'v2'), 'rolling_back', 'the deployment is rolling back');
select throws_ok(format($$select vigil_api.request_rollback(%L, %L)$$, :'v2', :'v1'),
  'PT409', 'A rollback of this target is already pending.', 'the same deployment cannot be rolled back twice at once');
select tests.clear_authentication();

select is((select count(*)::int from vigil.deploy_actions where target_id = :'web' and kind = 'rollback' and status = 'pending'), 1,
  'one rollback action waits for the deploy function');
select is((select reason from vigil.deploy_actions where target_id = :'web'), 'checkout is broken', 'with its reason');

-- A rollback to a deployment that does not exist, and a move of one: P0002.
select throws_ok(format($$select vigil._enqueue_rollback(%L, %L, now(), 'test', 'nowhere')$$, :'v2', gen_random_uuid()),
  'P0002', 'There is no earlier good deployment of this target to roll back to.', 'a rollback needs a deployment to go to');
select throws_ok(format($$select vigil._deploy_move(%L, 'healthy', now())$$, gen_random_uuid()),
  'P0002', 'No deployment has that id.', 'a deployment that does not exist cannot move');

-- Another deployment of the same target while the first rollback is pending.
update vigil.deployments set status = 'healthy', healthy_at = now() where id = :'v1';
select tests.deploy(:'k', 'dpl_3', 'v3', now()) as v3 \gset
select throws_ok(format($$select vigil._enqueue_rollback(%L, %L, now(), 'test', 'again')$$, :'v3', :'v1'),
  'PT409', 'A rollback of this target is already pending.', 'one pending rollback per target');

select * from finish();
rollback;
