-- Every field an event may carry lands in its own column, as sent, under the key's tenant.
begin;
select plan(2);

select * from tests.make_tenant('test-acme') \gset a_
select to_char((now() - interval '90 seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at \gset
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(jsonb_build_object(
    'kind', 'api_call', 'name', 'POST /api/orders', 'occurred_at', :'at', 'duration_ms', 182.5, 'value', 3, 'success', false,
    'status_code', 502, 'error_type', 'BadGateway', 'error_message', 'upstream closed', 'fingerprint', 'fp-1', 'user_id', 'u-7',
    'session_id', 's-9', 'trace_id', '4bf92f3577b34da6a3ce929d0e0e4736', 'release', '1.4.2', 'environment', 'production', 'source', 'web',
    'attributes', jsonb_build_object('region', 'eu', 'retry', 2)))),
  '{"accepted": 1, "rejected": []}'::jsonb, 'an event with every field is accepted');
select tests.clear_authentication();
select results_eq(format($$select tenant_id, kind collate "default", name collate "default", occurred_at, received_at, duration_ms, value, success,
    status_code::integer, error_type, error_message, fingerprint, user_id, session_id, trace_id, release, environment, source, attributes from vigil.events where tenant_id = %L$$, :'a_tenant_id'),
  format($$values (%L::uuid, 'api_call', 'POST /api/orders', %L::timestamptz, now(), 182.5::double precision, 3::double precision, false, 502,
    'BadGateway', 'upstream closed', 'fp-1', 'u-7', 's-9', '4bf92f3577b34da6a3ce929d0e0e4736', '1.4.2', 'production', 'web', '{"region": "eu", "retry": 2}'::jsonb)$$,
    :'a_tenant_id', :'at'),
  'each field is stored in its column, under the key''s tenant, received now');
select * from finish();
rollback;
