-- vigil.ingest_usage: the per-minute budget counters. Written by the ingest path (security definer),
-- read and pruned by the service role and maintenance; API users have no business there.
begin;
select plan(17);

select * from tests.make_tenant('test-acme') \gset a_
select tests.create_user('test-stranger@example.com') as stranger \gset
select vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "hello"}]') is not null as ingested \gset
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

select tests.authenticate_as_anon();
select throws_ok($$select * from vigil.ingest_usage$$, '42501', 'permission denied for table ingest_usage', 'anon cannot read usage');
select throws_ok(format($$insert into vigil.ingest_usage (key_id, minute, events) values (%L, now(), -1000000)$$, :'key_id'),
  '42501', 'permission denied for table ingest_usage', 'anon cannot insert usage (to buy itself budget)');
select throws_ok($$update vigil.ingest_usage set events = 0$$, '42501', 'permission denied for table ingest_usage', 'anon cannot reset usage');
select throws_ok($$delete from vigil.ingest_usage$$, '42501', 'permission denied for table ingest_usage', 'anon cannot delete usage');

select tests.authenticate_as(:'a_admin_id');
select throws_ok($$select * from vigil.ingest_usage$$, '42501', 'permission denied for table ingest_usage', 'even an admin cannot read usage directly');
select throws_ok(format($$insert into vigil.ingest_usage (key_id, minute, events) values (%L, now(), -1000000)$$, :'key_id'),
  '42501', 'permission denied for table ingest_usage', 'even an admin cannot insert usage');
select throws_ok($$update vigil.ingest_usage set events = 0$$, '42501', 'permission denied for table ingest_usage', 'even an admin cannot reset usage');
select throws_ok($$delete from vigil.ingest_usage$$, '42501', 'permission denied for table ingest_usage', 'even an admin cannot delete usage');
select tests.authenticate_as(:'a_viewer_id');
select throws_ok($$select * from vigil.ingest_usage$$, '42501', 'permission denied for table ingest_usage', 'a viewer cannot read usage');
select tests.authenticate_as(:'stranger');
select throws_ok($$select * from vigil.ingest_usage$$, '42501', 'permission denied for table ingest_usage', 'a non-member cannot read usage');

select tests.authenticate_as_service_role();
select results_eq(format('select events from vigil.ingest_usage where key_id = %L', :'key_id'), $$values (1)$$, 'the service role reads the count the ingest left');
select lives_ok(format('update vigil.ingest_usage set events = 5 where key_id = %L', :'key_id'), 'the service role updates usage');
select results_eq(format('select events from vigil.ingest_usage where key_id = %L', :'key_id'), $$values (5)$$, 'the update by the service role is stored');
select lives_ok(format($$insert into vigil.ingest_usage select k.tenant_id, k.id, date_trunc('minute', now()) - interval '1 hour', 3 from vigil.ingest_keys k where k.id = %L$$, :'key_id'),
  'the service role inserts usage');
select lives_ok(format($$delete from vigil.ingest_usage where key_id = %L and minute < date_trunc('minute', now())$$, :'key_id'), 'the service role prunes old usage');
select is((select count(*)::integer from vigil.ingest_usage where key_id = :'key_id'), 1, 'only the current minute remains');

select tests.clear_authentication();
select is((select events from vigil.ingest_usage where key_id = :'key_id'), 5, 'usage is as the service role left it');

select * from finish();
rollback;
