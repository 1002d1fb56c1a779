-- vigil.ensure_partitions creates exactly the missing day partitions and nothing else, so maintenance
-- may call it every minute. Only the service role (and the owner) may call it.
-- requires: a cluster of its own (it drops and creates partitions, which locks vigil.events against every open writer)
begin;
select plan(8);

select * from tests.make_tenant('test-acme') \gset a_
-- On a long-lived database maintenance may be behind: the first call fills whatever is missing.
select ok(vigil.ensure_partitions() >= 0, 'a first call fills any gap in the window');
select count(*)::integer as before from pg_inherits where inhparent = 'vigil.events'::regclass \gset
select is(vigil.ensure_partitions(), 0, 'called again it creates none');
select format('drop table vigil.%I', vigil._partition_name((now() at time zone 'UTC')::date + 3)) as drop_one \gset
:drop_one;
select is(vigil.ensure_partitions(), 1, 'with one day missing it creates exactly that one');
select is(vigil.ensure_partitions(), 0, 'and then none');
select is((select count(*)::integer from pg_inherits where inhparent = 'vigil.events'::regclass), :before, 'the partitions are as many as before');
select is(vigil._step_partitions(), '{"created": 0}'::jsonb, 'the maintenance step reports what it created');

select tests.authenticate_as_service_role();
select is(vigil.ensure_partitions((now() at time zone 'UTC')::date + 400, (now() at time zone 'UTC')::date + 401), 2, 'the service role creates partitions further ahead');
select tests.authenticate_as(:'a_admin_id');
select throws_ok($$select vigil.ensure_partitions()$$, '42501', 'permission denied for function ensure_partitions', 'a member cannot create partitions');
select tests.clear_authentication();
select * from finish();
rollback;
