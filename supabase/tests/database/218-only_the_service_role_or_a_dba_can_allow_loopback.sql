-- Local tests need loopback receivers; the switch that allows them is off by default and only the
-- service role or a DBA can turn it on, never a tenant admin, not even through a session setting.
begin;
select plan(9);

select * from tests.make_tenant('loopback') \gset t_
delete from vigil.settings where name = 'outbound_allow_loopback';
select is(vigil.outbound_allow_loopback(), false, 'loopback is not allowed by default');

select tests.authenticate_as(:'t_admin_id');
select throws_ok($$select vigil.set_outbound_allow_loopback(true)$$, '42501', 'permission denied for function set_outbound_allow_loopback',
  'an admin cannot call the switch');
select throws_ok($$insert into vigil.settings (name, value) values ('outbound_allow_loopback', 'true')$$, '42501',
  'permission denied for table settings', 'an admin cannot write the setting');
select set_config('vigil.outbound_allow_loopback', 'true', true);
select throws_ok(format($$select vigil_api.create_alert_channel(%L, 'c', 'webhook', '{"url": "http://127.0.0.1:8080/hook"}')$$, :'t_tenant_id'),
  '22023', 'config.url is refused: it points at a loopback address.', 'a session setting of that name changes nothing');
select is(vigil.outbound_allow_loopback(), false, 'the switch is still off');

select tests.authenticate_as_service_role();
select lives_ok($$select vigil.set_outbound_allow_loopback(true)$$, 'the service role can turn it on');
select tests.clear_authentication();
select is(vigil.outbound_allow_loopback(), true, 'and then loopback is allowed');

select tests.authenticate_as(:'t_admin_id');
select lives_ok(format($$select vigil_api.create_alert_channel(%L, 'local', 'webhook', '{"url": "http://127.0.0.1:8080/hook"}')$$, :'t_tenant_id'),
  'while it is on, a channel may point at a loopback receiver over http, as local tests do');
select throws_ok(format($$select vigil_api.create_alert_channel(%L, 'c', 'webhook', '{"url": "http://10.0.0.1/hook"}')$$, :'t_tenant_id'),
  '22023', 'config.url is refused: it points at a private network address.', 'the switch opens loopback only, not the private network');

select * from finish();
rollback;
