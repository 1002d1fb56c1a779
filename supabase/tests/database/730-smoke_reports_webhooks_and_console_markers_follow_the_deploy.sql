-- Smoke results move a reported deployment on or fail it; a provider webhook id counts once; the
-- console's card and markers show the deploy log.
begin;
select plan(13);

select * from tests.make_tenant('smoke') \gset t_
select tests.deploy_target(:'t_tenant_id', 'web', '{"smoke_checks": [{"name": "home", "path": "/"}]}') as web \gset
select tests.deploy_key(:'web') as k \gset

select tests.authenticate_as_anon();
select is(vigil_api.report_deployment(:'k', '{"id": "dpl_1", "version": "v1"}') ->> 'status', 'ready', 'a target with smoke checks waits for them');
select is(vigil_api.deploy_smoke_checks(:'k') -> 'checks', '[{"name": "home", "path": "/"}]', 'CI reads the checks with its deploy key');
select is(vigil_api.report_smoke(:'k', 'dpl_1', '{"passed": true, "checks": [{"name": "home", "passed": true}]}') ->> 'status', 'watching',
  'passing smoke checks start the watch');
select is(vigil_api.report_deployment(:'k', '{"id": "dpl_2", "version": "v2"}') ->> 'status', 'ready', 'the next deploy is ready');
select is(vigil_api.report_smoke(:'k', 'dpl_2', '{"passed": false, "checks": [{"name": "home", "passed": false, "detail": "HTTP 500"}]}') ->> 'status',
  'smoke_failed', 'a failing smoke check fails it');
select throws_ok(format($$select vigil_api.report_smoke(%L, 'dpl_9', '{"passed": true}')$$, :'k'),
  'PT404', 'This target has no deployment with that id: report it first.', 'smoke results of an unknown deployment are refused');
select throws_ok(format($$select vigil_api.report_smoke(%L, 'dpl_2', '{"ok": true}')$$, :'k'),
  '22023', 'results must be an object with passed (true or false) and checks.', 'malformed results are refused');
select tests.clear_authentication();

select is(vigil.record_deploy_webhook(:'web', 'hook-1', 'deployment.created', '{"id": "dpl_3", "commit": "c3"}', now() + interval '1 second') ->> 'status', 'building',
  'a verified webhook records the deployment');
select is(vigil.record_deploy_webhook(:'web', 'hook-1', 'deployment.error', '{"id": "dpl_3"}'), '{"duplicate": true}',
  'a repeated webhook id changes nothing');

select is(vigil.dashboard_card_last_deploy(:'t_tenant_id', now() - interval '1 hour', now() + interval '1 minute') - 'at',
  '{"name": "last_deploy", "title": "Last deploy", "value": "c3", "unit": null, "status": "warn", "detail": "c3 on web: building"}',
  'the card shows the newest deployment');
select is((select array_agg(label order by at, label) from vigil.dashboard_markers_deployments(:'t_tenant_id', now() - interval '1 hour', now() + interval '1 minute')),
  '{"web v1: ready","web v2: ready","web v2: smoke failed"}', 'the markers show deploys going live and failing');

select matches(vigil.schedule_deploy_run('https://project.supabase.co/functions/v1/deploy/run'),
  '^(pg_cron|pg_net) is not installed: .*call deploy .*external scheduler\.$', 'without pg_cron or pg_net, scheduling the deploy function explains what to do instead');
select throws_ok($$select vigil.schedule_deploy_run('http://example.com/deploy/run')$$,
  '22023', 'url must be the https URL of the deploy function.', 'the function URL must be https');

select * from finish();
rollback;
