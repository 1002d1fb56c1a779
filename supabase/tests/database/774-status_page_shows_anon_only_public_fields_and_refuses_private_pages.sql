-- vigil_api.status_page is for anyone, anon included, and answers public fields only: labels, states,
-- uptime, bars and incidents; never a monitor's name, URL, headers or ids, nor the tenant. A private
-- page and an unknown slug are refused alike.
begin;
select plan(12);

select * from tests.make_tenant('uptime-page') \gset t_
select * from tests.make_tenant('uptime-page-other') \gset o_
select (vigil_api.create_monitor(:'t_tenant_id', '{"name": "internal-billing-db", "type": "http", "url": "https://billing.internal-host.example.com/health",
  "headers": {"X-Internal": "yes"}, "secret_headers": {"Authorization": "VIGIL_BILLING"}}') ->> 'id') as api \gset
select vigil.record_check_results(jsonb_build_array(jsonb_build_object('monitor_id', :'api', 'ok', false, 'reason', 'status: 502, expected 200-299')));
select vigil_api.set_slo(:'t_tenant_id', 'checkout', 0.999) ->> 'id' as slo \gset
select vigil_api.set_status_page(:'t_tenant_id', 'acme-status', 'Acme status',
  jsonb_build_array(jsonb_build_object('monitor', :'api', 'label', 'Billing'), jsonb_build_object('slo', :'slo', 'label', 'Checkout')), true);
select vigil_api.set_status_page(:'t_tenant_id', 'acme-internal', 'Internal', jsonb_build_array(jsonb_build_object('monitor', :'api')), false);
select vigil_api.create_incident(:'t_tenant_id', 'Billing errors', 'We see failed invoices.', 'minor', array[:'api'::uuid]);
select vigil.refresh_uptime();

select tests.authenticate_as_anon();
select vigil_api.status_page('acme-status') as page \gset
select is(:'page'::jsonb ->> 'status', 'major_outage', 'a page with a monitor down shows a major outage');
select set_eq(format('select jsonb_object_keys(%L::jsonb)', :'page'), array['title', 'description', 'status', 'items', 'incidents', 'at'],
  'the page carries exactly its public fields');
select set_eq(format($$select distinct jsonb_object_keys(i) from jsonb_array_elements(%L::jsonb -> 'items') i$$, :'page'), array['name', 'state', 'uptime', 'days'],
  'each item carries exactly name, state, uptime and days');
select is(array(select i ->> 'name' from jsonb_array_elements(:'page'::jsonb -> 'items') i), array['Billing', 'Checkout'], 'items are named by their labels');
select is((:'page'::jsonb -> 'items' -> 0 ->> 'state'), 'down', 'the monitor''s state');
select set_eq(format($$select distinct jsonb_object_keys(i) from jsonb_array_elements(%L::jsonb -> 'incidents') i$$, :'page'),
  array['title', 'status', 'impact', 'started_at', 'resolved_at', 'updates'], 'incidents carry their public fields');
select ok(position('internal-billing-db' in :'page') = 0 and position('billing.internal-host' in :'page') = 0
          and position('VIGIL_BILLING' in :'page') = 0 and position('X-Internal' in :'page') = 0
          and position(:'api' in :'page') = 0 and position(:'t_tenant_id' in :'page') = 0,
  'no monitor name, URL, header, secret name, monitor id or tenant id appears anywhere');
select throws_ok($$select vigil_api.status_page('acme-internal')$$, 'PT404', 'No public status page has that slug.', 'a private page is refused');
select throws_ok($$select vigil_api.status_page('nobody-here')$$, 'PT404', 'No public status page has that slug.', 'like an unknown slug');
select throws_ok($$select * from vigil.status_pages$$, '42501', 'permission denied for table status_pages', 'anon reads no table');
select tests.clear_authentication();

select tests.authenticate_as(:'o_admin_id');
select throws_ok(format($$select vigil_api.set_status_page(%L, 'acme-status', 'Mine now')$$, :'o_tenant_id'), '23505', 'The slug ''acme-status'' is taken.',
  'another tenant cannot take over a slug');
select throws_ok(format($$select vigil_api.set_status_page(%L, 'other-page', 'x', '[{"monitor": "%s"}]')$$, :'o_tenant_id', :'api'), 'P0002',
  null, 'nor list another tenant''s monitor on its page');
select tests.clear_authentication();

select * from finish();
rollback;
