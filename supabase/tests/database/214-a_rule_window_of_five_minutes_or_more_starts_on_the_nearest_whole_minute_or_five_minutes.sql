-- A rule's window ends at the evaluation time. One of 5 minutes or more starts on the whole minute
-- nearest to (evaluation time - window), so that its start is a minute rollup row rather than up to a
-- minute of raw events; evaluation runs at the top of each minute, where that is the window itself.
-- Minute rows cover only the recent past (from vigil.rollup_state.minute_from on): a start before
-- that is the whole 5 minutes nearest instead, a 5-minute row rather than up to 4 minutes of raw
-- events. Shorter windows (an SLO's short window) stay exact.
begin;
select plan(8);

select * from tests.make_tenant('windows') \gset t_
-- Evaluated 40 s into a minute m0 that is also a whole 5 minutes: a 10-minute window nominally starts
-- at m0 - 9m20s and starts at m0 - 9m; one of 10m40s nominally starts at m0 - 10m, a whole minute,
-- and starts there.
select date_bin('5 minutes', now(), timestamptz '2000-01-01') - interval '5 minutes' as m0 \gset
select (:'m0'::timestamptz + interval '40 seconds') as at \gset
-- One event every 10 seconds over the 12 minutes before the evaluation.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'t_tenant_id', 'operation', 'checkout', :'at'::timestamptz - interval '12 minutes' + g * interval '10 seconds', 10, true
from generate_series(0, 71) g;

create temp table rules (label text, rule uuid);
insert into rules
select label, tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', label, 'metric', 'count', 'comparator', 'gt',
  'threshold', 1e9, 'window', win, 'kind', 'operation', 'event_name', 'checkout'))
from (values ('ten', '10 minutes'), ('ten and two thirds', '10 minutes 40 seconds'), ('four', '4 minutes')) v(label, win);
create temp view v as
  select r.name as rule, a.event_count from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id;

-- Minute rows from m0 - 15m: every start below is inside them.
update vigil.rollup_state set minute_from = :'m0'::timestamptz - interval '15 minutes';
select vigil.evaluate_alerts(:'at'::timestamptz);

select tests.rule_counted(:'t_tenant_id', 'ten', :'m0'::timestamptz - interval '9 minutes', :'at'::timestamptz,
  'a 10-minute window evaluated at m0 + 40s counts from m0 - 9m, the nearest whole minute');
select is((select event_count from v where rule = 'ten'), 58::bigint, 'that is 58 events, not the 60 of [at - 10m, at)');
select tests.rule_counted(:'t_tenant_id', 'ten and two thirds', :'m0'::timestamptz - interval '10 minutes', :'at'::timestamptz,
  'a window whose nominal start is a whole minute keeps it');
select tests.rule_counted(:'t_tenant_id', 'four', :'at'::timestamptz - interval '4 minutes', :'at'::timestamptz,
  'a window under 5 minutes is exact');

-- Minute rows only from m0 - 8m: the 10-minute window's start (m0 - 9m20s) is older than they reach.
update vigil.rollup_state set minute_from = :'m0'::timestamptz - interval '8 minutes';
select vigil.evaluate_alerts(:'at'::timestamptz);
select tests.rule_counted(:'t_tenant_id', 'ten', :'m0'::timestamptz - interval '10 minutes', :'at'::timestamptz,
  'a start before the minute rows is the nearest whole 5 minutes, m0 - 10m');
select is((select event_count from v where rule = 'ten'), 64::bigint, 'that is 64 events, not the 58 from m0 - 9m');
select tests.rule_counted(:'t_tenant_id', 'four', :'at'::timestamptz - interval '4 minutes', :'at'::timestamptz,
  'a window under 5 minutes stays exact there too');

-- At the top of a minute, as pg_cron runs it, the window is exactly the rule's.
update vigil.rollup_state set minute_from = :'m0'::timestamptz - interval '15 minutes';
select vigil.evaluate_alerts(:'m0'::timestamptz + interval '1 minute');
select tests.rule_counted(:'t_tenant_id', 'ten', :'m0'::timestamptz - interval '9 minutes', :'m0'::timestamptz + interval '1 minute',
  'evaluated on a whole minute, a 10-minute window is [t - 10m, t)');

select * from finish();
rollback;
