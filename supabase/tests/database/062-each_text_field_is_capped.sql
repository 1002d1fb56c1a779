-- Rule: each optional text field has a cap in characters: error_message 4000; error_type, fingerprint,
-- user_id, session_id and release 200; trace_id (a W3C trace id is 32 hex), environment and source 64.
begin;
select plan(11);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'error', 'name', 'x', f, repeat('x', cap + 1)))),
    jsonb_build_object('accepted', 0, 'rejected', jsonb_build_array(jsonb_build_object('index', 0, 'reason', format('%s must be at most %s characters', f, cap)))),
    format('%s of %s characters is rejected: %s must be at most %s characters', f, cap + 1, f, cap))
  from (values ('error_type', 200), ('error_message', 4000), ('fingerprint', 200), ('user_id', 200), ('session_id', 200),
               ('trace_id', 64), ('release', 200), ('environment', 64), ('source', 64)) c(f, cap);
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array((select jsonb_object_agg(f, repeat('é', cap)) || '{"kind": "error", "name": "at the caps"}'
    from (values ('error_type', 200), ('error_message', 4000), ('fingerprint', 200), ('user_id', 200), ('session_id', 200),
                 ('trace_id', 64), ('release', 200), ('environment', 64), ('source', 64)) c(f, cap)))),
  '{"accepted": 1, "rejected": []}'::jsonb, 'every text field at its cap is accepted, the cap counting characters not bytes');
select tests.clear_authentication();
select results_eq(format($$select length(error_type), length(error_message), length(fingerprint), length(user_id), length(session_id),
    length(trace_id), length(release), length(environment), length(source) from vigil.events where tenant_id = %L$$, :'a_tenant_id'),
  $$values (200, 4000, 200, 200, 200, 64, 200, 64, 64)$$, 'the fields at their caps are stored whole');
select * from finish();
rollback;
