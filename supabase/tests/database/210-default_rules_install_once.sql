-- install_default_rules adds the rules teams set by hand, wired to the tenant's channels, and
-- adding them twice changes nothing.
begin;
select plan(6);

select * from tests.make_tenant('defaults') \gset t_
select tests.alert_channel(:'t_tenant_id', 'slack') as slack \gset

select tests.authenticate_as(:'t_admin_id');
select is(vigil_api.install_default_rules(:'t_tenant_id'), 6, 'six default rules are installed');
select is(vigil_api.install_default_rules(:'t_tenant_id'), 0, 'installing again adds nothing');
select set_eq($$select name || ' ' || metric || ' ' || comparator || ' ' || threshold || ' ' || time_window || ' ' || severity from vigil.alert_rules$$,
  array['Error rate above 5% error_rate gt 0.05 00:15:00 critical', 'p95 latency above 2 s latency_p95 gt 2000 00:15:00 warning',
        'Payment failures error_count gt 0 00:05:00 critical', 'SLO fast burn slo_burn_rate gt 14.4 01:00:00 critical',
        'Monitor down monitor_down gt 0 00:01:00 critical', 'Certificate expires within 14 days cert_days_left lt 14 00:01:00 warning'],
  'the defaults are error rate, p95 latency, payment failures, SLO fast burn, monitor down and certificate expiry');
select ok((select bool_and(channel_ids = array[:'slack'::uuid]) from vigil.alert_rules), 'they notify the tenant''s channels');
select tests.authenticate_as(:'t_viewer_id');
select throws_ok(format($$select vigil_api.install_default_rules(%L)$$, :'t_tenant_id'),
  '42501', 'You must be an admin of this tenant to do this.', 'a viewer cannot install them');
select tests.clear_authentication();

select tests.add_events(:'t_tenant_id', 'operation', 'payment_charge', 3, 1, 100, now() - interval '1 minute');
select vigil.evaluate_alerts(now());
select is(array(select r.name || ':' || a.state from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id where a.state = 'firing'),
  array['Payment failures:firing'], 'one failed payment fires the payment rule and nothing else');

select * from finish();
rollback;
