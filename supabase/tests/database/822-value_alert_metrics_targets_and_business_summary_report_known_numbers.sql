-- On hand-built orders with known totals: rules on value_sum, value_avg and value_p95 (one with a
-- dimension filter, one per name) fire on the values they watch; targets report progress for the
-- period that holds the clock; business_summary gives revenue, orders, average order value, the
-- transactions' success rate, active users and the open business alerts; compare gains value sums.
begin;
select plan(17);

select vigil.ensure_partitions(((now() at time zone 'UTC')::date - 10), ((now() at time zone 'UTC')::date + 1));
select date_trunc('day', now()) + interval '1 hour' as at \gset
select * from tests.make_tenant('business-822') \gset t_

-- In the last 15 minutes before :at: orders of 10, 20, 30 by card and 100 by paypal (user u1..u4),
-- a refund of -5 by card; a checkout operation with 3 successes and 1 failure (user u1).
-- A week earlier: orders of 40 by card.
insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, user_id, attributes)
values (:'t_tenant_id', 'milestone', 'order_paid', :'at'::timestamptz - interval '14 minutes', 10, true, 'u1', '{"payment_method": "card"}'),
       (:'t_tenant_id', 'milestone', 'order_paid', :'at'::timestamptz - interval '12 minutes', 20, true, 'u2', '{"payment_method": "card"}'),
       (:'t_tenant_id', 'milestone', 'order_paid', :'at'::timestamptz - interval '10 minutes', 30, true, 'u3', '{"payment_method": "card"}'),
       (:'t_tenant_id', 'milestone', 'order_paid', :'at'::timestamptz - interval '8 minutes', 100, true, 'u4', '{"payment_method": "paypal"}'),
       (:'t_tenant_id', 'milestone', 'order_paid', :'at'::timestamptz - interval '6 minutes', -5, true, 'u1', '{"payment_method": "card"}'),
       (:'t_tenant_id', 'milestone', 'order_paid', :'at'::timestamptz - interval '7 days 10 minutes', 40, true, 'u9', '{"payment_method": "card"}');
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, user_id)
select :'t_tenant_id', 'operation', 'checkout', :'at'::timestamptz - interval '5 minutes' + i * interval '10 seconds', 100, i <> 2, 'u1'
from generate_series(1, 4) i;
insert into vigil.metric_dimensions (tenant_id, kind, name, attribute, cap) values (:'t_tenant_id', 'milestone', 'order_paid', 'payment_method', 1);
-- The cap of 1 is taken by card: paypal counts as other.
insert into vigil.dimension_values (tenant_id, kind, name, attribute, value, first_seen)
values (:'t_tenant_id', 'milestone', 'order_paid', 'payment_method', 'card', :'at'::timestamptz - interval '1 day');

select tests.authenticate_as(:'t_admin_id');
select tests.alert_rule(:'t_tenant_id', '{"name": "Revenue drop", "metric": "value_sum", "kind": "milestone", "event_name": "order_paid",
  "comparator": "lt", "threshold": 200, "window": "15 minutes", "severity": "critical"}') as sum_rule \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "Card revenue", "metric": "value_sum", "kind": "milestone", "event_name": "order_paid",
  "dimension": "payment_method", "dimension_value": "card", "comparator": "gt", "threshold": 50, "window": "15 minutes"}') as card_rule \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "Other revenue", "metric": "value_sum", "kind": "milestone", "event_name": "order_paid",
  "dimension": "payment_method", "dimension_value": "other", "comparator": "gt", "threshold": 50, "window": "15 minutes"}') as other_rule \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "Order value", "metric": "value_avg", "kind": "milestone", "group_by": "name",
  "comparator": "gt", "threshold": 30, "window": "15 minutes"}') as avg_rule \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "Big orders", "metric": "value_p95", "kind": "milestone", "event_name": "order_paid",
  "comparator": "gte", "threshold": 99, "window": "15 minutes"}') as p95_rule \gset
select throws_ok(format($$select vigil_api.create_alert_rule(%L, '{"name": "x", "metric": "count", "kind": "milestone", "event_name": "order_paid",
  "dimension": "payment_method", "dimension_value": "card", "comparator": "gt", "threshold": 1, "window": "5 minutes"}')$$, :'t_tenant_id'),
  '22023', 'dimension and dimension_value go together, on value_sum, value_avg or value_p95 rules with an event_name.',
  'a dimension filter is for value metrics on one event name');

select tests.authenticate_as_service_role();
select vigil.evaluate_alerts(:'at');
select is((select (state, value)::text from vigil.alerts where rule_id = :'sum_rule'), '(firing,155)',
          'value_sum adds the orders and the refund (155) and fires below 200');
select is((select (state, value)::text from vigil.alerts where rule_id = :'card_rule'), '(firing,55)',
          'with a dimension filter only card orders count (10 + 20 + 30 - 5 = 55): above 50, firing');
select is((select value from vigil.alerts where rule_id = :'other_rule'), 100::float8, 'paypal, past the cap, is other: 100');
select is((select (labels, value)::text from vigil.alerts where rule_id = :'avg_rule'), '("{""name"": ""order_paid""}",31)',
          'value_avg per name: 155 / 5 = 31');
select ok((select abs(value - 100) <= 1 and state = 'firing' from vigil.alerts where rule_id = :'p95_rule'),
          'value_p95 is the 95th percentile value within 1% (100) and fires at or above 99');

select tests.authenticate_as(:'t_admin_id');
select vigil_api.set_business_metrics(:'t_tenant_id', 'order_paid', 'checkout') is not null as ok \gset
select vigil_api.set_metric_target(:'t_tenant_id', 'milestone', 'order_paid', 'day', 310) is not null as ok \gset
select vigil_api.set_metric_target(:'t_tenant_id', 'milestone', 'order_paid', 'day', 5, 'count') is not null as ok \gset
select tests.authenticate_as(:'t_viewer_id');
select results_eq(
  format($$select statistic, actual, target, progress from vigil_api.metric_progress(%L, %L) order by statistic$$, :'t_tenant_id', :'at'),
  $$values ('count', 5::float8, 5::float8, 1::float8), ('sum', 155::float8, 310::float8, 0.5::float8)$$,
  'metric_progress reports the day''s sum and count against their targets');

create temp table b as select vigil_api.business_summary(:'t_tenant_id', :'at') j;
select is((select j -> 'revenue' -> 'today' ->> 'revenue' from b)::float8, 155::float8, 'revenue today is the sum of the day''s order values');
select is((select (j -> 'revenue' -> 'today' ->> 'progress')::float8 from b), 0.5::float8, 'revenue today is half of its target');
select is((select (j ->> 'average_order_value_today')::float8 from b), 31::float8, 'the average order value is revenue over orders');
select is((select j -> 'transactions_today' from b),
          '{"name": "checkout", "count": 4, "failed": 1, "success_rate": 0.75}'::jsonb, 'transactions and their success rate');
select is((select (j ->> 'active_users_today')::int from b), 4, 'active users are the distinct users of the day');
select is((select array_agg(x ->> 'rule' order by x ->> 'rule') from b, jsonb_array_elements(j -> 'alerts') x),
          array['Big orders', 'Card revenue', 'Order value', 'Other revenue', 'Revenue drop'], 'the open business alerts are listed');
select is((select (j -> 'revenue' -> 'month' ->> 'revenue')::float8 >= 155 from b), true, 'the month includes today');

select is((select (c ->> 'value', c ->> 'status', c ->> 'detail') from (select vigil.dashboard_card_business(:'t_tenant_id', :'at'::timestamptz - interval '1 day', :'at') c) x)::text,
          '(155,bad,"target 310 · 5 orders · average 31.00 · 75.0% of checkout succeeded · 4 active users")',
          'the console card shows revenue today, bad while a business alert is open');
select is((select count(*)::int from vigil.dashboard_cards where name = 'business' and fn = 'vigil.dashboard_card_business(uuid, timestamptz, timestamptz)'),
          1, 'the card is registered');
select is((select (value_sum, value_sum_before, value_avg, value_avg_before)::text
           from vigil_api.compare(:'t_tenant_id', '15 minutes', :'at', 'milestone') where name = 'order_paid'),
          '(155,40,31,40)', 'compare gives the value sums and averages now and a week earlier');

select * from finish();
rollback;
