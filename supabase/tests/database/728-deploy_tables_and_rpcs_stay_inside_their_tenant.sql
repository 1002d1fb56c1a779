-- Tenant isolation of every deploy table and RPC: a member of one tenant sees and changes nothing of
-- another's, whatever the role; anon reads nothing at all.
begin;
select plan(17);

select * from tests.make_tenant('iso-a') \gset a_
select * from tests.make_tenant('iso-b') \gset b_
select tests.deploy_target(:'b_tenant_id') as b_web \gset
select tests.deploy_key(:'b_web') as b_key \gset
select tests.healthy_deploy(:'b_key', 'dpl_1', 'v1', now() - interval '1 day') as b_v1 \gset
select tests.deploy(:'b_key', 'dpl_2', 'v2', now() - interval '1 minute') as b_v2 \gset
select vigil._enqueue_rollback(:'b_v2', null, now(), 'test', 'test');
select vigil.record_deploy_webhook(:'b_web', 'hook-1', 'deployment.created', '{"id": "dpl_3"}');

select tests.authenticate_as(:'a_admin_id');
select is_empty($$select 1 from vigil.deploy_targets where tenant_id <> (select id from vigil.tenants where slug = 'iso-a')$$, 'targets of another tenant are invisible');
select is_empty($$select 1 from vigil.deploy_keys$$, 'deploy keys of another tenant are invisible');
select is_empty($$select 1 from vigil.deployments$$, 'deployments of another tenant are invisible');
select is_empty($$select 1 from vigil.deployment_history$$, 'history of another tenant is invisible');
select is_empty($$select 1 from vigil.deploy_actions$$, 'actions of another tenant are invisible');
select throws_ok($$select 1 from vigil.deploy_webhook_deliveries$$, '42501', null, 'webhook ids are for the service role alone');
select throws_ok($$select 1 from vigil.deploy_key_usage$$, '42501', null, 'key usage is for the service role alone');
select throws_ok(format($$select * from vigil_api.list_deployments(%L)$$, :'b_tenant_id'),
  '42501', 'You must be a viewer of this tenant to do this.', 'list_deployments of another tenant is refused');
select throws_ok(format($$select vigil_api.last_good_deployment(%L)$$, :'b_web'),
  '42501', 'You must be a viewer of the tenant that owns this deploy target.', 'last_good_deployment of another tenant''s target is refused');
select throws_ok(format($$select vigil_api.request_rollback(%L)$$, :'b_v2'),
  '42501', 'You must be an operator of the tenant that owns this deployment.', 'request_rollback of another tenant''s deployment is refused');
select throws_ok(format($$select * from vigil_api.deployment_impact(%L)$$, :'b_v2'),
  '42501', 'You must be a viewer of the tenant that owns this deployment.', 'deployment_impact of another tenant''s deployment is refused');
select throws_ok(format($$select vigil_api.create_deploy_key(%L)$$, :'b_web'),
  '42501', 'You must be an admin of the tenant that owns this deploy target.', 'a deploy key for another tenant''s target is refused');
select throws_ok(format($$select vigil_api.delete_deploy_target(%L)$$, :'b_web'),
  '42501', 'You must be an admin of the tenant that owns this deploy target.', 'deleting another tenant''s target is refused');
select throws_ok(format($$select * from vigil_api.list_deploy_keys(%L)$$, :'b_tenant_id'),
  '42501', 'You must be an admin of this tenant to do this.', 'list_deploy_keys of another tenant is refused');
select throws_ok(format($$insert into vigil.deploy_targets (tenant_id, name, provider) values (%L, 'x', 'none')$$, :'b_tenant_id'),
  '42501', null, 'an admin cannot insert a target into another tenant');
select throws_ok(format($$select vigil.claim_deploy_actions()$$), '42501', null, 'only the service role claims deploy actions');

select tests.authenticate_as_anon();
select throws_ok($$select 1 from vigil.deployments$$, '42501', null, 'anon reads no deployment');
select tests.clear_authentication();

select * from finish();
rollback;
