-- Every business-metrics RPC checks access first (anon by its missing grant; members below the role,
-- non-members and another tenant's admin with 42501); dimensions, their values and rows, targets and
-- business settings are isolated per tenant by RLS and written by admins only; the service role
-- reaches everything; bad arguments get a sentence with 22023.
begin;
select plan(62);

select * from tests.make_two_tenants('business') \gset

insert into vigil.metric_dimensions (tenant_id, kind, name, attribute) values
  (:'a_tenant_id', 'milestone', 'order_paid', 'payment_method'), (:'b_tenant_id', 'milestone', 'order_paid', 'plan');
insert into vigil.dimension_values (tenant_id, kind, name, attribute, value, first_seen) values
  (:'a_tenant_id', 'milestone', 'order_paid', 'payment_method', 'card', now()), (:'b_tenant_id', 'milestone', 'order_paid', 'plan', 'pro', now());
insert into vigil.dimension_rollups (tenant_id, grain, bucket_start, kind, name, attribute, value, count, errors, valued, sum_value, value_keys, value_counts)
values (:'a_tenant_id', 60, date_trunc('hour', now()), 'milestone', 'order_paid', 'payment_method', 'card', 1, 0, 1, 10, '{517}', '{1}'),
       (:'b_tenant_id', 60, date_trunc('hour', now()), 'milestone', 'order_paid', 'plan', 'pro', 1, 0, 1, 10, '{517}', '{1}');
insert into vigil.metric_targets (tenant_id, kind, name, statistic, period, target) values
  (:'a_tenant_id', 'milestone', 'a-order', 'sum', 'day', 100), (:'b_tenant_id', 'milestone', 'b-order', 'sum', 'day', 100);
insert into vigil.business_settings (tenant_id, revenue_name, transactions_name) values
  (:'a_tenant_id', 'a-order', 'checkout'), (:'b_tenant_id', 'b-order', 'checkout');

select r from (values
  ('viewer', $$select vigil_api.metric_stats(%L, now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.metric_timeseries(%L, 'milestone', 'order_paid', now() - interval '1 hour')$$),
  ('viewer', $$select vigil_api.list_dimensions(%L)$$),
  ('viewer', $$select vigil_api.metric_progress(%L)$$),
  ('viewer', $$select vigil_api.business_summary(%L)$$),
  ('admin', $$select vigil_api.register_dimension(%L, 'milestone', 'order_paid', 'country')$$),
  ('admin', $$select vigil_api.remove_dimension(%L, 'milestone', 'order_paid', 'payment_method')$$),
  ('admin', $$select vigil_api.set_metric_target(%L, 'milestone', 'order_paid', 'day', 10)$$),
  ('admin', $$select vigil_api.delete_metric_target(%L, 'milestone', 'a-order', 'day')$$),
  ('admin', $$select vigil_api.set_business_metrics(%L, 'order_paid', 'checkout')$$)) c(min, call),
  lateral tests.refused_below(c.min, format(c.call, :'a_tenant_id'), 'call ' || substring(c.call from 'vigil_api\.(\w+)')) r;

select tests.authenticate_as(:'b_viewer_id');
select is((select array_agg(attribute::text) from vigil.metric_dimensions), array['plan'], 'a member of B reads only B''s dimensions');
select is((select array_agg(value::text) from vigil.dimension_values), array['pro'], 'a member of B reads only B''s dimension values');
select is((select array_agg(value::text) from vigil.dimension_rollups), array['pro'], 'a member of B reads only B''s dimension rows');
select is((select array_agg(name::text) from vigil.metric_targets), array['b-order'], 'a member of B reads only B''s targets');
select is((select array_agg(revenue_name::text) from vigil.business_settings), array['b-order'], 'a member of B reads only B''s business settings');
select throws_ok(format($$insert into vigil.metric_dimensions (tenant_id, kind, name, attribute) values (%L, 'milestone', 'x', 'y')$$, :'b_tenant_id'),
                 '42501', 'new row violates row-level security policy for table "metric_dimensions"', 'a viewer cannot register a dimension by hand');

select tests.authenticate_as(:'b_admin_id');
select throws_ok(format($$insert into vigil.metric_targets (tenant_id, kind, name, statistic, period, target) values (%L, 'milestone', 'x', 'sum', 'day', 1)$$, :'a_tenant_id'),
                 '42501', 'new row violates row-level security policy for table "metric_targets"', 'an admin of B cannot set A''s targets');
select throws_ok($$insert into vigil.dimension_values (tenant_id, kind, name, attribute, value, first_seen) values
                   ((select tenant_id from vigil.metric_dimensions), 'milestone', 'order_paid', 'plan', 'free', now())$$,
                 '42501', null, 'not even an admin writes dimension values: the fold admits them');

select tests.authenticate_as(:'a_admin_id');
select is((vigil_api.register_dimension(:'a_tenant_id', 'milestone', 'order_paid', 'country', 5) ->> 'cap')::int, 5,
          'an admin registers a dimension with its cap');
select is((vigil_api.register_dimension(:'a_tenant_id', 'milestone', 'order_paid', 'country', 8) ->> 'cap')::int, 8,
          'registering again changes the cap');
select throws_ok(format($$select vigil_api.register_dimension(%L, 'milestone', 'order_paid', 'country', 500)$$, :'a_tenant_id'),
                 '22023', 'cap must be between 1 and 200 values.', 'a cap over 200 is refused');
select throws_ok(format($$select vigil_api.register_dimension(%L, 'milestone', 'order_paid', 'bad key!')$$, :'a_tenant_id'),
                 '22023', 'attribute must be 1 to 64 letters, digits, or _ . : -', 'an attribute key with spaces or punctuation is refused');
select is((select array_agg(attribute order by attribute) from vigil_api.list_dimensions(:'a_tenant_id')), array['country', 'payment_method'],
          'list_dimensions shows the tenant''s dimensions');
select throws_ok(format($$select * from vigil_api.metric_stats(%L, now() - interval '1 hour', now(), 'milestone', '{order_paid}', 'browser')$$, :'a_tenant_id'),
                 '22023', 'browser is not a dimension of milestone/order_paid.', 'a breakdown by an unregistered attribute is refused');
select throws_ok(format($$select * from vigil_api.metric_stats(%L, now() - interval '1 hour', now(), 'milestone', '{a,b}', 'payment_method')$$, :'a_tenant_id'),
                 '22023', 'A breakdown by dimension takes exactly one name.', 'a breakdown takes one name');
select throws_ok(format($$select * from vigil_api.metric_stats(%L, now(), now() - interval '1 hour')$$, :'a_tenant_id'),
                 '22023', 'until must be after since.', 'a reversed window is refused');
select throws_ok(format($$select vigil_api.set_metric_target(%L, 'milestone', 'order_paid', 'year', 10)$$, :'a_tenant_id'),
                 '22023', 'period must be day, week or month.', 'a target needs a day, week or month');
select throws_ok(format($$select vigil_api.remove_dimension(%L, 'milestone', 'order_paid', 'nope')$$, :'a_tenant_id'),
                 'P0002', 'No dimension of this tenant has that kind, name and attribute.', 'removing an unknown dimension says so');
select lives_ok(format($$select vigil_api.remove_dimension(%L, 'milestone', 'order_paid', 'payment_method')$$, :'a_tenant_id'),
                'an admin removes a dimension');

select tests.authenticate_as_service_role();
select is((select count(*)::int from vigil.dimension_rollups where tenant_id in (:'a_tenant_id', :'b_tenant_id')), 1,
          'removing a dimension removes its rows (B''s stay)');
select is((select count(*)::int from vigil.metric_targets where tenant_id in (:'a_tenant_id', :'b_tenant_id')), 2,
          'the service role reads every tenant''s targets');
select lives_ok(format($$select vigil_api.business_summary(%L)$$, :'a_tenant_id'), 'the service role calls the RPCs for any tenant');

select * from finish();
rollback;
