-- vigil_api.retention on a hand-built history whose cohort table is known: each user's first
-- cohort event (by name, any kind) in the events held puts it in a week's cohort; a return event in a
-- later week counts for that week, one in the same week does not; a user first seen before the
-- periods asked is in no cohort; another tenant's events never count.
begin;
select plan(9);

select * from tests.make_two_tenants('ret853') \gset
-- W0: the Monday three weeks before this week's.
select date_bin(interval '7 days', now(), timestamptz '2000-01-03 00:00+00') - interval '21 days' as w0 \gset
select :'w0'::timestamptz + interval '23 days 5 hours' as until \gset
create temp table c853 as select :'a_tenant_id'::uuid a, :'w0'::timestamptz w0, :'until'::timestamptz until;
-- The cohort table with weeks counted from W0.
create function pg_temp.r853(p_period text, p_periods integer, p_until timestamptz, p_actor text default 'user', p_cohort text default 'signup')
returns table (week double precision, cohort_size bigint, period integer, returned bigint, rate double precision) language sql as $$
  select extract(epoch from r.cohort_start - c.w0)::double precision / 604800, r.cohort_size, r.period, r.returned, r.rate
  from pg_temp.c853 c, vigil_api.retention(c.a, p_cohort, 'order', p_period, p_periods, p_until, p_actor) r
$$;
create temp table h853 (who text, name text, week integer, hours integer, kind text default 'milestone');
insert into h853 (who, name, week, hours) values
  ('u1', 'signup', 0, 10), ('u1', 'order', 1, 3), ('u1', 'order', 3, 30),
  ('u2', 'signup', 0, 100), ('u2', 'order', 0, 120), ('u2', 'order', 2, 1), ('u2', 'order', 2, 50),
  ('u3', 'signup', 1, 4), ('u3', 'signup', 2, 4), ('u3', 'order', 2, 70),
  ('u4', 'signup', -1, 20), ('u4', 'signup', 1, 20), ('u4', 'order', 2, 20),
  ('u5', 'signup', 2, 160),
  ('u6', 'order', 1, 9),
  ('u7', 'signup', 3, 2), ('u7', 'order', 3, 3);
update h853 set kind = 'custom' where who = 'u3';
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select :'a_tenant_id', h.kind, h.name, :'w0'::timestamptz + h.week * interval '7 days' + h.hours * interval '1 hour', h.who, h.who || '-s' || h.week
from h853 h;
-- The other tenant: the same users come back every week.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
select :'b_tenant_id', 'milestone', 'order', :'w0'::timestamptz + w * interval '7 days' + interval '1 hour', 'u' || u
from generate_series(0, 3) w, generate_series(1, 7) u;

select results_eq(
  $$select * from pg_temp.r853('week', 4, (select until from pg_temp.c853))$$,
  $$values (0::double precision, 2::bigint, 0, 2::bigint, 1::double precision), (0, 2, 1, 1, 0.5), (0, 2, 2, 1, 0.5), (0, 2, 3, 1, 0.5),
           (1, 1, 0, 1, 1), (1, 1, 1, 1, 1), (1, 1, 2, 0, 0),
           (2, 1, 0, 1, 1), (2, 1, 1, 0, 0),
           (3, 1, 0, 1, 1)$$,
  'weekly cohorts of first signups and the later weeks they ordered in (weeks start on Monday 00:00 UTC)');
select results_eq(
  $$select * from pg_temp.r853('week', 2, (select until from pg_temp.c853))$$,
  $$values (2::double precision, 1::bigint, 0, 1::bigint, 1::double precision), (2, 1, 1, 0, 0), (3, 1, 0, 1, 1)$$,
  'two periods: users first seen before them (u1 to u4) are in no cohort of theirs');
select results_eq(
  $$select round(week * 7), cohort_size, period, returned from pg_temp.r853('day', 9, (select w0 + interval '21 days' from pg_temp.c853))$$,
  $$values (20::double precision, 1::bigint, 0, 1::bigint)$$,
  'daily periods: of days 12 to 20 only u5 signs up first, on day 20 (u3 signed up on day 14, but first on day 7)');
select results_eq(
  $$select week, cohort_size from pg_temp.r853('week', 4, (select until from pg_temp.c853), 'session') where period = 0$$,
  $$values (0::double precision, 2::bigint), (1, 2), (2, 2), (3, 1)$$,
  'by session, each session is an actor of its own (u3 and u4 start new sessions in week 1, u3 again in week 2)');
select is_empty($$select * from pg_temp.r853('week', 4, (select until from pg_temp.c853), 'user', 'nothing')$$, 'no cohort event, no cohorts');
select is((select sum(returned) from pg_temp.r853('week', 4, (select until from pg_temp.c853)) where period > 0), 4::numeric,
  'the other tenant''s weekly orders by the same user ids count for nothing');

select throws_ok($$select * from vigil_api.retention((select a from pg_temp.c853), 'signup', 'order', 'month')$$, '22023', 'period must be day or week.',
  'a period other than day or week is refused by name');
select throws_ok($$select * from vigil_api.retention((select a from pg_temp.c853), 'signup', 'order', 'week', 0)$$, '22023', 'limit must be between 1 and 52.',
  'zero periods are refused');
select throws_ok($$select * from vigil_api.retention((select a from pg_temp.c853), null, 'order')$$, '22023', 'cohort_event and return_event are required.',
  'a missing event name is refused');

select * from finish();
rollback;
