-- Funnels over milestones read what the fold keeps per actor (vigil.milestone_times) and the events
-- not folded yet; funnels over any other kind read raw events. The same events under kind milestone
-- and kind custom must give the same funnel, for many windows, step lists, conversion windows and both
-- actors: before any pass, after two passes (the second folding late events into rows that exist),
-- with actors who reach a milestone more than 8 times (whose rows cannot answer every question and
-- are read raw), and after retention drops the oldest days of events.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_trunc('hour', now()) as t0 \gset
insert into vigil.tenants (name, slug) values ('Funnel state', 'funnel-state-631'), ('Funnel state other', 'funnel-state-631b');
select vigil.ensure_partitions((now() at time zone 'UTC')::date - 13, (now() at time zone 'UTC')::date + 1) is not null as ok \gset

-- 400 users in 900 sessions reach four milestones over 12 days, mostly once or twice each, some of
-- them (every 37th user) over and over; each event twice, as kind milestone and as kind custom.
create temp table m631 as
select u.i user_n, s.j, (array['signup', 'verify', 'order', 'repeat'])[1 + ((u.i * 7 + s.j * 3) % 17) % 4] as step,
       :'t0'::timestamptz - interval '12 days' + ((u.i * 7919 + s.j * 104729) % 1036800) * interval '1 second' as at
from generate_series(1, 400) u(i)
cross join lateral generate_series(1, case when u.i % 37 = 0 then 60 else 1 + u.i % 6 end) s(j);
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select t.id, k.kind, m.step, m.at, 'u' || m.user_n, 's' || ((m.user_n * 3 + m.j) % 900)
from m631 m cross join (values ('milestone'), ('custom')) k(kind)
cross join (select id from vigil.tenants where slug = 'funnel-state-631') t;
-- Another tenant's milestones with the same names and actors are not this tenant's.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select (select id from vigil.tenants where slug = 'funnel-state-631b'), 'milestone', m.step, m.at - interval '1 hour', 'u' || m.user_n, 's1'
from m631 m where m.j = 1;

-- The funnels compared: windows over the last 12 days, two step lists, three conversion windows, both actors.
create temp table q631 as
select :'t0'::timestamptz - make_interval(days => d) as since, :'t0'::timestamptz - make_interval(days => d) + make_interval(hours => h) as until,
       st.steps, w.within, b.by
from (values (12), (9), (4), (1)) dd(d) cross join (values (30), (100), (300)) hh(h)
cross join (values (array['signup', 'verify', 'order']), (array['verify', 'signup', 'repeat', 'order'])) st(steps)
cross join (values (interval '1 hour'), (interval '1 day'), (interval '5 days')) w(within)
cross join (values ('user'), ('session')) b(by);
create function pg_temp.mismatches631() returns bigint language sql as $$
  select count(*) from pg_temp.q631 q,
  lateral (select * from vigil_api.funnel((select id from vigil.tenants where slug = 'funnel-state-631'), q.steps, q.since, q.until, q.within, q.by, 'milestone')
           except
           select * from vigil_api.funnel((select id from vigil.tenants where slug = 'funnel-state-631'), q.steps, q.since, q.until, q.within, q.by, 'custom')) x
$$;
grant select on m631, q631 to public;
select (select pg_temp.mismatches631()) as before_fold \gset

do $$ begin perform vigil.fold_rollups(); end $$;
-- Late events into rows that exist, committed after the pass: an earlier time for some, more times for others.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select t.id, k.kind, m.step, m.at - interval '37 minutes', 'u' || m.user_n, 's' || ((m.user_n * 3 + m.j) % 900)
from m631 m cross join (values ('milestone'), ('custom')) k(kind)
cross join (select id from vigil.tenants where slug = 'funnel-state-631') t
where m.j % 5 = 1;

begin;
select plan(9);

select is(:before_fold::bigint, 0::bigint, 'before any pass, funnels from unfolded milestones equal those from raw events');
select ok((select count(*) from q631) = 144 and (select count(*) from q631 q, lateral vigil_api.funnel(
             (select id from vigil.tenants where slug = 'funnel-state-631'), q.steps, q.since, q.until, q.within, q.by) f where f.step > 2 and f.count > 0) > 30,
          'the comparison covers 144 funnels, many of which convert beyond the second step');
select is(pg_temp.mismatches631(), 0::bigint, 'after one pass, with late events not folded yet, every funnel is the same');
select ok((vigil.fold_rollups() ->> 'events')::int > 0, 'the next pass folds the late events');
select is(pg_temp.mismatches631(), 0::bigint, 'after it, every funnel is still the same');

-- Each row holds the first 8 times of its actor at its milestone, and knows whether that is all of them.
select is_empty($$
  select m.name, m.actor_type, m.actor, m.times, m.complete from vigil.milestone_times m
  where m.tenant_id = (select id from vigil.tenants where slug = 'funnel-state-631')
  except
  select e.name, a.actor_type, a.actor, (array_agg(e.occurred_at order by e.occurred_at))[1:8], count(*) <= 8
  from vigil.events e cross join lateral (values ('user', e.user_id), ('session', e.session_id)) a(actor_type, actor)
  where e.tenant_id = (select id from vigil.tenants where slug = 'funnel-state-631') and e.kind = 'milestone'
  group by 1, 2, 3
$$, 'every milestone row holds its actor''s first 8 times and says whether there are more');
select ok((select count(*) from vigil.milestone_times where tenant_id = (select id from vigil.tenants where slug = 'funnel-state-631') and not complete) > 10,
          'some actors reached a milestone more than 8 times (their later steps are read raw)');

-- Retention: the oldest days of events go (a clock 25 days ahead, so the cutoff falls 5 days ago),
-- then the milestone times before the oldest day left.
-- A day someone holds stops a call with the days after it (busy): call again, as the next run would.
do $$
declare
  r jsonb;
  n integer := 0;
begin
  for i in 1 .. 5 loop
    r := vigil.drop_expired_partitions(now() + interval '25 days');
    n := n + (r ->> 'dropped')::integer;
    exit when jsonb_array_length(r -> 'busy') = 0;
  end loop;
  perform set_config('t.dropped631', n::text, true);
end
$$;
select ok(current_setting('t.dropped631')::integer >= 7, 'retention drops the oldest days of events');
do $$ begin perform vigil.prune_rollups(); end $$;
select is(pg_temp.mismatches631(), 0::bigint, 'after retention, milestone times agree with the raw events that are left');

select * from finish();
rollback;

select tests.delete_tenants('funnel-state-631%');
