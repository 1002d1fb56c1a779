-- A database-wide metric whose function raises (here stale_view_count, broken for the test) puts its
-- own rule in error with the message in history; the other rules, database-wide or not, are evaluated.
begin;
select plan(6);

select vigil.system_tenant_id() as sys \gset
select * from tests.make_tenant('wire-raise') \gset t_
select tests.system_rule('heartbeat_missing') as heartbeat \gset
select tests.system_rule('db_connections_pct') as connections \gset
select tests.alert_rule(:'sys', '{"name": "Stale views", "metric": "stale_views", "comparator": "gt", "threshold": 0, "window": "5 minutes"}') as stale \gset
select tests.alert_rule(:'t_tenant_id', '{"name": "volume", "metric": "count", "comparator": "gte", "threshold": 0, "window": "10 minutes", "min_events": 0}') as volume \gset

create or replace function vigil.stale_view_count(p_now timestamptz default pg_catalog.now()) returns double precision
language plpgsql stable set search_path = ''
as $$ begin raise exception 'vigil.materialized_views is unreadable'; end $$;
select vigil._record_system_event('db_metric', 'connections_pct', 20, '{}', now());

select is((vigil.evaluate_alerts(now()) ->> 'errors')::int, 1, 'the evaluation reports one failing metric');
select is(tests.alert_state(:'stale'), 'error', 'the stale-views rule is in error');
select is((select note from vigil.alert_history where rule_id = :'stale'), 'vigil.materialized_views is unreadable',
  'history keeps the metric''s message');
select is(tests.alert_state(:'heartbeat'), 'firing', 'the heartbeat rule in the same run still fires (maintenance never ran)');
select is(tests.alert_state(:'connections'), 'ok', 'the connections rule is evaluated as ok');
select is(tests.alert_state(:'volume'), 'firing', 'and an app tenant''s rule is evaluated as usual');

select * from finish();
rollback;
