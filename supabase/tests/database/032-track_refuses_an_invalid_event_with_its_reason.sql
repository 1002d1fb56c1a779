-- vigil_api.track validates its event with the same rules as ingest and raises 22023 naming the reason,
-- storing nothing.
begin;
select plan(6);

select * from tests.make_tenant('test-acme') \gset a_

select tests.authenticate_as(:'a_operator_id');
select throws_ok(format($$select vigil_api.track(%L, 'operation', '')$$, :'a_tenant_id'), '22023', 'Invalid event: name must be 1 to 200 characters.', 'an empty name is refused with its reason');
select throws_ok(format($$select vigil_api.track(%L, 'metric', 'x')$$, :'a_tenant_id'), '22023',
  'Invalid event: kind must be one of operation, api_call, page_view, error, user_action, web_vital, milestone, cache, fallback, log, db_metric, custom.',
  'an unknown kind is refused with its reason');
select throws_ok(format($$select vigil_api.track(%L, 'operation', 'x', -1)$$, :'a_tenant_id'), '22023', 'Invalid event: duration_ms must be between 0 and 86400000.', 'a negative duration is refused with its reason');
select throws_ok(format($$select vigil_api.track(%L, 'operation', 'x', p_event => '{"tenant_id": "someone else"}')$$, :'a_tenant_id'), '22023',
  'Invalid event: unknown field tenant_id.', 'an unknown field in p_event is refused with its reason');
select throws_ok(format($$select vigil_api.track(%L, 'operation', 'x', p_attributes => '[1, 2]')$$, :'a_tenant_id'), '22023',
  'Invalid event: attributes must be a JSON object.', 'attributes that are not an object are refused with their reason');

select tests.clear_authentication();
select is((select count(*)::integer from vigil.events where tenant_id = :'a_tenant_id'), 0, 'no invalid event was stored');

select * from finish();
rollback;
