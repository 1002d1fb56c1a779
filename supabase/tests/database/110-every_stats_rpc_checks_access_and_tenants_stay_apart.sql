-- Every statistics RPC checks access first: anon cannot execute them, a signed-in user who is not a
-- member and a member of another tenant are refused with 42501; the rollups, SLOs and error group
-- states are isolated per tenant by RLS; the service role reaches everything.
begin;
select plan(55);

select * from tests.make_two_tenants('access') \gset

insert into vigil.rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
values (:'a_tenant_id', 60, date_trunc('hour', now()), 'operation', 'a-op', 1, 0, 0, 0, '{}', '{}'),
       (:'b_tenant_id', 60, date_trunc('hour', now()), 'operation', 'b-op', 1, 0, 0, 0, '{}', '{}');
insert into vigil.slos (tenant_id, name, objective) values (:'a_tenant_id', 'a-op', 0.9), (:'b_tenant_id', 'b-op', 0.9);
insert into vigil.error_group_states (tenant_id, fingerprint) values (:'a_tenant_id', 'a-fp'), (:'b_tenant_id', 'b-fp');

-- Every RPC refuses anon, the members of tenant a below its role, a non-member and an admin of tenant b.
select r from (values
  ('viewer', $$select vigil_api.summary(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.operation_stats(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.timeseries(%L, 'count', now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.recent_errors(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.error_groups(%L, now() - interval '1 hour')$$),
  ('operator', $$select vigil_api.resolve_error_group(%L, 'fp')$$),
  ('viewer', $$select vigil_api.funnel(%L, array['a', 'b'], now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.web_vitals(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.cache_stats(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.fallback_stats(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.compare(%L)$$),
  ('viewer', $$select vigil_api.export(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.slo_status(%L)$$),
  ('operator', $$select vigil_api.set_slo(%L, 'x', 0.9)$$),
  ('operator', $$select vigil_api.delete_slo(%L, gen_random_uuid())$$)) c(min, call),
  lateral tests.refused_below(c.min, format(c.call, :'a_tenant_id'), 'call ' || substring(c.call from 'vigil_api\.(\w+)')) r;

select tests.authenticate_as(:'b_admin_id');
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
