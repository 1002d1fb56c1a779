-- A tenant admin cannot point a channel inside: not through the API, not by an update, not by
-- writing the table directly, whatever the spelling of the address.
begin;
select plan(12);

select * from tests.make_tenant('inside') \gset t_
select vigil.set_outbound_allow_loopback(false);

select tests.authenticate_as(:'t_admin_id');
-- Every spelling of an address inside, through the API: refused naming why.
select throws_ok(format($$select vigil_api.create_alert_channel(%L, 'c', 'webhook', %L)$$, :'t_tenant_id', jsonb_build_object('url', v.url)),
                 '22023', 'config.url is refused: it ' || v.why || '.', v.what)
from (values
  ('http://127.0.0.1:5432', 'points at a loopback address', 'a webhook to the database port on loopback is refused'),
  ('https://169.254.169.254/', 'points at a link-local address', 'a webhook to the metadata address is refused'),
  ('https://10.0.0.1/', 'points at a private network address', 'a webhook to a private address is refused'),
  ('https://[fd00::1]/', 'points at a unique local IPv6 address', 'a webhook to a unique local IPv6 address is refused'),
  ('https://0x7f000001/', 'points at a loopback address', 'a webhook to loopback spelt in hex is refused'),
  ('https://metadata.google.internal/', 'names a cloud metadata service', 'a webhook to a metadata name is refused'),
  ('http://hooks.example.com/x', 'must use https', 'a webhook over plain http is refused')
) v(url, why, what);

select lives_ok(format($$select vigil_api.create_alert_channel(%L, 'public', 'webhook', '{"url": "https://hooks.example.com/vigil"}')$$, :'t_tenant_id'),
  'a webhook to a public https URL is accepted');
select id as hook from vigil.alert_channels where tenant_id = :'t_tenant_id' and name = 'public' \gset
select throws_ok(format($$select vigil_api.update_alert_channel(%L, '{"url": "https://[::ffff:127.0.0.1]/"}')$$, :'hook'),
  '22023', 'config.url is refused: it points at a loopback address.', 'an update cannot move a channel to an IPv4-mapped loopback address');
select throws_ok(format($$insert into vigil.alert_channels (tenant_id, name, type, config, secret_name)
  values (%L, 'direct', 'webhook', '{"url": "https://2852039166/"}', 'VIGIL_WEBHOOK_SECRET')$$, :'t_tenant_id'),
  '22023', 'config.url is refused: it points at a link-local address.', 'writing the table directly is checked the same way');
select throws_ok(format($$update vigil.alert_channels set config = '{"url": "https://good.example.com@127.0.0.1/"}' where id = %L$$, :'hook'),
  '22023', 'config.url is refused: it must not carry a user name or password.', 'updating the table directly is checked the same way');

select tests.clear_authentication();
select is((select config ->> 'url' from vigil.alert_channels where id = :'hook'), 'https://hooks.example.com/vigil',
  'the channel still points where it did');

select * from finish();
rollback;
