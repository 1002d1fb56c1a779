-- The day partitions of vigil.events are storage, not an interface: no API role, not even the service
-- role, holds a privilege on one, so every read goes through vigil.events and its policies. (The
-- service role's "everything" is everything through vigil.events; a partition inherits no grant.)
begin;
select plan(19);

select * from tests.make_tenant('test-acme') \gset a_
select tests.create_user('test-stranger@example.com') as stranger \gset
select vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "in today''s partition"}]') is not null as ok \gset
select vigil._partition_name((now() at time zone 'UTC')::date) as part \gset

select ok((select relrowsecurity from pg_class where oid = ('vigil.' || :'part')::regclass), 'RLS is enabled on today''s partition');
select results_eq(format($$select name collate "default" from vigil.%I where tenant_id = %L$$, :'part', :'a_tenant_id'), $$values ('in today''s partition')$$, 'the event is stored in today''s partition');

select tests.authenticate_as_anon();
select throws_ok(format($$select * from vigil.%I$$, :'part'), '42501', format('permission denied for table %s', :'part'), 'anon cannot read a partition');
select throws_ok(format($$insert into vigil.%I (tenant_id, kind, name, occurred_at) values (%L, 'log', 'x', now())$$, :'part', :'a_tenant_id'),
  '42501', format('permission denied for table %s', :'part'), 'anon cannot insert into a partition');
select throws_ok(format($$update vigil.%I set name = 'x'$$, :'part'), '42501', format('permission denied for table %s', :'part'), 'anon cannot update a partition');
select throws_ok(format($$delete from vigil.%I$$, :'part'), '42501', format('permission denied for table %s', :'part'), 'anon cannot delete from a partition');

select tests.authenticate_as(:'a_admin_id');
select throws_ok(format($$select * from vigil.%I$$, :'part'), '42501', format('permission denied for table %s', :'part'), 'a member cannot read a partition directly');
select throws_ok(format($$insert into vigil.%I (tenant_id, kind, name, occurred_at) values (%L, 'log', 'x', now())$$, :'part', :'a_tenant_id'),
  '42501', format('permission denied for table %s', :'part'), 'a member cannot insert into a partition');
select throws_ok(format($$delete from vigil.%I$$, :'part'), '42501', format('permission denied for table %s', :'part'), 'a member cannot delete from a partition');
select results_eq($$select name collate "default" from vigil.events$$, $$values ('in today''s partition')$$, 'a member reads the partition''s rows through vigil.events');
select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil.events$$, 'a non-member reads none of the partition''s rows through vigil.events');

select tests.authenticate_as_service_role();
select throws_ok(format($$select * from vigil.%I$$, :'part'), '42501', format('permission denied for table %s', :'part'), 'the service role cannot read a partition directly either');
select throws_ok(format($$insert into vigil.%I (tenant_id, kind, name, occurred_at) values (%L, 'log', 'x', now())$$, :'part', :'a_tenant_id'),
  '42501', format('permission denied for table %s', :'part'), 'the service role cannot insert into a partition directly');
select throws_ok(format($$drop table vigil.%I$$, :'part'), '42501', format('must be owner of table %s', :'part'), 'the service role cannot drop a partition');
select results_eq(format($$select name collate "default" from vigil.events where tenant_id = %L$$, :'a_tenant_id'), $$values ('in today''s partition')$$, 'the service role reads the partition''s rows through vigil.events');

select tests.clear_authentication();
select is_empty($$
  select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
  cross join (values ('anon'), ('authenticated'), ('service_role')) r(rol)
  where i.inhparent = 'vigil.events'::regclass
    and has_table_privilege(r.rol, c.oid, 'select,insert,update,delete,truncate,references,trigger')
$$, 'no API role holds any privilege on any partition');

-- Even a grant added by mistake opens nothing: each partition's own policy denies direct access.
select format('grant select, delete on vigil.%I to authenticated', :'part') as grant_it \gset
:grant_it;
select tests.authenticate_as(:'a_admin_id');
select is_empty(format($$select * from vigil.%I$$, :'part'), 'with a stray grant, a member still reads nothing from the partition directly');
select lives_ok(format($$delete from vigil.%I$$, :'part'), 'with a stray grant, a member''s direct delete runs');
select tests.clear_authentication();
select results_eq(format($$select count(*)::integer from vigil.%I where tenant_id = %L$$, :'part', :'a_tenant_id'), 'values (1)', 'and deletes nothing');

select * from finish();
rollback;
