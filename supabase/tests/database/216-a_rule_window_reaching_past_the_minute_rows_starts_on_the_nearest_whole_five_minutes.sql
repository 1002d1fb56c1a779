-- Minute rollup rows cover only the recent past (from vigil.rollup_state.minute_from on). A rule
-- window of 5 minutes or more whose start lies before that starts on the whole 5 minutes nearest to
-- (evaluation time - window), a 5-minute row, instead of the whole minute, which would leave up to
-- 4 minutes of raw events to read at its start. One that starts inside the minute rows keeps the
-- whole minute (test 214).
begin;
select plan(4);

select * from tests.make_tenant('five-minute-starts') \gset t_
-- Evaluated 2m40s after a 5-minute boundary m5: a 10-minute window nominally starts at m5 - 7m20s.
-- On the whole minute that is m5 - 7m; on the whole 5 minutes, m5 - 5m (2m20s away, against 2m40s).
select date_bin('5 minutes', now(), timestamptz '2000-01-01') - interval '5 minutes' as m5 \gset
select (:'m5'::timestamptz + interval '2 minutes 40 seconds') as at \gset
-- One event every 10 seconds over the 12 minutes before the evaluation.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'t_tenant_id', 'operation', 'checkout', :'at'::timestamptz - interval '12 minutes' + g * interval '10 seconds', 10, true
from generate_series(0, 71) g;
select tests.alert_rule(:'t_tenant_id', jsonb_build_object('name', 'ten', 'metric', 'count', 'comparator', 'gt',
  'threshold', 1e9, 'window', '10 minutes', 'kind', 'operation', 'event_name', 'checkout'));
create temp view v as
  select a.event_count from vigil.alerts a join vigil.alert_rules r on r.id = a.rule_id
  where r.tenant_id = :'t_tenant_id' and r.name = 'ten';

-- Minute rows from m5 - 8m: the start is inside them.
update vigil.rollup_state set minute_from = :'m5'::timestamptz - interval '8 minutes';
select vigil.evaluate_alerts(:'at'::timestamptz);
select is((select event_count from v), 58::bigint,
          'a start inside the minute rows is the nearest whole minute: [m5 - 7m, at) holds 58 events');

-- Minute rows only from m5 - 6m: the start is older than they reach.
update vigil.rollup_state set minute_from = :'m5'::timestamptz - interval '6 minutes';
select vigil.evaluate_alerts(:'at'::timestamptz);
select is((select event_count from v),
          (select count(*) from vigil.events where tenant_id = :'t_tenant_id'
             and occurred_at >= :'m5'::timestamptz - interval '5 minutes' and occurred_at < :'at'::timestamptz),
          'a start before the minute rows is the nearest whole 5 minutes');
select is((select event_count from v), 46::bigint, 'that is 46 events, [m5 - 5m, at)');

-- On a whole 5 minutes, as pg_cron's run at the top of such a minute, the window is the rule's.
select vigil.evaluate_alerts(:'m5'::timestamptz + interval '5 minutes');
select is((select event_count from v),
          (select count(*) from vigil.events where tenant_id = :'t_tenant_id'
             and occurred_at >= :'m5'::timestamptz - interval '5 minutes' and occurred_at < :'m5'::timestamptz + interval '5 minutes'),
          'evaluated on a whole 5 minutes, a 10-minute window is [t - 10m, t)');

select * from finish();
rollback;
