-- CI reports with a deploy key: the same report twice is one row, a key reports only for its own
-- target, bad reports are refused by field, and the key's budget refuses with PT429.
begin;
select plan(13);

select * from tests.make_tenant('reports') \gset t_
select * from tests.make_tenant('reports-other') \gset o_
select tests.deploy_target(:'t_tenant_id', 'web') as web \gset
select tests.deploy_target(:'t_tenant_id', 'api') as api \gset
select tests.deploy_target(:'o_tenant_id', 'web') as other \gset
select tests.deploy_key(:'web') as web_key \gset
select tests.deploy_key(:'other') as other_key \gset

select tests.authenticate_as_anon();
select is(vigil_api.report_deployment(:'web_key', '{"id": "dpl_1", "status": "building", "version": "v1", "commit": "abc", "ref": "main", "actor": "ci"}') ->> 'created',
  'true', 'a first report creates the deployment');
select is(vigil_api.report_deployment(:'web_key', '{"id": "dpl_1", "status": "building", "version": "v1", "commit": "abc", "ref": "main", "actor": "ci"}') ->> 'created',
  'false', 'the same report again is the same row');
select is(vigil_api.report_deployment(:'web_key', '{"id": "dpl_1", "status": "ready", "url": "https://web-1.example.com"}') ->> 'status',
  'watching', 'ready moves it on (watched at once: the target has no smoke checks)');
select is(vigil_api.report_deployment(:'web_key', '{"id": "dpl_1", "status": "ready"}') ->> 'status',
  'watching', 'a repeated ready changes nothing');
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_1", "status": "build_failed"}')$$, :'web_key'),
  'PT409', 'A deployment that is watching cannot become build failed.', 'a report that would go backwards is refused');
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"status": "ready"}')$$, :'web_key'),
  '22023', 'id is required: the provider''s or CI''s deployment id, 1 to 200 characters.', 'the id is required');
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "x", "sha": "abc"}')$$, :'web_key'),
  '22023', 'unknown field sha.', 'an unknown field is refused by name');
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "x", "environment": "preview"}')$$, :'web_key'),
  '22023', 'This deploy key is for the production environment of target web, not preview.', 'a key reports only for its target''s environment');
select tests.clear_authentication();

select is((select count(*)::int from vigil.deployments where tenant_id = :'t_tenant_id'), 1, 'two reports of dpl_1 made one row');
select is((select target_id from vigil.deployments where tenant_id = :'t_tenant_id'), :'web'::uuid, 'the key decided the target');
select is((select count(*)::int from vigil.deployments where target_id = :'api'), 0, 'no other target of the tenant got it');

select tests.authenticate_as_anon();
select vigil_api.report_deployment(:'other_key', '{"id": "dpl_1"}');
select tests.clear_authentication();
select is((select count(*)::int from vigil.deployments where tenant_id = :'o_tenant_id'), 1,
  'the same id reported by another tenant''s key is that tenant''s own row');

update vigil.deploy_keys set reports_per_minute = 2 where target_id = :'web';
select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.report_deployment(%L, '{"id": "dpl_9"}')$$, :'web_key'),
  'PT429', 'This deploy key is over its budget of 2 reports per minute.', 'a key over its budget is refused with PT429');
select tests.clear_authentication();

select * from finish();
rollback;
