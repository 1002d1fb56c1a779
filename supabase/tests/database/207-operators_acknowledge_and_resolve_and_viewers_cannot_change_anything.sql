-- Who may do what: admins change rules and channels, operators acknowledge, resolve and silence,
-- viewers only read, non-members and anon nothing.
begin;
select plan(20);

select * from tests.make_tenant('roles') \gset t_
select tests.create_user('stranger@example.com') as stranger \gset
select tests.alert_channel(:'t_tenant_id', 'slack') as slack \gset
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'volume', 'metric', 'count', 'comparator', 'gte', 'threshold', 0,
  'window', '10 minutes', 'min_events', 0, 'channels', jsonb_build_array(:'slack'))) as rule \gset
select vigil.evaluate_alerts(now());
select id as alert from vigil.alerts where rule_id = :'rule' \gset

select tests.authenticate_as(:'t_viewer_id');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "v", "metric": "count", "comparator": "gt", "threshold": 1, "window": 60}')$$, :'t_tenant_id'),
  '42501', 'You must be an admin of this tenant to do this.', 'a viewer cannot create a rule');
select throws_ok(format($$select vigil_api.update_alert_rule(%L, '{"threshold": 5}')$$, :'rule'),
  '42501', 'You must be an admin of the tenant that owns this rule.', 'a viewer cannot change a rule');
select throws_ok(format($$select vigil_api.acknowledge_alert(%L)$$, :'alert'),
  '42501', 'You must be an operator of the tenant that owns this alert.', 'a viewer cannot acknowledge');
select throws_ok(format($$select vigil_api.resolve_alert(%L)$$, :'alert'),
  '42501', 'You must be an operator of the tenant that owns this alert.', 'a viewer cannot resolve');
select throws_ok(format($$select vigil_api.create_silence(%L, '{}', now() + interval '1 hour')$$, :'t_tenant_id'),
  '42501', 'You must be an operator of this tenant to do this.', 'a viewer cannot silence');
select throws_ok(format($$select vigil_api.list_alert_channels(%L)$$, :'t_tenant_id'),
  '42501', 'You must be an operator of this tenant to do this.', 'a viewer cannot see channels (recipients are personal data)');
select is((select count(*)::int from vigil_api.list_alerts(:'t_tenant_id')), 1, 'a viewer lists the tenant''s alerts');
select is((select count(*)::int from vigil_api.list_alert_rules(:'t_tenant_id')), 1, 'a viewer lists the tenant''s rules');
select is((select count(*)::int from vigil_api.alert_history(:'t_tenant_id')), 1, 'a viewer reads the history');

select tests.authenticate_as(:'t_operator_id');
select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "o", "metric": "count", "comparator": "gt", "threshold": 1, "window": 60}')$$, :'t_tenant_id'),
  '42501', 'You must be an admin of this tenant to do this.', 'an operator cannot create a rule');
select throws_ok(format($$select vigil_api.create_alert_channel(%L, 'x', 'slack')$$, :'t_tenant_id'),
  '42501', 'You must be an admin of this tenant to do this.', 'an operator cannot add a channel');
select is(vigil_api.acknowledge_alert(:'alert', 'looking') ->> 'acknowledged_by', :'t_operator_id', 'an operator acknowledges, recorded with who');
select is(vigil_api.resolve_alert(:'alert', 'fixed the job') ->> 'state', 'resolved', 'an operator resolves by hand');
select is((select count(*)::int from vigil_api.list_alert_channels(:'t_tenant_id')), 1, 'an operator sees the channels');
select results_eq(format($$select to_state, actor, note from vigil_api.alert_history(%L) order by at, actor nulls first, to_state$$, :'t_tenant_id'),
  format($$values ('firing'::text, null::uuid, null::text), ('firing', %L::uuid, 'acknowledged: looking'), ('resolved', %L::uuid, 'resolved by hand: fixed the job')$$,
         :'t_operator_id', :'t_operator_id'),
  'history records the acknowledgement and the manual resolution with who did them');
select is(tests.outbox(:'rule'), '{firing,acknowledged,resolved}'::text[], 'the channel hears the acknowledgement and the resolution');

select tests.authenticate_as(:'t_admin_id');
select is(vigil_api.update_alert_rule(:'rule', '{"threshold": 5, "severity": "critical"}') ->> 'severity', 'critical', 'an admin changes a rule');

select tests.authenticate_as(:'stranger');
select throws_ok(format($$select * from vigil_api.list_alerts(%L)$$, :'t_tenant_id'),
  '42501', 'You must be a viewer of this tenant to do this.', 'a non-member cannot list the tenant''s alerts');
select throws_ok(format($$select vigil_api.acknowledge_alert(%L)$$, :'alert'),
  '42501', 'You must be an operator of the tenant that owns this alert.', 'a non-member cannot acknowledge');

select tests.authenticate_as_anon();
select throws_ok(format($$select * from vigil_api.list_alerts(%L)$$, :'t_tenant_id'),
  '42501', null, 'anon cannot call the alert API at all');
select tests.clear_authentication();

select * from finish();
rollback;
