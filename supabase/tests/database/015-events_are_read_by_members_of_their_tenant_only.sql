-- vigil.events: every member (viewer and up) reads its own tenant's events and no other's; nobody
-- writes them directly but the service role (everyone else goes through ingest or track).
begin;
select plan(20);

select * from tests.make_two_tenants() \gset
select vigil_api.ingest(:'a_ingest_key', '[{"kind": "log", "name": "acme 1"}, {"kind": "log", "name": "acme 2"}]') is not null as ok \gset
select vigil_api.ingest(:'b_ingest_key', '[{"kind": "log", "name": "other 1"}]') is not null as ok \gset

select array['select * from vigil.events',
             format($$insert into vigil.events (tenant_id, kind, name, occurred_at) values (%L, 'log', 'x', now())$$, :'a_tenant_id'),
             $$update vigil.events set name = 'x'$$, 'delete from vigil.events'] as events_sql \gset
select tests.authenticate_as_anon();
select tests.denied('events', 'anon', :'events_sql', '{read events, insert an event directly, update events, delete events}');

select tests.authenticate_as(:'a_viewer_id');
select set_eq($$select name from vigil.events$$, array['acme 1', 'acme 2'], 'a viewer reads its own tenant''s events and no other''s');
select tests.authenticate_as(:'a_operator_id');
select set_eq($$select name from vigil.events$$, array['acme 1', 'acme 2'], 'an operator reads its own tenant''s events and no other''s');
select tests.authenticate_as(:'a_admin_id');
select set_eq($$select name from vigil.events$$, array['acme 1', 'acme 2'], 'an admin reads its own tenant''s events and no other''s');
select is_empty(format($$select * from vigil.events where tenant_id = %L$$, :'b_tenant_id'), 'asking for another tenant by id returns nothing');
select tests.denied('events', 'even an admin', (:'events_sql'::text[])[2:4], '{insert an event directly, rewrite events, delete events}');

select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil.events$$, 'a signed-in non-member reads no event');

select tests.authenticate_as_service_role();
select set_eq(format('select name from vigil.events where tenant_id in (%L, %L)', :'a_tenant_id', :'b_tenant_id'), array['acme 1', 'acme 2', 'other 1'], 'the service role reads every tenant''s events');
select lives_ok(format($$insert into vigil.events (tenant_id, kind, name, occurred_at) values (%L, 'log', 'direct', now())$$, :'a_tenant_id'),
  'the service role inserts an event');
select lives_ok($$update vigil.events set value = 42 where name = 'direct'$$, 'the service role updates an event');
select results_eq($$select value from vigil.events where name = 'direct'$$, $$values (42::double precision)$$, 'the update by the service role is stored');
select lives_ok($$delete from vigil.events where name = 'direct'$$, 'the service role deletes an event');
select is_empty($$select * from vigil.events where name = 'direct'$$, 'the deleted event is gone');

select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id in (:'a_tenant_id', :'b_tenant_id')), 3, 'the three ingested events remain');
select tests.authenticate_as(:'b_admin_id');
select set_eq($$select name from vigil.events$$, array['other 1'], 'the other tenant''s admin reads only its own event');

select tests.clear_authentication();
select * from finish();
rollback;
