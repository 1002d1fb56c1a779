-- dashboard() is the other RPCs in one round trip: each part equals what its own RPC returns for the
-- same caller and window, and alert transitions come back as markers with their firing intervals.
begin;
select plan(19);

select vigil.ensure_partitions(((now() at time zone 'UTC')::date - 10), ((now() at time zone 'UTC')::date + 1));
select date_trunc('hour', now()) as u \gset
select * from tests.make_tenant('dash-parts') \gset t_

select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 40, 4, 120, :'u'::timestamptz - interval '50 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'search', 20, 0, 30, :'u'::timestamptz - interval '20 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 10, 0, 100, :'u'::timestamptz - interval '7 days 30 minutes');
insert into vigil.events (tenant_id, kind, name, occurred_at, error_type, error_message, fingerprint, success)
values (:'t_tenant_id', 'error', 'TypeError', :'u'::timestamptz - interval '10 minutes', 'TypeError', 'x is undefined', 'fp-new', false);
insert into vigil.events (tenant_id, kind, name, occurred_at, value)
values (:'t_tenant_id', 'web_vital', 'LCP', :'u'::timestamptz - interval '15 minutes', 1800);

-- An alert that fired 40 minutes before u and resolved 10 minutes before u.
select tests.alert_rule(:'t_tenant_id', '{"name": "volume", "metric": "count", "comparator": "gte", "threshold": 0, "window": "10 minutes", "min_events": 0}') as rule \gset
select vigil.evaluate_alerts(:'u'::timestamptz - interval '40 minutes');
select id as alert from vigil.alerts where rule_id = :'rule' \gset
update vigil.alert_rules set threshold = 1000000 where id = :'rule';
select vigil.evaluate_alerts(:'u'::timestamptz - interval '10 minutes');

select tests.authenticate_as(:'t_viewer_id');
create temp table d as select vigil_api.dashboard(:'t_tenant_id', :'u'::timestamptz - interval '1 hour', :'u') as j;

select is((select j -> 'summary' from d), vigil_api.summary(:'t_tenant_id', :'u'::timestamptz - interval '1 hour', :'u'),
          'summary is summary()');
select is((select j ->> 'bucket' from d), '00:01:00', 'a one-hour window gets one-minute buckets');
select results_eq(
  $$select (x ->> 'ord')::int, (x ->> 'count')::bigint, (x ->> 'errors')::bigint, (x ->> 'p95_ms')::float8
    from d, jsonb_array_elements((select jsonb_agg(jsonb_build_object('ord', i, 'count', j #> array['series','count',(i-1)::text],
                                                                   'errors', j #> array['series','errors',(i-1)::text],
                                                                   'p95_ms', j #> array['series','p95_ms',(i-1)::text]))
                                  from generate_series(1, jsonb_array_length(j #> '{series,t}')) i)) x order by 1$$,
  format($$select row_number() over (order by bucket_start)::int, count, errors, p95_ms
           from vigil_api.timeseries(%L, 'count', %L::timestamptz - interval '1 hour', %L, '1 minute') order by bucket_start$$, :'t_tenant_id', :'u', :'u'),
  'the series is timeseries() bucket by bucket');
select results_eq(
  $$select o ->> 'kind', o ->> 'name', (o ->> 'count')::bigint, (o ->> 'errors')::bigint, (o ->> 'p95_ms')::float8
    from d, jsonb_array_elements(j -> 'operations') o$$,
  format($$select kind, name, count, errors, p95_ms from vigil_api.operation_stats(%L, %L::timestamptz - interval '1 hour', %L, null, null, 10)$$,
         :'t_tenant_id', :'u', :'u'),
  'the operations are operation_stats(), in its order');
select is((select jsonb_agg(o - '{error_rate,count_before,count_change,error_rate_before,error_rate_change,p95_before_ms,p95_change,spark}'::text[])
           from d, jsonb_array_elements(j -> 'operations') o),
          (select jsonb_agg(to_jsonb(s)) from vigil_api.operation_stats(:'t_tenant_id', :'u'::timestamptz - interval '1 hour', :'u', null, null, 10) s),
          'each operation carries every column of its operation_stats() row, unchanged');
select results_eq(
  $$select o ->> 'name', (o ->> 'count_before')::bigint, (o ->> 'count_change')::float8, (o ->> 'error_rate_before')::float8,
           (o ->> 'error_rate_change')::float8, (o ->> 'p95_before_ms')::float8, (o ->> 'p95_change')::float8
    from d, jsonb_array_elements(j -> 'operations') o
    where o ->> 'kind' = 'operation' order by 1$$,
  format($$select c.name, c.count_before, c.count_change, c.error_rate_before, c.error_rate_change, c.p95_before_ms, c.p95_change
           from vigil_api.compare(%L, '1 hour', %L) c
           where (c.kind, c.name) in (('operation', 'checkout'), ('operation', 'search')) order by 1$$, :'t_tenant_id', :'u'),
  'week-over-week is compare() over the same window length');
select is((select jsonb_array_length(o -> 'spark') from d, jsonb_array_elements(j -> 'operations') o where o ->> 'name' = 'checkout'),
          12, 'a one-hour sparkline has twelve 5-minute points');
select is((select (select sum(v::bigint) from jsonb_array_elements_text(o -> 'spark') v) from d, jsonb_array_elements(j -> 'operations') o
           where o ->> 'name' = 'checkout'), 40::numeric, 'the sparkline adds up to the operation''s count');
select is((select j -> 'alerts' from d),
          (select coalesce(jsonb_agg(to_jsonb(a)), '[]') from vigil_api.list_alerts(:'t_tenant_id', '{pending,firing,recovering}', null, null, 50) a),
          'the open alerts are list_alerts()');
select results_eq(
  $$select g ->> 'fingerprint', (g ->> 'count')::bigint, (g ->> 'is_new')::boolean from d, jsonb_array_elements(j -> 'error_groups') g$$,
  format($$select fingerprint, count, true from vigil_api.error_groups(%L, %L::timestamptz - interval '1 hour', %L, 20)$$, :'t_tenant_id', :'u', :'u'),
  'the error groups are error_groups(), a group first seen in the window marked new');
select is((select j -> 'web_vitals' from d),
          (select jsonb_agg(to_jsonb(w) order by w.name) from vigil_api.web_vitals(:'t_tenant_id', :'u'::timestamptz - interval '1 hour', :'u') w),
          'web vitals are web_vitals()');
select results_eq(
  $$select m ->> 'kind', m #>> '{ref,from_state}', m #>> '{ref,to_state}', m ->> 'source' from d, jsonb_array_elements(j -> 'markers') m$$,
  $$values ('alert', 'ok', 'firing', 'alerts'), ('alert', 'firing', 'resolved', 'alerts')$$,
  'alert transitions are markers, oldest first');
select results_eq(
  $$select (f ->> 'from')::timestamptz, (f ->> 'until')::timestamptz from d, jsonb_array_elements(j -> 'firing') f$$,
  format($$values (%L::timestamptz - interval '40 minutes', %L::timestamptz - interval '10 minutes')$$, :'u', :'u'),
  'the firing interval runs from firing to resolved');
select is((select j -> 'system' from d), 'null'::jsonb, 'a member of an app tenant sees no system section');
select is((select jsonb_agg(c ->> 'name') from d, jsonb_array_elements(j -> 'cards') c), '["errors", "error_rate", "p95", "alerts"]'::jsonb,
          'the four cards of the window; the maintenance card is for vigil-system members only');

-- A window off the clock's grid (every "last hour" the page asks for): the buckets stay on the grid, so
-- they hold the same events at every refresh and whole ones are read from rollups; the start before
-- the first boundary is a bucket of its own. Each piece is still timeseries(), and the sparkline points
-- still add up to the operation's count in the window.
select :'u'::timestamptz - interval '62 minutes 30 seconds' as s2, :'u'::timestamptz - interval '30 seconds' as u2 \gset
select tests.clear_authentication();
select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 5, 1, 300, :'u'::timestamptz - interval '61 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'search', 3, 0, 30, :'u'::timestamptz - interval '10 seconds');
select tests.authenticate_as(:'t_viewer_id');
create temp table d2 as select vigil_api.dashboard(:'t_tenant_id', :'s2', :'u2', '5 minutes') as j;
select results_eq(
  $$select (x ->> 't')::timestamptz, (x ->> 'count')::bigint, (x ->> 'errors')::bigint, (x ->> 'p95_ms')::float8
    from d2, jsonb_array_elements((select jsonb_agg(jsonb_build_object('t', j #> array['series','t',(i-1)::text],
                                                                    'count', j #> array['series','count',(i-1)::text],
                                                                    'errors', j #> array['series','errors',(i-1)::text],
                                                                    'p95_ms', j #> array['series','p95_ms',(i-1)::text]))
                                   from generate_series(1, jsonb_array_length(j #> '{series,t}')) i)) x order by 1$$,
  format($$select bucket_start, count, errors, p95_ms from vigil_api.timeseries(%1$L, 'count', %2$L, %3$L::timestamptz - interval '1 hour', '150 seconds')
           union all
           select bucket_start, count, errors, p95_ms from vigil_api.timeseries(%1$L, 'count', %3$L::timestamptz - interval '1 hour', %4$L, '5 minutes')
           order by 1$$, :'t_tenant_id', :'s2', :'u', :'u2'),
  'off the grid, the series is timeseries() of the start before the first 5-minute boundary, then of 5-minute buckets on the grid');
select is((select jsonb_agg(o - '{error_rate,count_before,count_change,error_rate_before,error_rate_change,p95_before_ms,p95_change,spark}'::text[])
           from d2, jsonb_array_elements(j -> 'operations') o),
          (select jsonb_agg(to_jsonb(s)) from vigil_api.operation_stats(:'t_tenant_id', :'s2', :'u2', null, null, 10) s),
          'off the grid, the operations are operation_stats() of the window');
select results_eq(
  $$select o ->> 'name', (o ->> 'count_before')::bigint, (o ->> 'count_change')::float8, (o ->> 'p95_before_ms')::float8, (o ->> 'p95_change')::float8
    from d2, jsonb_array_elements(j -> 'operations') o where o ->> 'kind' = 'operation' order by 1$$,
  format($$select c.name, c.count_before, c.count_change, c.p95_before_ms, c.p95_change from vigil_api.compare(%L, '62 minutes', %L) c
           where (c.kind, c.name) in (('operation', 'checkout'), ('operation', 'search')) order by 1$$, :'t_tenant_id', :'u2'),
  'off the grid, week-over-week is compare() over the same window length');
select results_eq(
  $$select o ->> 'name', jsonb_array_length(o -> 'spark'), (select sum(v::bigint) from jsonb_array_elements_text(o -> 'spark') v)::bigint
    from d2, jsonb_array_elements(j -> 'operations') o where o ->> 'kind' = 'operation' order by 1$$,
  $$values ('checkout', 13, 45::bigint), ('search', 13, 20::bigint)$$,
  'off the grid, a sparkline has the start as a point of its own, then 5-minute points, adding up to the count in the window');

select * from finish();
rollback;
