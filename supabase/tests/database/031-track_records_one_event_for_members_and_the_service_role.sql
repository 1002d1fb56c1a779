-- vigil_api.track: one event without a key, for the service role and any member of the tenant;
-- anon and non-members are refused.
begin;
select plan(13);

select * from tests.make_two_tenants() \gset

select * from tests.refused_below('viewer', format($$select vigil_api.track(%L, 'log', 'x')$$, :'a_tenant_id'), 'track');

select tests.authenticate_as(:'a_viewer_id');
select lives_ok(format($$select vigil_api.track(%L, 'user_action', 'by viewer')$$, :'a_tenant_id'), 'a viewer tracks an event');
select tests.authenticate_as(:'a_operator_id');
select lives_ok(format($$select vigil_api.track(%L, 'operation', 'by operator', 182.5, false)$$, :'a_tenant_id'), 'an operator tracks an event');
select tests.authenticate_as(:'a_admin_id');
select lives_ok(format($$select vigil_api.track(%L, 'log', 'by admin', p_attributes => '{"level": "info"}')$$, :'a_tenant_id'), 'an admin tracks an event');
select tests.authenticate_as_service_role();
select lives_ok(format($$select vigil_api.track(%L, 'api_call', 'by service', 12, true, null, '{"status_code": 201, "occurred_at": "%s"}')$$,
    :'a_tenant_id', to_char((now() - interval '1 minute') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
  'the service role tracks an event with more fields in p_event');
select lives_ok(format($$select vigil_api.track(%L, 'operation', 'named', p_event => '{"name": "overridden", "kind": "log"}')$$, :'a_tenant_id'),
  'the explicit kind and name win over those in p_event');
select throws_ok($$select vigil_api.track(gen_random_uuid(), 'log', 'x')$$, 'P0002', 'No tenant has that id.', 'the service role cannot track into a tenant that does not exist');
select throws_ok($$select vigil_api.track(null, 'log', 'x')$$, '22023', 'A tenant id is required.', 'a tenant id is required');

select tests.clear_authentication();
select results_eq(format($$select kind collate "default", name collate "default", duration_ms, success, status_code::integer, attributes from vigil.events where tenant_id = %L order by id$$, :'a_tenant_id'),
  $$values ('user_action', 'by viewer', null::double precision, true, null::integer, '{}'::jsonb),
           ('operation', 'by operator', 182.5, false, null, '{}'),
           ('log', 'by admin', null, true, null, '{"level": "info"}'),
           ('api_call', 'by service', 12, true, 201, '{}'),
           ('operation', 'named', null, true, null, '{}')$$,
  'each tracked event is stored with its fields');
select is((select occurred_at from vigil.events where tenant_id = :'a_tenant_id' and name = 'by service'), now() - interval '1 minute', 'occurred_at from p_event is kept');
select is_empty(format($$select 1 from vigil.events where tenant_id = %L$$, :'b_tenant_id'), 'nothing was tracked into the other tenant');

select * from finish();
rollback;
