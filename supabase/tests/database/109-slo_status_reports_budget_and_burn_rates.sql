-- SLOs: who may define them, and slo_status's budget and burn rates on hand-built events, with a
-- latency threshold (a slow failure counted once) and without, and an SLO with no traffic.
begin;
select plan(13);

select * from tests.make_tenant('slo-a') \gset a_
select * from tests.make_tenant('slo-b') \gset b_

-- Last 5 minutes: 10 checkouts of 50 ms, 1 failed. Earlier in the hour: 10 more, of which 2 slow
-- successes (200 ms) and 1 slow failure (300 ms).
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'a_tenant_id', 'operation', 'checkout', now() - interval '2 minutes' - i * interval '1 second', 50, i <> 1
from generate_series(1, 10) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'a_tenant_id', 'operation', 'checkout', now() - interval '40 minutes' - i * interval '1 second',
       case when i in (1, 2) then 200 when i = 3 then 300 else 50 end, i <> 3
from generate_series(1, 10) i;

select tests.authenticate_as(:'a_viewer_id');
select throws_ok(format($$select vigil_api.set_slo(%L, 'checkout', 0.9)$$, :'a_tenant_id'),
                 '42501', 'You must be an operator of this tenant to do this.', 'a viewer cannot define an SLO');

select tests.authenticate_as(:'a_operator_id');
select vigil_api.set_slo(:'a_tenant_id', 'checkout', 0.9, 100) ->> 'id' as latency_slo \gset
select vigil_api.set_slo(:'a_tenant_id', 'checkout', 0.99) ->> 'id' as availability_slo \gset
select vigil_api.set_slo(:'a_tenant_id', 'idle', 0.999, null, '7 days') ->> 'id' as idle_slo \gset
select is((select count(*)::int from vigil.slos where tenant_id = :'a_tenant_id'), 3, 'an operator defines SLOs');

select tests.authenticate_as(:'a_viewer_id');
select results_eq(
  format($$select events_5m, events_1h, round(burn_rate_5m::numeric, 9)::float8, round(burn_rate_1h::numeric, 9)::float8 from vigil_api.slo_status(%L) where slo_id = %L$$, :'a_tenant_id', :'latency_slo'),
  $$values (10::bigint, 20::bigint, 1::float8, 2::float8)$$,
  'latency SLO: 1 bad of 10 in 5 minutes burns at 1; 4 bad of 20 in the hour (the slow failure once) burns at 2');
select results_eq(
  format($$select events, bad, round(sli::numeric, 9)::float8, round(budget_remaining::numeric, 9)::float8 from vigil_api.slo_status(%L) where slo_id = %L$$, :'a_tenant_id', :'latency_slo'),
  $$values (20::bigint, 4::bigint, 0.8::float8, -1::float8)$$,
  'over the period: SLI 0.8 against 0.9 leaves the budget overspent by one budget');
select ok((select abs(burn_rate_1h - 10) < 1e-9 and abs(burn_rate_5m - 10) < 1e-9 and abs(budget_remaining + 9) < 1e-9
           from vigil_api.slo_status(:'a_tenant_id') where slo_id = :'availability_slo'),
          'availability SLO (99%): 2 failures of 20 burn at 10, slow successes are good');
select results_eq(
  format($$select events, sli, budget_remaining, burn_rate_5m, burn_rate_3d from vigil_api.slo_status(%L) where slo_id = %L$$, :'a_tenant_id', :'idle_slo'),
  $$values (0::bigint, null::float8, null::float8, null::float8, null::float8)$$,
  'an SLO without traffic has no SLI and no burn rate');
select is((select round(burn_rate_6h::numeric, 9)::float8 from vigil_api.slo_status(:'a_tenant_id') where slo_id = :'latency_slo'), 2::float8,
          'the 6-hour window sees the same 20 events');
select is((select count(*)::int from vigil_api.slo_status(:'a_tenant_id', now() - interval '2 hours') where events_1h > 0), 0,
          'p_now drives the clock: two hours ago nothing had happened');

select tests.authenticate_as(:'b_viewer_id');
select is((select count(*)::int from vigil.slos), 0, 'a member of B sees none of A''s SLOs');
select throws_ok(format($$select * from vigil_api.slo_status(%L)$$, :'a_tenant_id'),
                 '42501', 'You must be a viewer of this tenant to do this.', 'nor their status');

select tests.authenticate_as(:'a_operator_id');
select throws_ok(format($$select vigil_api.set_slo(%L, 'checkout', 1)$$, :'a_tenant_id'),
                 '22023', 'objective must be strictly between 0 and 1 (0.999 for 99.9%).', 'an objective of 100% is refused');
select throws_ok(format($$select vigil_api.delete_slo(%L, gen_random_uuid())$$, :'a_tenant_id'),
                 'P0002', 'No SLO of this tenant has that id.', 'deleting an unknown SLO is refused');
select lives_ok(format($$select vigil_api.delete_slo(%L, %L)$$, :'a_tenant_id', :'idle_slo'), 'an operator deletes an SLO');

select * from finish();
rollback;
