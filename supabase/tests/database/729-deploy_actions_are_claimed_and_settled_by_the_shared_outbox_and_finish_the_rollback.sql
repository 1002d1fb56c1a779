-- The rollback outbox runs on the alert outbox's machinery: claimed with a lease and a token, a
-- provider still at work is asked again without using an attempt, done marks the deployment rolled
-- back and the restored one live, a permanent error marks it rollback_failed, and a stale token
-- records nothing.
begin;
select plan(12);

select * from tests.make_tenant('actions') \gset t_
select tests.deploy_target(:'t_tenant_id') as web \gset
select tests.deploy_key(:'web') as k \gset
select tests.healthy_deploy(:'k', 'dpl_1', 'v1', now() - interval '1 day') as v1 \gset
select tests.deploy(:'k', 'dpl_2', 'v2', now() - interval '1 minute') as v2 \gset
select vigil._enqueue_rollback(:'v2', null, now() - interval '1 second', 'test', 'bad') as action \gset

select * from vigil.claim_deploy_actions(10, '1 minute', now()) \gset c_
select is(:'c_id'::bigint, :'action'::bigint, 'the rollback is claimed');
select is((:'c_to_deployment'::jsonb) ->> 'external_id', 'dpl_1', 'with the provider id of the deployment to restore');
select is((select count(*)::int from vigil.claim_deploy_actions(10, '1 minute', now())), 0, 'a claimed action is not claimed twice');

select is(vigil.record_deploy_action(:'c_id', :'c_claim_token', 'wait', 'rollback job in progress', 0, null, now()) ->> 'status', 'retrying',
  'the provider accepted: the action waits to ask about its job');
select results_eq(format($$select phase, attempts from vigil.deploy_actions where id = %s$$, :'action'),
  $$values ('poll'::text, 0)$$, 'it polls next, and waiting used no attempt');

select * from vigil.claim_deploy_actions(10, '1 minute', now() + interval '1 second') \gset c_
select is(vigil.record_deploy_action(:'c_id', gen_random_uuid(), 'delivered', null, null, null, now()) ->> 'recorded', 'false',
  'a result under a stale token is not recorded');
select is(vigil.record_deploy_action(:'c_id', :'c_claim_token', 'delivered', null, null, '{"jobStatus": "succeeded"}', now()) ->> 'status',
  'delivered', 'the job succeeded: the action is done');
select is(tests.deploy_status(:'v2'), 'rolled_back', 'the deployment is rolled back');
select results_eq(format($$select version, status, rollback_of, rollback_to from vigil.deployments where rollback_of is not null$$),
  format($$values ('v1'::text, 'healthy'::text, %L::uuid, %L::uuid)$$, :'v2', :'v1'), 'the restored deployment is live again, saying what it undid');
select is(vigil._live_deployment(:'web'), (select id from vigil.deployments where rollback_of = :'v2'), 'and it is the live one');

-- A second bad deploy whose rollback the provider refuses for good.
select tests.deploy(:'k', 'dpl_3', 'v3', now()) as v3 \gset
select vigil._enqueue_rollback(:'v3', :'v1', now(), 'test', 'bad again');
select * from vigil.claim_deploy_actions(10, '1 minute', now() + interval '2 seconds') \gset c_
select is(vigil.record_deploy_action(:'c_id', :'c_claim_token', 'permanent', 'HTTP 409: conflict', null, null, now()) ->> 'status',
  'dead', 'a permanent error kills the action at once');
select is(tests.deploy_status(:'v3'), 'rollback_failed', 'and the deployment is rollback_failed');

select * from finish();
rollback;
