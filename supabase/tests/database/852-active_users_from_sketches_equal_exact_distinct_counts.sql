-- vigil_api.active_users and the windows behind it (vigil._actor_sketch: day and hour sketches, raw
-- edges and the events not folded yet) against count(distinct) over raw events. With at most 1024
-- users a sketch is exact, so every figure must be equal: before any pass, after passes, with late
-- and unfolded events, for windows aligned or not, of minutes to 30 days, by user and by session. A
-- large tenant's figures are within 2%. Another tenant's events with the same user ids never count.
-- requires: a cluster of its own (it folds rollups, whose horizon is cluster-wide: another open
-- transaction would hold it back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_bin(interval '1 minute', now(), timestamptz '2000-01-01 00:00+00') - interval '17 minutes 13 seconds' as t0 \gset
select vigil.ensure_partitions((now() at time zone 'UTC')::date - 34, (now() at time zone 'UTC')::date + 1) is not null as ok \gset
select (select tenant_id from tests.make_tenant('au-852')) as a, (select tenant_id from tests.make_tenant('au-852-big')) as b \gset

-- 900 users and 1000 sessions over 29 days (inside retention: no maintenance run may drop them), some
-- events anonymous; the big tenant has 12,000 users,
-- 300 of them with the small tenant's ids.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select :'a', (array['custom', 'milestone', 'operation'])[1 + i % 3], 'visit',
       :'t0'::timestamptz - ((i * 7919) % (29 * 1440)) * interval '1 minute' - (i % 59) * interval '1 second',
       case when i % 11 = 0 then null else 'u' || ((i * 31) % 900) end, 's' || ((i * 17) % 1000)
from generate_series(1, 20000) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select :'b', 'custom', 'visit', :'t0'::timestamptz - ((i * 7919) % (9 * 1440)) * interval '1 minute',
       'u' || ((i * 13) % 12000), 's1'
from generate_series(1, 40000) i;

-- The windows compared: ends aligned to the hour and day and not, lengths of 7 minutes to 30 days.
create temp table w852 as
select u.until, u.until - l.len as since, a.actor
from (values (:'t0'::timestamptz), (date_bin(interval '1 day', :'t0'::timestamptz, timestamptz '2000-01-01 00:00+00')),
             (:'t0'::timestamptz - interval '3 days 5 hours 41 minutes'), (date_trunc('hour', :'t0'::timestamptz) - interval '2 days')) u(until)
cross join (values (interval '7 minutes'), (interval '50 minutes'), (interval '1 hour'), (interval '5 hours 3 minutes'),
                   (interval '1 day'), (interval '2 days 7 hours'), (interval '7 days'), (interval '30 days')) l(len)
cross join (values ('user'), ('session')) a(actor);
grant select on w852 to public;
create function pg_temp.exact852(p_tenant uuid, p_since timestamptz, p_until timestamptz, p_actor text) returns bigint language sql as $$
  select count(distinct case p_actor when 'user' then e.user_id else e.session_id end) from vigil.events e
  where e.tenant_id = p_tenant and e.occurred_at >= p_since and e.occurred_at < p_until
$$;
-- Windows whose sketch count differs from the exact one.
create function pg_temp.window_misses852(p_tenant uuid) returns bigint language sql as $$
  select count(*) from pg_temp.w852 w
  where vigil.hll_estimate(vigil._actor_sketch(p_tenant, w.since, w.until, w.actor)) <> pg_temp.exact852(p_tenant, w.since, w.until, w.actor)
$$;
-- Series days (and headline figures) of active_users that differ from exact SQL.
create function pg_temp.series_misses852(p_tenant uuid, p_until timestamptz, p_actor text) returns bigint language sql as $$
  with r as (select vigil_api.active_users(p_tenant, p_until, 30, p_actor) j)
  select (select count(*) from r, jsonb_array_elements(r.j -> 'days') d
          cross join lateral (select (d ->> 'day')::date::timestamp at time zone 'UTC' as s) x
          where (d ->> 'dau')::bigint <> pg_temp.exact852(p_tenant, x.s, least(x.s + interval '1 day', p_until), p_actor)
             or (d ->> 'wau')::bigint <> pg_temp.exact852(p_tenant, x.s - interval '6 days', least(x.s + interval '1 day', p_until), p_actor)
             or (d ->> 'mau')::bigint <> pg_temp.exact852(p_tenant, x.s - interval '29 days', least(x.s + interval '1 day', p_until), p_actor)
             or (d ->> 'stickiness')::double precision
                <> (d ->> 'dau')::double precision / nullif((d ->> 'mau')::double precision, 0))
       + (select count(*) from r where jsonb_array_length(r.j -> 'days') <> 30
             or (r.j ->> 'dau')::bigint <> pg_temp.exact852(p_tenant, p_until - interval '1 day', p_until, p_actor)
             or (r.j ->> 'wau')::bigint <> pg_temp.exact852(p_tenant, p_until - interval '7 days', p_until, p_actor)
             or (r.j ->> 'mau')::bigint <> pg_temp.exact852(p_tenant, p_until - interval '30 days', p_until, p_actor)
             or (r.j ->> 'stickiness')::double precision <> (r.j ->> 'dau')::double precision / (r.j ->> 'mau')::double precision)
$$;
select pg_temp.window_misses852(:'a') as before_fold \gset
select pg_temp.series_misses852(:'a', :'t0', 'user') + pg_temp.series_misses852(:'a', :'t0', 'session') as series_before_fold \gset

-- Three passes, so the id floor moves past the events and the sketches alone answer for them.
-- (Each its own transaction: a pass records what the floor is derived from only when it began without an xid.)
select vigil.fold_rollups() is not null as pass1 \gset
select vigil.fold_rollups() is not null as pass2 \gset
select vigil.fold_rollups() is not null as pass3 \gset
select (select id_floor from vigil.rollup_state) >= (select max(id) from vigil.events) as floor_moved \gset
select pg_temp.window_misses852(:'a') as after_fold \gset
select pg_temp.series_misses852(:'a', :'t0', 'user') + pg_temp.series_misses852(:'a', :'t0', 'session')
     + pg_temp.series_misses852(:'a', :'t0'::timestamptz - interval '3 days 5 hours 41 minutes', 'user') as series_after_fold \gset
-- Late events into old buckets and new users, committed after the passes: read raw until folded, then from the sketches.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select :'a', 'custom', 'late', :'t0'::timestamptz - ((i * 104729) % (29 * 1440)) * interval '1 minute', 'late' || (i % 70), 'sl' || (i % 20)
from generate_series(1, 200) i;
select pg_temp.window_misses852(:'a') as unfolded \gset
select vigil.fold_rollups() is not null as pass4 \gset
select vigil.fold_rollups() is not null as pass5 \gset
select pg_temp.window_misses852(:'a') + pg_temp.series_misses852(:'a', :'t0', 'user') as late_folded \gset

begin;
select plan(12);

select is(:before_fold::bigint, 0::bigint, 'before any pass, every window''s distinct users and sessions equal count(distinct) over raw events');
select is(:series_before_fold::bigint, 0::bigint, 'and so do active_users'' dau, wau, mau, stickiness and its 30 days');
select ok(:'floor_moved'::boolean, 'three passes move the id floor past every event');
select is(:after_fold::bigint, 0::bigint, 'from sketches, every window of 7 minutes to 30 days, aligned or not, is exact for a small tenant');
select is(:series_after_fold::bigint, 0::bigint, 'so is active_users, whatever p_until');
select is(:unfolded::bigint, 0::bigint, 'late events not folded yet are counted from raw events');
select is(:late_folded::bigint, 0::bigint, 'and once folded into old buckets, from the sketches');
select ok((select count(*) from vigil.actor_sketches where tenant_id = :'a' and grain = 60) > 700
      and (select count(*) from vigil.actor_sketches where tenant_id = :'a' and grain = 1440) between 60 and 70,
  'the fold keeps a sketch per hour and per day, for users and for sessions');

select ok(abs((vigil_api.active_users(:'b', :'t0') ->> 'mau')::bigint - pg_temp.exact852(:'b', :'t0'::timestamptz - interval '30 days', :'t0', 'user'))
          <= 0.02 * pg_temp.exact852(:'b', :'t0'::timestamptz - interval '30 days', :'t0', 'user'),
  'a tenant with 12,000 users gets its monthly actives within 2%, its 300 ids shared with another tenant counted once');
select is(vigil._business_active_users(:'a', :'t0'::timestamptz - interval '2 days', :'t0'),
  pg_temp.exact852(:'a', :'t0'::timestamptz - interval '2 days', :'t0', 'user'), 'business_summary''s helper counts a window''s users');
select is(vigil._alert_active_users(:'a', tstzrange(:'t0'::timestamptz - interval '1 hour', :'t0')),
  pg_temp.exact852(:'a', :'t0'::timestamptz - interval '1 hour', :'t0', 'user')::numeric, 'the alert metric counts the rule window''s users');
select is((select unit || ':' || fn from vigil.alert_metrics where name = 'active_users'), 'count:vigil._alert_active_users(uuid,tstzrange)',
  'active_users is a registered alert metric');

select * from finish();
rollback;

select tests.delete_tenants('au-852%');
