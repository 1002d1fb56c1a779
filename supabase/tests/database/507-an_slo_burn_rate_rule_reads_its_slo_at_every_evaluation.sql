-- An slo_burn_rate rule can point at an SLO of vigil.slos: it reads the SLO's operation, objective and
-- latency threshold at every evaluation (so changing the SLO changes the rule), agrees with
-- slo_status, and goes when the SLO goes. The SLO must be the tenant's own, and the rule cannot
-- also carry a definition of its own.
begin;
select plan(14);

select * from tests.make_tenant('wire-slo') \gset t_
select * from tests.make_tenant('wire-slo-other') \gset o_
-- checkout: 100 calls a minute ago, durations 1..100 ms, every tenth failed.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'t_tenant_id', 'operation', 'checkout', now() - interval '1 minute', g, g % 10 <> 0 from generate_series(1, 100) g;
select tests.add_events(:'t_tenant_id', 'operation', 'search', 100, 50, 30, now() - interval '1 minute');

select tests.authenticate_as(:'t_operator_id');
select vigil_api.set_slo(:'t_tenant_id', 'checkout', 0.9, p_threshold_ms => 50) ->> 'id' as slo \gset
select tests.authenticate_as(:'o_operator_id');
select vigil_api.set_slo(:'o_tenant_id', 'checkout', 0.9) ->> 'id' as other_slo \gset

select tests.authenticate_as(:'t_admin_id');
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'checkout SLO', 'metric', 'slo_burn_rate', 'slo', :'slo',
  'comparator', 'gt', 'threshold', 5, 'window', '1 hour')) as rule \gset
select is((select slo_id::text || ' ' || coalesce(event_name, '-') || ' ' || coalesce(slo_objective::text, '-') from vigil.alert_rules where id = :'rule'),
  :'slo' || ' - -', 'the rule stores the SLO, not a copy of its definition');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, jsonb_build_object('name', 'x', 'metric', 'slo_burn_rate', 'slo', %L, 'comparator', 'gt', 'threshold', 1, 'window', '1 hour'))$$, :'t_tenant_id', :'other_slo'),
  '22023', 'slo must name an SLO of this tenant.', 'another tenant''s SLO is refused');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, jsonb_build_object('name', 'x', 'metric', 'slo_burn_rate', 'slo', %L, 'slo_objective', 0.99, 'comparator', 'gt', 'threshold', 1, 'window', '1 hour'))$$, :'t_tenant_id', :'slo'),
  '22023', 'An SLO rule takes its operation, objective and latency threshold from the SLO: leave out kind, event_name, name_like, group_by, slo_objective and slo_latency_ms.',
  'an SLO rule cannot carry an objective of its own');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, jsonb_build_object('name', 'x', 'metric', 'error_rate', 'slo', %L, 'comparator', 'gt', 'threshold', 1, 'window', '1 hour'))$$, :'t_tenant_id', :'slo'),
  '22023', 'slo is for metric slo_burn_rate only.', 'slo is refused on other metrics');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "x", "metric": "slo_burn_rate", "slo": "checkout", "comparator": "gt", "threshold": 1, "window": "1 hour"}')$$, :'t_tenant_id'),
  '22023', 'slo must be the id of an SLO (vigil_api.set_slo).', 'slo must be an id');
select tests.clear_authentication();

select vigil.evaluate_alerts(now());
select is(round((select value from vigil.alerts where rule_id = :'rule')::numeric, 4), 5.5,
  'with the SLO''s 50 ms threshold the slow half of the successes are bad too: 55% bad against 90% is a 5.5x burn');
select is(tests.alert_state(:'rule'), 'firing', 'above the rule''s threshold of 5, it fires');
select is(round((select value from vigil.alerts where rule_id = :'rule')::numeric, 4),
  round((select least(burn_rate_1h, burn_rate_5m) from vigil_api.slo_status(:'t_tenant_id', now()) where slo_id = :'slo')::numeric, 4),
  'the rule and slo_status agree on the burn rate');
select is((select event_count from vigil.alerts where rule_id = :'rule'), 100::bigint, 'only the SLO''s operation is counted');

-- Changing the SLO changes the rule: a 50% objective makes the same 55% bad a 1.1x burn.
select vigil_api.set_slo(:'t_tenant_id', 'checkout', 0.5, p_threshold_ms => 50, p_id => :'slo');
select vigil.evaluate_alerts(now() + interval '1 second');
select is(round((select value from vigil.alerts where rule_id = :'rule')::numeric, 4), 1.1, 'the rule reads the SLO''s new objective');
select is(tests.alert_state(:'rule'), 'resolved', 'and resolves');

-- A rule that carried its own SLO moves to the SLO by an update, and back.
select tests.alert_rule(:'t_tenant_id', '{"name": "own SLO", "metric": "slo_burn_rate", "kind": "operation", "event_name": "search", "slo_objective": 0.99, "comparator": "gt", "threshold": 5, "window": "1 hour"}') as own \gset
select vigil_api.update_alert_rule(:'own', jsonb_build_object('slo', :'slo')) is not null;
select is((select coalesce(event_kind, '-') || ' ' || coalesce(event_name, '-') || ' ' || coalesce(slo_objective::text, '-') || ' ' || (slo_id = :'slo')::text
           from vigil.alert_rules where id = :'own'),
  '- - - true', 'an update to slo drops the rule''s own kind, name and objective');
select vigil_api.update_alert_rule(:'own', '{"slo": null, "kind": "operation", "event_name": "search", "slo_objective": 0.99}') is not null;
select is((select event_name || ' ' || slo_objective || ' ' || (slo_id is null)::text from vigil.alert_rules where id = :'own'),
  'search 0.99 true', 'and an update with slo null and its own definition moves it back');

select vigil_api.delete_slo(:'t_tenant_id', :'slo');
select is((select count(*) from vigil.alert_rules where id = :'rule'), 0::bigint, 'deleting the SLO deletes its rules');

select * from finish();
rollback;
