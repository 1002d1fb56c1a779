-- Alert evaluation asks vigil._rollup_stats about one tenant, window and kind at a time, and each
-- call used to look for the rows not folded yet itself, scanning every tenant's rows above the id
-- floor (a minute or two of all traffic) a hundred times an evaluation. vigil._unfolded_events reads
-- them once, per tenant, and a call given its tenant's share (p_unfolded) answers exactly what it
-- answers when it reads them itself. Committed set-up (a pass folds only committed rows), removed at
-- the end; the checks run in a transaction that is rolled back.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
insert into vigil.tenants (name, slug) values ('Tail A', 'tail-a-613'), ('Tail B', 'tail-b-613'), ('Tail C', 'tail-c-613');
-- Two hours of folded traffic for both: an event every 9 seconds, three operations, every 13th failed.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select t.id, 'operation', (array['pay', 'ship', 'cart'])[1 + i % 3], now() - interval '2 hours' + i * interval '9 seconds',
       3 + (i * 41) % 700, i % 13 <> 0, case when i % 13 = 0 then 'TimeoutError' end
from vigil.tenants t cross join generate_series(0, 790) i
where t.slug in ('tail-a-613', 'tail-b-613');
do $$ begin perform vigil.fold_rollups(); perform vigil.fold_rollups(); perform vigil.fold_rollups(); end $$;
-- Then rows no pass has folded: 40 for A (ten of them late, 50 minutes back), 25 for B.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select (select id from vigil.tenants where slug = 'tail-a-613'), 'operation', (array['pay', 'ship'])[1 + i % 2],
       now() - case when i <= 10 then interval '50 minutes' else interval '0' end - (1 + i % 7) * interval '1 second',
       900 + i * 17, i % 4 <> 0, case when i % 4 = 0 then 'DatabaseError' end
from generate_series(1, 40) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select (select id from vigil.tenants where slug = 'tail-b-613'), 'operation', 'cart', now() - i * interval '3 seconds', 50, i % 5 <> 0
from generate_series(1, 25) i;
-- And 3,000 of a tenant no rule asks about: the rows above the id floor that a call reading them
-- itself would read again and again (the floor is exact, so without them there would be few).
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select (select id from vigil.tenants where slug = 'tail-c-613'), 'operation', 'noise', now() - i * interval '100 milliseconds', 5, true
from generate_series(1, 3000) i;

begin;
select plan(7);
create temp table t613 as
select t.slug, t.id, u.events from vigil.tenants t left join vigil._unfolded_events() u on u.tenant_id = t.id
where t.slug in ('tail-a-613', 'tail-b-613');

select results_eq($$ select slug, cardinality(events) from t613 order by slug $$,
                  $$ values ('tail-a-613'::text, 40), ('tail-b-613', 25) $$,
                  'vigil._unfolded_events gives each tenant its rows not folded yet, late ones included');

select results_eq($$ select tenant_id, events from vigil._unfolded_events(10) $$,
                  $$ values (null::uuid, null::vigil.unfolded_event[]) $$,
                  'past p_max rows above the id floor it answers (null, null): too many to hold, each call reads its own');

-- Windows from 3 minutes to 2 hours ending now, and one ending 20 minutes ago; every statistic.
create temp table w613 as
select now() - w as since, now() - e as until
from (values (interval '3 minutes', interval '0'), (interval '5 minutes', interval '0'), (interval '15 minutes', interval '0'),
             (interval '1 hour', interval '0'), (interval '2 hours', interval '0'), (interval '1 hour', interval '20 minutes')) v(w, e);
select is_empty($$
  (select t.slug, w.since, s.* from t613 t cross join w613 w
     cross join lateral vigil._rollup_stats(t.id, w.since, w.until, 'operation', null, null, true, null, coalesce(t.events, '{}')) s
   except
   select t.slug, w.since, s.* from t613 t cross join w613 w
     cross join lateral vigil._rollup_stats(t.id, w.since, w.until, 'operation', null, null, true, null) s)
  union all
  (select t.slug, w.since, s.* from t613 t cross join w613 w
     cross join lateral vigil._rollup_stats(t.id, w.since, w.until, 'operation', null, null, true, null) s
   except
   select t.slug, w.since, s.* from t613 t cross join w613 w
     cross join lateral vigil._rollup_stats(t.id, w.since, w.until, 'operation', null, null, true, null, coalesce(t.events, '{}')) s) $$,
  'every window answers the same whether a call reads the unfolded rows or is handed its tenant''s share');
select is((select count from t613 t cross join lateral vigil._rollup_stats(t.id, now() - interval '1 hour', now(), 'operation', 'pay') s
           where t.slug = 'tail-a-613'),
          (select count(*) from vigil.events e join t613 t on t.id = e.tenant_id
           where t.slug = 'tail-a-613' and e.name = 'pay' and e.occurred_at >= now() - interval '1 hour'),
          'and that answer counts the unfolded rows, late ones included');
select is_empty($$
  select t.slug from t613 t cross join w613 w
  where vigil._slo_counts(t.id, 'operation', 'pay', 400, w.since, w.until, coalesce(t.events, '{}'))
        is distinct from vigil._slo_counts(t.id, 'operation', 'pay', 400, w.since, w.until) $$,
  'SLO counts are the same either way');
select cmp_ok((select sum(s.count) from t613 t, vigil._rollup_stats(t.id, now() - interval '1 hour', now(), 'operation', null, null, true, null, '{}') s
                where t.slug = 'tail-a-613'),
              '=',
              (select sum(s.count) - 40 from t613 t, vigil._rollup_stats(t.id, now() - interval '1 hour', now(), 'operation') s
                where t.slug = 'tail-a-613'),
              'an empty share stands for "none": the call counts no unfolded row, it does not read them itself');

-- Twelve rules on A over three windows: raw event rows read by one evaluation of the metrics stay
-- near the rows above the id floor (read once, plus the windows' edges), not a multiple of them.
insert into vigil.alert_rules (tenant_id, name, metric, event_kind, comparator, threshold, time_window, min_events)
select (select id from t613 where slug = 'tail-a-613'), 'tail rule ' || i, (array['error_rate', 'count', 'latency_p95', 'success_rate'])[1 + i % 4],
       'operation', 'gt', 1, (array[interval '5 minutes', interval '15 minutes', interval '1 hour'])[1 + i % 3], 1
from generate_series(1, 12) i;
select count(*) as above613 from vigil.events where id > (select id_floor from vigil.rollup_state) \gset
create temp table reads613 as
select coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) n from pg_stat_xact_user_tables
where schemaname = 'vigil' and relname like 'events%';
select count(*) from vigil._alert_builtin_values(now());
select cmp_ok((select coalesce(sum(seq_tup_read + coalesce(idx_tup_fetch, 0)), 0) from pg_stat_xact_user_tables
               where schemaname = 'vigil' and relname like 'events%') - (select n from reads613),
              '<', 2 * :above613::numeric + 50,
              'one evaluation reads the rows above the id floor about once, whatever the number of rules and windows');

select * from finish();
rollback;

select tests.delete_tenants('tail-_-613');
