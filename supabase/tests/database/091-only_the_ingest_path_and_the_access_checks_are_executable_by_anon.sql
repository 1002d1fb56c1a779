-- What anon may execute in vigil, exactly. vigil is not exposed through PostgREST, so anon reaches
-- these only from inside vigil_api.ingest; the list is still kept minimal and reviewed here:
--   vigil._ingest              security definer: the ingest path. It trusts nothing but the key: it
--                              hashes it, looks it up, and enforces the caps and the budget itself.
--   vigil.has_role             security definer so RLS policies on members do not recurse. It only
--                              answers a question about the caller (for anon: always false, proven below).
--   vigil._caller_is_trusted   security invoker; read by has_role. False for anon.
--   vigil.require_role         security invoker; raises 42501 unless has_role says yes.
--   vigil._role_with_article   immutable text helper for require_role's sentence.
--   vigil._report_deployment, vigil._report_smoke, vigil._deploy_smoke_checks
--                              security definer: the deploy reports from CI (vigil_api.report_deployment,
--                              report_smoke, deploy_smoke_checks). Like _ingest they trust nothing but a
--                              deploy key: hashed, looked up in deploy_keys only, budgeted (PT401/PT429).
--   vigil._ping                security definer: a heartbeat's ping. It trusts nothing but the token,
--                              looked up by its hash; an unknown token records nothing (PT404).
--   vigil._status_page         security definer: a public status page by slug. It reads only a page
--                              marked public and what it lists, and returns public fields only (test 774).
-- Any change to these lists is a change to the security model and must be justified here.
begin;
select plan(5);

select set_eq($$select p.oid::regprocedure::text from pg_proc p
    where p.pronamespace in ('vigil'::regnamespace, 'vigil_api'::regnamespace) and has_function_privilege('anon', p.oid, 'execute')$$,
  array['vigil._ingest(text,jsonb)', 'vigil.has_role(uuid,vigil.member_role)', 'vigil._caller_is_trusted()',
        'vigil.require_role(uuid,vigil.member_role)', 'vigil._role_with_article(vigil.member_role)',
        'vigil_api.ingest(text,jsonb)',
        'vigil._report_deployment(text,jsonb,timestamp with time zone)', 'vigil._report_smoke(text,text,jsonb,timestamp with time zone)',
        'vigil._deploy_smoke_checks(text)', 'vigil_api.report_deployment(text,jsonb)', 'vigil_api.report_smoke(text,text,jsonb)',
        'vigil_api.deploy_smoke_checks(text)',
        'vigil._ping(text,text,text,timestamp with time zone)', 'vigil._status_page(text,timestamp with time zone)',
        'vigil_api.ping(text,text,text)', 'vigil_api.status_page(text)'],
  'anon may execute ingest, the deploy reports, ping and status_page, the checked paths behind them and the access checks, nothing else');
select set_eq($$select p.oid::regprocedure::text from pg_proc p
    where p.pronamespace in ('vigil'::regnamespace, 'vigil_api'::regnamespace) and p.prosecdef and has_function_privilege('anon', p.oid, 'execute')$$,
  array['vigil._ingest(text,jsonb)', 'vigil.has_role(uuid,vigil.member_role)',
        'vigil._report_deployment(text,jsonb,timestamp with time zone)', 'vigil._report_smoke(text,text,jsonb,timestamp with time zone)',
        'vigil._deploy_smoke_checks(text)',
        'vigil._ping(text,text,text,timestamp with time zone)', 'vigil._status_page(text,timestamp with time zone)'],
  'the only security definer functions anon may execute are the key- and token-checked paths, the public status page and vigil.has_role');

select * from tests.make_tenant('test-acme') \gset a_
select tests.authenticate_as_anon();
select is(vigil.has_role(:'a_tenant_id', 'viewer'), false, 'has_role tells anon it holds no role in a tenant');
select is(vigil._caller_is_trusted(), false, 'anon is not a trusted caller');
select throws_ok(format('select vigil.require_role(%L)', :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'require_role refuses anon');
select tests.clear_authentication();

select * from finish();
rollback;
