-- If maintenance has not run (pg_cron absent, or stopped), a day of the ingest window may have no
-- partition. Ingest then creates it, with RLS on, rather than fail the batch.
-- requires: a cluster of its own (it drops and creates partitions, which locks vigil.events against every open writer)
begin;
select plan(8);

select * from tests.make_tenant('test-acme') \gset a_
select vigil._partition_name((now() at time zone 'UTC')::date) as today_part \gset
select vigil._partition_name((now() at time zone 'UTC' - interval '3 days')::date) as old_part \gset
select format('drop table vigil.%I, vigil.%I', :'today_part', :'old_part') as drop_them \gset
:drop_them;
select is_empty(format('select 1 from pg_class where relnamespace = %L::regnamespace and relname in (%L, %L)', 'vigil', :'today_part', :'old_part'),
  'today''s partition and the one of three days ago are gone');

select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'log', 'name', 'now'),
    jsonb_build_object('kind', 'log', 'name', 'three days ago', 'occurred_at', now() - interval '3 days'))),
  '{"accepted": 2, "rejected": []}'::jsonb, 'anon''s batch for the missing days is accepted');
select tests.clear_authentication();
select set_eq(format('select tableoid::regclass::text as part from vigil.events where tenant_id = %L', :'a_tenant_id'), array['vigil.' || :'today_part', 'vigil.' || :'old_part'],
  'the events are in the recreated partitions');
select ok((select relrowsecurity from pg_class where oid = ('vigil.' || :'today_part')::regclass), 'the recreated partition has RLS enabled');
select ok(exists (select 1 from pg_policy where polrelid = ('vigil.' || :'today_part')::regclass and polname = 'partition_only_through_events'),
  'the recreated partition has the deny-all policy');
select is((select pg_get_userbyid(relowner) from pg_class where oid = ('vigil.' || :'today_part')::regclass), 'postgres',
  'the recreated partition is owned by the migrations'' owner, not by the caller');
select is_empty(format($$select 1 from (values ('anon'), ('authenticated'), ('service_role')) r(rol)
    where has_table_privilege(r.rol, 'vigil.%I', 'select,insert,update,delete')$$, :'today_part'),
  'no API role holds a privilege on the recreated partition');

:drop_them;
select tests.authenticate_as(:'a_admin_id');
select lives_ok(format($$select vigil_api.track(%L, 'log', 'tracked')$$, :'a_tenant_id'), 'track recreates a missing partition too');
select tests.clear_authentication();
select * from finish();
rollback;
