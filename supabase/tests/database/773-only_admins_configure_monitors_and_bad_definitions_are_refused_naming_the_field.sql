-- Who may do what with monitors, and bad definitions refused with the field named; targets pass the
-- outbound guard (http and tcp to public addresses only).
begin;
select plan(23);

select * from tests.make_tenant('uptime-acl') \gset t_
select * from tests.make_tenant('uptime-other') \gset o_
select tests.create_user('uptime-stranger@example.com') as stranger \gset
delete from vigil.settings where name = 'outbound_allow_loopback';
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "api", "type": "http", "url": "https://api.example.com/",
  "secret_headers": {"Authorization": "VIGIL_API_TOKEN"}}') ->> 'id') as api \gset

create function pg_temp.refused(p_def text) returns text language plpgsql as $$
begin
  perform vigil_api.create_monitor((select id from vigil.tenants where slug = 'uptime-acl'), p_def::jsonb);
  return 'accepted';
exception when others then
  return sqlstate || ' ' || sqlerrm;
end $$;

select is(pg_temp.refused('{"name": "x", "type": "http", "url": "http://10.0.0.5/"}'), '22023 url is refused: it points at a private network address.',
  'a private address is refused');
select is(pg_temp.refused('{"name": "x", "type": "http", "url": "http://169.254.169.254/latest"}'), '22023 url is refused: it points at a link-local address.',
  'the metadata address is refused');
select is(pg_temp.refused('{"name": "x", "type": "tcp", "url": "tcp://localhost:5432"}'), '22023 url is refused: it points at a loopback address.',
  'loopback is refused while the trusted switch is off');
select is(pg_temp.refused('{"name": "x", "type": "tcp", "url": "tcp://db.example.com:5432"}'), 'accepted', 'tcp to a public name is accepted');
select is(pg_temp.refused('{"name": "y", "type": "http", "url": "http://example.com/"}'), 'accepted', 'plain http to a public name is accepted');
select is(pg_temp.refused('{"name": "z", "type": "ftp", "url": "https://example.com/"}'), '22023 type must be one of http, keyword, json, tls, tcp, heartbeat.', 'an unknown type');
select is(pg_temp.refused('{"name": "z", "type": "http", "url": "https://example.com/", "retries": "two"}'), '22023 retries must be a number.', 'a field of the wrong type');
select is(pg_temp.refused('{"name": "z", "type": "http", "url": "https://example.com/", "expected_status": [200, "600-700"]}'),
  '22023 expected_status must be a non-empty array of codes (200) or ranges ("200-299").', 'a status range out of HTTP');
select is(pg_temp.refused('{"name": "z", "type": "keyword", "url": "https://example.com/"}'), '22023 keyword is required for a keyword monitor.', 'a keyword monitor without its keyword');
select is(pg_temp.refused('{"name": "z", "type": "http", "url": "https://example.com/", "regions": ["eu"], "quorum": 2}'),
  '22023 quorum must be between 1 and the number of regions.', 'a quorum above the regions');
select is(pg_temp.refused('{"name": "z", "type": "http", "url": "https://example.com/", "secret_headers": {"Authorization": "Bearer abc"}}'),
  '22023 secret_name must name an environment variable or Vault secret starting with VIGIL_ (uppercase letters, digits, underscores).', 'a secret header holds a secret''s name, never a value');
select is(pg_temp.refused('{"name": "z", "type": "heartbeat", "schedule": "every tuesday"}'),
  '22023 schedule must be a cron expression: minute hour day-of-month month day-of-week (numbers, *, lists, ranges, steps).', 'a schedule that is not a cron expression');
select is(pg_temp.refused('{"name": "api", "type": "http", "url": "https://example.com/"}'), '23505 A monitor named ''api'' already exists in this tenant.', 'a name twice');
select is(pg_temp.refused('{"name": "z", "type": "http", "url": "https://example.com/", "colour": "red"}'), '22023 colour is not a monitor field.', 'an unknown field');

select tests.authenticate_as(:'t_operator_id');
select throws_ok(format($$select vigil_api.create_monitor(%L, '{"name": "o", "type": "http", "url": "https://example.com/"}')$$, :'t_tenant_id'),
  '42501', 'You must be an admin of this tenant to do this.', 'an operator cannot create a monitor');
select throws_ok(format($$select vigil_api.update_monitor(%L, '{"paused": true}')$$, :'api'), '42501', 'You must be an admin of the tenant that owns this monitor.',
  'nor change one');
select tests.authenticate_as(:'t_viewer_id');
select is((select count(*)::int from vigil_api.list_monitors(:'t_tenant_id')), 3, 'a viewer lists the monitors');
select tests.authenticate_as(:'o_admin_id');
select throws_ok(format($$select vigil_api.list_monitors(%L)$$, :'t_tenant_id'), '42501', 'You must be a viewer of this tenant to do this.',
  'an admin of another tenant cannot list them');
select throws_ok(format($$select vigil_api.delete_monitor(%L)$$, :'api'), '42501', 'You must be an admin of the tenant that owns this monitor.',
  'nor delete one');
select throws_ok(format($$select vigil._save_monitor(m, null) from (select (jsonb_populate_record(null::vigil.monitors, '{"id": "%s", "tenant_id": "%s",
    "name": "hijack", "type": "http", "url": "https://evil.example.com/", "method": "GET", "headers": {}, "secret_headers": {},
    "expected_status": "{[200,300)}", "keyword_absent": false, "interval_seconds": 60, "timeout_ms": 1000, "retries": 0,
    "retry_interval_seconds": 20, "recovery_successes": 1, "regions": ["default"], "quorum": 1, "paused": false}')) m) x$$, :'api', :'o_tenant_id'),
  '42501', 'You must be an admin of the tenant that owns this monitor.', 'the privileged half refuses to move a monitor into another tenant');
select tests.authenticate_as(:'t_admin_id');
select is(vigil_api.update_monitor(:'api', '{"paused": true}') ->> 'state', 'paused', 'an admin pauses a monitor');
select tests.clear_authentication();
select is((select secret_headers from vigil.monitors where id = :'api'), '{"Authorization": "VIGIL_API_TOKEN"}'::jsonb,
  'only the name of the secret is stored');
select tests.authenticate_as(:'t_admin_id');
select lives_ok(format('select vigil_api.delete_monitor(%L)', :'api'), 'an admin deletes a monitor');
select tests.clear_authentication();

select * from finish();
rollback;
