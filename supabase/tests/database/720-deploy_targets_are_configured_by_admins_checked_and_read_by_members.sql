-- Deploy targets: admins configure them, members read them, nobody else sees them; provider ids,
-- secret names and every URL are checked however the row is written.
begin;
select plan(14);

select * from tests.make_tenant('targets') \gset t_
select tests.create_user('targets-stranger@example.com') as stranger \gset

select tests.authenticate_as(:'t_admin_id');
select lives_ok(format($$select vigil_api.create_deploy_target(%L, 'web', 'vercel', '{"project_id": "prj_1", "team_id": "team_1"}',
  '{"secret_name": "VIGIL_VERCEL_TOKEN", "auto_rollback": true}')$$, :'t_tenant_id'), 'an admin creates a Vercel target');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 'v2', 'vercel', '{}', '{"secret_name": "VIGIL_X"}')$$, :'t_tenant_id'),
  '22023', 'config.project_id is required for a Vercel target (the prj_... id).', 'a Vercel target needs its project id');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 'n', 'netlify', '{"site_id": "s"}')$$, :'t_tenant_id'),
  '22023', 'secret_name is required for a netlify target: the name of the secret holding its token.', 'a provider target needs a secret name');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 'h', 'webhook', '{"url": "https://169.254.169.254/latest"}', '{"secret_name": "VIGIL_HOOK"}')$$, :'t_tenant_id'),
  '22023', null, 'a webhook URL reaching inside is refused by the outbound guard');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 's', 'none', '{}', '{"smoke_checks": [{"name": "meta", "url": "http://10.0.0.1/health"}]}')$$, :'t_tenant_id'),
  '22023', null, 'a smoke check URL reaching inside is refused by the outbound guard');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 's', 'none', '{}', '{"secret_name": "token"}')$$, :'t_tenant_id'),
  '22023', null, 'a secret name must name a VIGIL_ secret, never hold a token');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 's', 'none', '{}', '{"colour": "red"}')$$, :'t_tenant_id'),
  '22023', 'options: unknown field colour.', 'an unknown option is refused by name');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 's', 'heroku')$$, :'t_tenant_id'),
  '22023', 'provider must be one of vercel, netlify, webhook, none.', 'an unknown provider is refused');

select tests.authenticate_as(:'t_operator_id');
select throws_ok(format($$select vigil_api.create_deploy_target(%L, 'op', 'none')$$, :'t_tenant_id'),
  '42501', 'You must be an admin of this tenant to do this.', 'an operator cannot create a target');

select tests.authenticate_as(:'t_viewer_id');
select is((select count(*)::int from vigil_api.list_deploy_targets(:'t_tenant_id')), 1, 'a viewer lists the targets');
select is((select secret_name from vigil_api.list_deploy_targets(:'t_tenant_id')), 'VIGIL_VERCEL_TOKEN', 'a target shows the name of its secret, never a token');
select is_empty($$update vigil.deploy_targets set auto_rollback = false returning 1$$, 'a viewer cannot change a target');

select tests.authenticate_as(:'stranger');
select throws_ok(format($$select * from vigil_api.list_deploy_targets(%L)$$, :'t_tenant_id'),
  '42501', 'You must be a viewer of this tenant to do this.', 'a non-member cannot list the targets');

select tests.authenticate_as_anon();
select throws_ok(format($$select * from vigil_api.list_deploy_targets(%L)$$, :'t_tenant_id'),
  '42501', null, 'anon cannot list targets');
select tests.clear_authentication();

select * from finish();
rollback;
