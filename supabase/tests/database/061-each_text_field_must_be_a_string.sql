-- Rule: each optional text field, when given, is a JSON string.
begin;
select plan(10);

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil_api.ingest(:'a_ingest_key', jsonb_build_array(jsonb_build_object('kind', 'error', 'name', 'x', f, 42))),
    jsonb_build_object('accepted', 0, 'rejected', jsonb_build_array(jsonb_build_object('index', 0, 'reason', f || ' must be a string'))),
    format('a number as %s is rejected: %s must be a string', f, f))
  from unnest(array['error_type', 'error_message', 'fingerprint', 'user_id', 'session_id', 'trace_id', 'release', 'environment', 'source']) f;
select is(vigil_api.ingest(:'a_ingest_key', '[{"kind": "error", "name": "x", "error_type": null, "error_message": null, "fingerprint": null, "user_id": null,
    "session_id": null, "trace_id": null, "release": null, "environment": null, "source": null}]'),
  '{"accepted": 1, "rejected": []}'::jsonb, 'null in every text field is accepted');
select * from finish();
rollback;
