-- Tenant isolation: a member of one tenant neither sees nor touches another's rules, channels,
-- alerts, history, silences or notifications, whatever path they take.
begin;
select plan(16);

select * from tests.make_tenant('iso-a') \gset a_
select * from tests.make_tenant('iso-b') \gset b_
select tests.alert_channel(:'a_tenant_id', 'slack') as a_slack \gset
select tests.alert_channel(:'b_tenant_id', 'slack') as b_slack \gset
select tests.alert_rule(:'a_tenant_id', jsonb_build_object('name', 'volume', 'metric', 'count', 'comparator', 'gte', 'threshold', 0,
  'window', '10 minutes', 'min_events', 0, 'channels', jsonb_build_array(:'a_slack'))) as a_rule \gset
select tests.alert_rule(:'b_tenant_id', jsonb_build_object('name', 'volume', 'metric', 'count', 'comparator', 'gte', 'threshold', 0,
  'window', '10 minutes', 'min_events', 0, 'channels', jsonb_build_array(:'b_slack'))) as b_rule \gset
select vigil_api.create_silence(:'b_tenant_id', '{"rule": "other"}', now() + interval '1 hour');
select vigil.evaluate_alerts(now());
select id as b_alert from vigil.alerts where rule_id = :'b_rule' \gset
select count(*) from vigil.claim_alert_notifications(10);
select count(vigil.record_alert_delivery(id, claim_token, 'delivered', 200)) from vigil.alert_notifications where status = 'sending';

select tests.authenticate_as(:'a_admin_id');
select is((select array_agg(distinct tenant_id) from vigil.alert_rules), array[:'a_tenant_id'::uuid], 'an admin of A reads only A''s rules');
select is((select array_agg(distinct tenant_id) from vigil.alert_channels), array[:'a_tenant_id'::uuid], 'only A''s channels');
select is((select array_agg(distinct tenant_id) from vigil.alerts), array[:'a_tenant_id'::uuid], 'only A''s alerts');
select is((select array_agg(distinct tenant_id) from vigil.alert_history), array[:'a_tenant_id'::uuid], 'only A''s history');
select is((select array_agg(distinct tenant_id) from vigil.alert_notifications), array[:'a_tenant_id'::uuid], 'only A''s notifications');
select is((select array_agg(distinct tenant_id) from vigil.alert_delivery_attempts), array[:'a_tenant_id'::uuid], 'only A''s delivery attempts');
select is((select count(*)::int from vigil.alert_silences), 0, 'none of B''s silences');

select throws_ok(format($$select * from vigil_api.list_alerts(%L)$$, :'b_tenant_id'),
  '42501', 'You must be a viewer of this tenant to do this.', 'A''s admin cannot list B''s alerts');
select throws_ok(format($$select vigil_api.update_alert_rule(%L, '{"enabled": false}')$$, :'b_rule'),
  '42501', 'You must be an admin of the tenant that owns this rule.', 'nor change B''s rule');
select throws_ok(format($$select vigil_api.delete_alert_channel(%L)$$, :'b_slack'),
  '42501', 'You must be an admin of the tenant that owns this channel.', 'nor delete B''s channel');
select throws_ok(format($$select vigil_api.acknowledge_alert(%L)$$, :'b_alert'),
  '42501', 'You must be an operator of the tenant that owns this alert.', 'nor acknowledge B''s alert');
select throws_ok(format($$insert into vigil.alert_rules (tenant_id, name, metric, comparator, threshold, time_window) values (%L, 'sneaky', 'count', 'gt', 1, '1 minute')$$, :'b_tenant_id'),
  '42501', 'new row violates row-level security policy for table "alert_rules"', 'nor insert a rule into B directly');
select throws_ok(format($$select vigil_api.create_silence(%L, '{}', now() + interval '1 hour')$$, :'b_tenant_id'),
  '42501', 'You must be an operator of this tenant to do this.', 'nor silence B');
select throws_ok(format($$select * from vigil_api.alert_history(%L)$$, :'b_tenant_id'),
  '42501', 'You must be a viewer of this tenant to do this.', 'nor read B''s history');
select throws_ok($$select * from vigil.claim_alert_notifications(10)$$,
  '42501', 'permission denied for function claim_alert_notifications', 'a member cannot claim notifications: only the sender can');
select throws_ok($$select vigil.read_alert_secret('VIGIL_SLACK_WEBHOOK_URL')$$,
  '42501', 'permission denied for function read_alert_secret', 'nor read secrets');
select tests.clear_authentication();

select * from finish();
rollback;
