-- Every statistics RPC checks access first: anon cannot execute them, a signed-in user who is not a
-- member and a member of another tenant are refused with 42501; the rollups, SLOs and error group
-- states are isolated per tenant by RLS; the service role reaches everything.
begin;
select plan(52);

select * from tests.make_tenant('access-a') \gset a_
select * from tests.make_tenant('access-b') \gset b_
select tests.create_user('access-stranger@example.com') as stranger \gset

insert into vigil.rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
values (:'a_tenant_id', 60, date_trunc('hour', now()), 'operation', 'a-op', 1, 0, 0, 0, '{}', '{}'),
       (:'b_tenant_id', 60, date_trunc('hour', now()), 'operation', 'b-op', 1, 0, 0, 0, '{}', '{}');
insert into vigil.slos (tenant_id, name, objective) values (:'a_tenant_id', 'a-op', 0.9), (:'b_tenant_id', 'b-op', 0.9);
insert into vigil.error_group_states (tenant_id, fingerprint) values (:'a_tenant_id', 'a-fp'), (:'b_tenant_id', 'b-fp');

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.summary(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function summary', 'anon cannot call summary');
select throws_ok(format($$select vigil_api.operation_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function operation_stats', 'anon cannot call operation_stats');
select throws_ok(format($$select vigil_api.timeseries(%L, 'count', now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function timeseries', 'anon cannot call timeseries');
select throws_ok(format($$select vigil_api.recent_errors(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function recent_errors', 'anon cannot call recent_errors');
select throws_ok(format($$select vigil_api.error_groups(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function error_groups', 'anon cannot call error_groups');
select throws_ok(format($$select vigil_api.resolve_error_group(%L, 'fp')$$, :'a_tenant_id'), '42501', 'permission denied for function resolve_error_group', 'anon cannot call resolve_error_group');
select throws_ok(format($$select vigil_api.funnel(%L, array['a', 'b'], now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function funnel', 'anon cannot call funnel');
select throws_ok(format($$select vigil_api.web_vitals(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function web_vitals', 'anon cannot call web_vitals');
select throws_ok(format($$select vigil_api.cache_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function cache_stats', 'anon cannot call cache_stats');
select throws_ok(format($$select vigil_api.fallback_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function fallback_stats', 'anon cannot call fallback_stats');
select throws_ok(format($$select vigil_api.compare(%L)$$, :'a_tenant_id'), '42501', 'permission denied for function compare', 'anon cannot call compare');
select throws_ok(format($$select vigil_api.export(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'permission denied for function export', 'anon cannot call export');
select throws_ok(format($$select vigil_api.slo_status(%L)$$, :'a_tenant_id'), '42501', 'permission denied for function slo_status', 'anon cannot call slo_status');
select throws_ok(format($$select vigil_api.set_slo(%L, 'x', 0.9)$$, :'a_tenant_id'), '42501', 'permission denied for function set_slo', 'anon cannot call set_slo');
select throws_ok(format($$select vigil_api.delete_slo(%L, gen_random_uuid())$$, :'a_tenant_id'), '42501', 'permission denied for function delete_slo', 'anon cannot call delete_slo');

select tests.authenticate_as(:'stranger');
select throws_ok(format($$select vigil_api.summary(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call summary');
select throws_ok(format($$select vigil_api.operation_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call operation_stats');
select throws_ok(format($$select vigil_api.timeseries(%L, 'count', now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call timeseries');
select throws_ok(format($$select vigil_api.recent_errors(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call recent_errors');
select throws_ok(format($$select vigil_api.error_groups(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call error_groups');
select throws_ok(format($$select vigil_api.resolve_error_group(%L, 'fp')$$, :'a_tenant_id'), '42501', 'You must be an operator of this tenant to do this.', 'a signed-in non-member cannot call resolve_error_group');
select throws_ok(format($$select vigil_api.funnel(%L, array['a', 'b'], now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call funnel');
select throws_ok(format($$select vigil_api.web_vitals(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call web_vitals');
select throws_ok(format($$select vigil_api.cache_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call cache_stats');
select throws_ok(format($$select vigil_api.fallback_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call fallback_stats');
select throws_ok(format($$select vigil_api.compare(%L)$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call compare');
select throws_ok(format($$select vigil_api.export(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call export');
select throws_ok(format($$select vigil_api.slo_status(%L)$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'a signed-in non-member cannot call slo_status');
select throws_ok(format($$select vigil_api.set_slo(%L, 'x', 0.9)$$, :'a_tenant_id'), '42501', 'You must be an operator of this tenant to do this.', 'a signed-in non-member cannot call set_slo');
select throws_ok(format($$select vigil_api.delete_slo(%L, gen_random_uuid())$$, :'a_tenant_id'), '42501', 'You must be an operator of this tenant to do this.', 'a signed-in non-member cannot call delete_slo');

select tests.authenticate_as(:'b_admin_id');
select throws_ok(format($$select vigil_api.summary(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call summary on A');
select throws_ok(format($$select vigil_api.operation_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call operation_stats on A');
select throws_ok(format($$select vigil_api.timeseries(%L, 'count', now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call timeseries on A');
select throws_ok(format($$select vigil_api.recent_errors(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call recent_errors on A');
select throws_ok(format($$select vigil_api.error_groups(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call error_groups on A');
select throws_ok(format($$select vigil_api.resolve_error_group(%L, 'fp')$$, :'a_tenant_id'), '42501', 'You must be an operator of this tenant to do this.', 'an admin of B cannot call resolve_error_group on A');
select throws_ok(format($$select vigil_api.funnel(%L, array['a', 'b'], now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call funnel on A');
select throws_ok(format($$select vigil_api.web_vitals(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call web_vitals on A');
select throws_ok(format($$select vigil_api.cache_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call cache_stats on A');
select throws_ok(format($$select vigil_api.fallback_stats(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call fallback_stats on A');
select throws_ok(format($$select vigil_api.compare(%L)$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call compare on A');
select throws_ok(format($$select vigil_api.export(%L, now() - interval '1 hour')$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call export on A');
select throws_ok(format($$select vigil_api.slo_status(%L)$$, :'a_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'an admin of B cannot call slo_status on A');
select throws_ok(format($$select vigil_api.set_slo(%L, 'x', 0.9)$$, :'a_tenant_id'), '42501', 'You must be an operator of this tenant to do this.', 'an admin of B cannot call set_slo on A');
select throws_ok(format($$select vigil_api.delete_slo(%L, gen_random_uuid())$$, :'a_tenant_id'), '42501', 'You must be an operator of this tenant to do this.', 'an admin of B cannot call delete_slo on A');
select is((select array_agg(name::text) from vigil.rollups), array['b-op'], 'a member of B reads only B''s rollups');
select is((select array_agg(name) from vigil.slos), array['b-op'], 'a member of B reads only B''s SLOs');
select is((select array_agg(fingerprint) from vigil.error_group_states), array['b-fp'], 'a member of B reads only B''s error group states');
select throws_ok(format($$insert into vigil.slos (tenant_id, name, objective) values (%L, 'sneaky', 0.5)$$, :'a_tenant_id'),
                 '42501', 'new row violates row-level security policy for table "slos"', 'a member of B cannot write A''s SLOs');

select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil.rollups$$, 'a non-member reads no rollups');

select tests.authenticate_as_service_role();
select is((select count(*)::int from vigil.rollups where name in ('a-op', 'b-op')), 2, 'the service role reads every tenant''s rollups');
select lives_ok(format($$select vigil_api.summary(%L, now() - interval '1 hour')$$, :'a_tenant_id'), 'the service role calls the RPCs for any tenant');

select * from finish();
rollback;
