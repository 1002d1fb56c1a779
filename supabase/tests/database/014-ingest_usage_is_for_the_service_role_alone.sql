-- vigil.ingest_usage: the per-minute budget counters. Written by the ingest path (security definer),
-- read and pruned by the service role and maintenance; API users have no business there.
begin;
select plan(17);

select * from tests.make_tenant('test-acme') \gset a_
select tests.create_user('test-stranger@example.com') as stranger \gset
select vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "hello"}]') is not null as ingested \gset
select id as key_id from vigil.ingest_keys where tenant_id = :'a_tenant_id' \gset

-- Every direct read and write, as anon and as an admin; a viewer and a non-member cannot even read.
select array['select * from vigil.ingest_usage', format($$insert into vigil.ingest_usage (key_id, minute, events) values (%L, now(), -1000000)$$, :'key_id'),
             'update vigil.ingest_usage set events = 0', 'delete from vigil.ingest_usage'] as usage_sql \gset
select '{read usage, insert usage (to buy itself budget), reset usage, delete usage}' as usage_what \gset

select tests.authenticate_as_anon();
select tests.denied('ingest_usage', 'anon', :'usage_sql', :'usage_what');
select tests.authenticate_as(:'a_admin_id');
select tests.denied('ingest_usage', 'even an admin', :'usage_sql', :'usage_what');
select tests.authenticate_as(:'a_viewer_id');
select tests.denied('ingest_usage', 'a viewer', (:'usage_sql'::text[])[1:1], :'usage_what');
select tests.authenticate_as(:'stranger');
select tests.denied('ingest_usage', 'a non-member', (:'usage_sql'::text[])[1:1], :'usage_what');

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
