-- The built-in metrics on known events: rates are fractions, latency comes from window_stats,
-- fallback_rate and cache_hit_rate follow the event conventions, grouped rules get a series per
-- name, and the SLO burn rate takes the lower of its long and short windows.
begin;
select plan(13);

select * from tests.make_tenant('metrics') \gset t_
-- checkout: 100 calls a minute ago, durations 1..100 ms, every tenth failed.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'t_tenant_id', 'operation', 'checkout', now() - interval '1 minute', g, g % 10 <> 0 from generate_series(1, 100) g;
select tests.add_events(:'t_tenant_id', 'fallback', 'checkout', 20, 0, null, now() - interval '1 minute');
select tests.add_events(:'t_tenant_id', 'cache', 'product', 30, 0, null, now() - interval '1 minute', 1);
select tests.add_events(:'t_tenant_id', 'cache', 'product', 10, 0, null, now() - interval '1 minute', 0);
select tests.add_events(:'t_tenant_id', 'operation', 'payment_card', 10, 5, 30, now() - interval '1 minute');
select tests.add_events(:'t_tenant_id', 'operation', 'payment_wallet', 10, 0, 30, now() - interval '1 minute');
-- An hour-old batch, outside the short SLO window.
select tests.add_events(:'t_tenant_id', 'operation', 'search', 100, 10, 30, now() - interval '30 minutes');

create temp table rules (metric text, rule uuid);
insert into rules
select m, tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', m || coalesce(' ' || x, ''), 'metric', m, 'comparator', 'gt',
  'threshold', 1e9, 'window', '1 hour') || coalesce(extra, '{}'::jsonb))
from (values ('error_rate', null, '{"kind": "operation", "event_name": "checkout"}'::jsonb),
             ('success_rate', null, '{"kind": "operation", "event_name": "checkout"}'),
             ('error_count', null, '{"kind": "operation", "event_name": "checkout"}'),
             ('count', null, '{"kind": "operation", "event_name": "checkout"}'),
             ('latency_p50', null, '{"kind": "operation", "event_name": "checkout"}'),
             ('latency_p95', null, '{"kind": "operation", "event_name": "checkout"}'),
             ('fallback_rate', null, '{"event_name": "checkout"}'),
             ('cache_hit_rate', null, '{"event_name": "product"}'),
             ('error_rate', 'payments', '{"kind": "operation", "name_like": "payment%"}'),
             ('error_rate', 'per payment', '{"kind": "operation", "name_like": "payment%", "group_by": "name"}'),
             ('slo_burn_rate', null, '{"kind": "operation", "event_name": "checkout", "slo_objective": 0.9}'),
             ('slo_burn_rate', 'latency', '{"kind": "operation", "event_name": "checkout", "slo_objective": 0.9, "slo_latency_ms": 50}'),
             ('slo_burn_rate', 'calm now', '{"kind": "operation", "event_name": "search", "slo_objective": 0.9}')) v(m, x, extra);
select vigil.evaluate_alerts(now());
create temp view v as
  select coalesce(r.name, '') as rule, a.labels ->> 'name' as series, round(a.value::numeric, 4) as value, a.event_count
  from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id;

select is((select value from v where rule = 'error_rate'), 0.1, 'error_rate is failed / all, as a fraction');
select is((select value from v where rule = 'success_rate'), 0.9, 'success_rate is its complement');
select is((select value from v where rule = 'error_count'), 10.0, 'error_count counts failures');
select is((select value from v where rule = 'count'), 100.0, 'count counts events');
-- window_stats answers from log histograms (ratio 1.02): within 1% of the exact rank, by contract.
select ok(abs((select value from v where rule = 'latency_p50') / 50.0 - 1) <= 0.01, 'latency_p50 is window_stats'' median (within 1%)');
select ok(abs((select value from v where rule = 'latency_p95') / 95.0 - 1) <= 0.01, 'latency_p95 is window_stats'' 95th percentile (within 1%)');
select is((select value from v where rule = 'fallback_rate'), 0.2, 'fallback_rate is fallback events / operation events of the name');
select is((select value from v where rule = 'cache_hit_rate'), 0.75, 'cache_hit_rate is hits (value 1) / lookups');
select is((select value from v where rule = 'error_rate payments'), 0.25, 'a name_like rule pools every matching operation');
select is(array(select series || '=' || value from v where rule = 'error_rate per payment' order by series),
  array['payment_card=0.5000', 'payment_wallet=0.0000'], 'a grouped rule has one series per name');
select is((select value from v where rule = 'slo_burn_rate'), 1.0,
  '10% bad against a 90% objective burns the budget at exactly 1x in both windows');
select ok(abs((select value from v where rule = 'slo_burn_rate latency') / 5.5 - 1) <= 0.01,
  'with a 50 ms latency objective, the slow half of the successes are bad too: 55% bad is a 5.5x burn');
select is((select value from v where rule = 'slo_burn_rate calm now'), 0.0,
  'a burn over the hour that has stopped in the last 5 minutes does not page');

select * from finish();
rollback;
