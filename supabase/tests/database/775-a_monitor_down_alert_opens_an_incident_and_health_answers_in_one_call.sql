-- The default rules page when a monitor is down and warn before a certificate expires; a firing
-- monitor_down alert opens an incident that its recovery resolves; vigil_api.health, the uptime card
-- and the incident markers answer members only.
begin;
select plan(20);

select * from tests.make_tenant('uptime-inc') \gset t_
select * from tests.make_tenant('uptime-inc-other') \gset o_
select vigil_api.install_default_rules(:'t_tenant_id');
select is((select array_agg(name || ':' || severity order by name) from vigil.alert_rules where tenant_id = :'t_tenant_id' and metric in ('monitor_down', 'cert_days_left')),
  array['Certificate expires within 14 days:warning', 'Monitor down:critical'], 'default rules: monitor down is critical, a certificate under 14 days a warning');
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "payments", "type": "http", "url": "https://pay.example.com/health"}') ->> 'id') as pay \gset
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "site cert", "type": "tls", "url": "https://www.example.com"}') ->> 'id') as cert \gset
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "search", "type": "http", "url": "https://search.example.com/", "degraded_ms": 300}') ->> 'id') as search \gset
select date_trunc('minute', now()) as now \gset

select vigil.record_check_results(jsonb_build_array(
  jsonb_build_object('monitor_id', :'pay', 'ok', false, 'duration_ms', 30, 'status_code', 503, 'reason', 'status: 503, expected 200-299'),
  jsonb_build_object('monitor_id', :'cert', 'ok', true, 'duration_ms', 40, 'cert_days_left', 10),
  jsonb_build_object('monitor_id', :'search', 'ok', true, 'duration_ms', 450, 'status_code', 200)), :'now');
select vigil.evaluate_alerts(:'now');
select is((select a.state from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
           where r.tenant_id = :'t_tenant_id' and r.metric = 'monitor_down' and a.labels = '{"monitor": "payments"}'), 'firing',
  'monitor_down fires for the monitor that is down, one series per monitor');
select is((select a.state from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
           where r.tenant_id = :'t_tenant_id' and r.metric = 'monitor_down' and a.labels = '{"monitor": "search"}'), 'ok', 'and not for the others');
select is((select a.value from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
           where r.tenant_id = :'t_tenant_id' and r.metric = 'cert_days_left'), 10::double precision, 'cert_days_left reads the days left');
select is((select a.state from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
           where r.tenant_id = :'t_tenant_id' and r.metric = 'cert_days_left'), 'firing', 'and 10 days fires the certificate warning');
select is((select value from vigil.metric_monitor_degraded(:'t_tenant_id', tstzrange(:'now'::timestamptz - interval '1 minute', :'now'))), 1::numeric,
  'monitor_degraded reads 1 for a check slower than its threshold');
select results_eq(format($$select title, status, impact, monitor_ids from vigil.incidents where tenant_id = %L$$, :'t_tenant_id'),
  format($$values ('payments is down', 'investigating', 'major', array[%L::uuid])$$, :'pay'), 'the firing opened an incident for the monitor');
select is((select message from vigil.incident_updates where tenant_id = :'t_tenant_id'),
  'payments is failing its checks (status: 503, expected 200-299). We are looking into it.', 'with a first update saying why');

select tests.authenticate_as(:'t_viewer_id');
select vigil_api.health(:'t_tenant_id') as health \gset
select is(:'health'::jsonb - 'monitors', '{"overall_status": "unhealthy", "healthy": 1, "total": 3}'::jsonb, 'health: overall status and counts');
select is(:'health'::jsonb -> 'monitors' -> 0, jsonb_build_object('name', 'payments', 'type', 'http', 'status', 'down',
  'message', 'status: 503, expected 200-299', 'response_time_ms', 30, 'target', 'https://pay.example.com/health', 'last_checked_at', :'now'::timestamptz),
  'and per monitor its status, message, last response time and target');
select is((vigil.dashboard_card_uptime(:'t_tenant_id', :'now'::timestamptz - interval '1 hour', :'now'::timestamptz + interval '1 second')
           - 'at') , '{"name": "uptime", "title": "Uptime", "value": 66.667, "unit": "percent", "status": "bad", "detail": "1 of 3 monitors down: payments"}'::jsonb,
  'the uptime card: share of good checks, bad while a monitor is down');
select is((select array_agg(kind || ':' || label) from vigil.dashboard_markers_incidents(:'t_tenant_id', :'now'::timestamptz - interval '1 hour', :'now'::timestamptz + interval '1 hour')),
  array['incident_started:payments is down'], 'the incident is a marker');
select tests.authenticate_as(:'o_admin_id');
select throws_ok(format('select vigil_api.health(%L)', :'t_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.', 'another tenant''s admin gets no health answer');
select throws_ok(format('select vigil.dashboard_card_uptime(%L, now() - interval ''1 hour'', now())', :'t_tenant_id'), '42501', null, 'nor the card');
select throws_ok(format('select * from vigil_api.list_incidents(%L)', :'t_tenant_id'), '42501', null, 'nor the incidents');
select is((select count(*)::int from vigil.incidents), 0, 'and reads no incident row');
select throws_ok(format($$select vigil_api.create_incident(%L, 'x', 'y')$$, :'t_tenant_id'), '42501', null, 'nor opens one there');
select tests.authenticate_as(:'t_viewer_id');
select throws_ok(format($$select vigil_api.create_incident(%L, 'x', 'y')$$, :'t_tenant_id'), '42501', 'You must be an operator of this tenant to do this.',
  'a viewer cannot open an incident');
select tests.clear_authentication();

select vigil.record_check_results(jsonb_build_array(jsonb_build_object('monitor_id', :'pay', 'ok', true, 'duration_ms', 25)), :'now'::timestamptz + interval '1 minute');
select vigil.evaluate_alerts(:'now'::timestamptz + interval '1 minute');
select results_eq(format($$select status, resolved_at from vigil.incidents where tenant_id = %L$$, :'t_tenant_id'),
  format($$values ('resolved', %L::timestamptz)$$, :'now'::timestamptz + interval '1 minute'), 'the recovery resolved the incident');
select is((select message from vigil.incident_updates where tenant_id = :'t_tenant_id' and status = 'resolved'),
  'payments is answering its checks again.', 'with an update saying so');

select * from finish();
rollback;
