-- vigil_api.list_ingest_keys: admins and the service role list a tenant's keys by prefix; the key and
-- its hash are not among the columns; nobody else may list them.
begin;
select plan(10);

select * from tests.make_two_tenants() \gset

select * from tests.refused_below('admin', format($$select * from vigil_api.list_ingest_keys(%L)$$, :'a_tenant_id'), 'list keys');

select tests.authenticate_as(:'a_admin_id');
select results_eq(format($$select name, key_prefix from vigil_api.list_ingest_keys(%L)$$, :'a_tenant_id'),
  format($$values ('default', %L)$$, left(:'a_ingest_key', 11)), 'an admin lists its tenant''s key by name and prefix');
select throws_ok(format($$select * from vigil_api.list_ingest_keys(%L)$$, :'b_tenant_id'), '42501', 'You must be an admin of this tenant to do this.', 'an admin cannot list another tenant''s keys');
select is_empty(format($$select 1 from vigil_api.list_ingest_keys(%L) l where strpos(to_jsonb(l)::text, %L) > 0$$, :'a_tenant_id', :'a_ingest_key'),
  'the listing holds no key');

select tests.authenticate_as_service_role();
select is((select count(*)::integer from vigil_api.list_ingest_keys(:'b_tenant_id')), 1, 'the service role lists any tenant''s keys');

select tests.clear_authentication();
select is_empty($$
  select a.attname from pg_proc p cross join unnest(p.proargnames) a(attname)
  where p.oid = 'vigil_api.list_ingest_keys(uuid)'::regprocedure and (a.attname like '%hash%' or a.attname = 'key')
$$, 'list_ingest_keys has no key or hash column');

select * from finish();
rollback;
