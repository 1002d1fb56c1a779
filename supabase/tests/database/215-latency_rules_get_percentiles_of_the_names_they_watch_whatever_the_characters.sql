-- Evaluation merges latency histograms only for the names latency rules watch, matched as LIKE
-- patterns: a rule's own name is escaped, so names with _ % or \ get their percentiles, and a
-- name_like rule gets those of every name it matches.
begin;
select plan(5);

select * from tests.make_tenant('pct') \gset t_
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'t_tenant_id', 'operation', n, now() - interval '1 minute', g * m, true
from generate_series(1, 100) g
cross join (values ('a_b', 1), ('axb', 2), ('x\y%', 3), ('pay_card', 4), ('pay_wallet', 5)) v(n, m);

create temp table rules (label text, rule uuid);
insert into rules
select label, tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', label, 'metric', metric, 'comparator', 'gt',
  'threshold', 1e9, 'window', '15 minutes', 'kind', 'operation') || extra)
from (values ('p95 a_b', 'latency_p95', '{"event_name": "a_b"}'::jsonb),
             ('p95 x\y%', 'latency_p95', '{"event_name": "x\\y%"}'),
             ('p99 pay', 'latency_p99', '{"name_like": "pay%", "group_by": "name"}'),
             ('count axb', 'count', '{"event_name": "axb"}')) v(label, metric, extra);
select vigil.evaluate_alerts(now());
create temp view v as
  select r.name as rule, a.labels ->> 'name' as series, a.value from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id;

select ok(abs((select value from v where rule = 'p95 a_b') / 95.0 - 1) <= 0.01, 'a name with _ gets its own p95 (within 1%)');
select ok(abs((select value from v where rule = 'p95 x\y%') / 285.0 - 1) <= 0.01, 'a name with % and \ gets its own p95');
select ok(abs((select value from v where rule = 'p99 pay' and series = 'pay_card') / 396.0 - 1) <= 0.01,
          'a name_like rule gets the p99 of each name it matches');
select ok(abs((select value from v where rule = 'p99 pay' and series = 'pay_wallet') / 495.0 - 1) <= 0.01, 'all of them');
select is((select value from v where rule = 'count axb'), 100::double precision, 'rules without percentiles are unaffected');

select * from finish();
rollback;
