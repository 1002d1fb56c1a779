-- The fold merges a pass's actors into hour sketches and each changed hour, whole, into its day
-- sketch; a sketch the pass leaves as it was is not written again. Checked on a small tenant
-- (explicit sketches, exact) and a large one (dense): a pass whose actors were all seen keeps every
-- sketch row as it was (same tuple), a pass with new actors over several hours rewrites those hours
-- and the day, and after both every day sketch is the union of its hours and counts exactly what
-- the raw events hold (the large one within HyperLogLog's 2%).
-- requires: a cluster of its own (it folds rollups, whose lock is cluster-wide), so the runner runs
-- it one file at a time.
\set ON_ERROR_STOP 1
select (date_trunc('day', now() at time zone 'UTC') at time zone 'UTC') as d0 \gset
insert into vigil.tenants (name, slug) values ('Sketch 856 small', 'sketch-856-small'), ('Sketch 856 large', 'sketch-856-large');
select id as small from vigil.tenants where slug = 'sketch-856-small' \gset
select id as large from vigil.tenants where slug = 'sketch-856-large' \gset
do $$ begin perform vigil.fold_rollups(); end $$;

-- Pass 1: 40 users on the small tenant, 6,000 on the large one, in the day's first two hours.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select :'small', 'page_view', 'home', :'d0'::timestamptz + (i % 120) * interval '1 minute', 'u' || (i % 40), 's' || i
from generate_series(1, 400) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
select :'large', 'page_view', 'home', :'d0'::timestamptz + (i % 120) * interval '1 minute', 'u' || i
from generate_series(1, 6000) i;
do $$ begin perform vigil.fold_rollups(); end $$;
create temp table rows856_1 as select tenant_id, grain, bucket_start, actor_type, ctid::text tid, xmin::text x from vigil.actor_sketches
where tenant_id in (:'small', :'large');

-- Pass 2: the same actors again, in the same hours.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
select :'small', 'page_view', 'home', :'d0'::timestamptz + (i % 120) * interval '1 minute' + interval '10 seconds', 'u' || (i % 40), 's' || i
from generate_series(1, 400) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
select :'large', 'page_view', 'home', :'d0'::timestamptz + (i % 120) * interval '1 minute' + interval '10 seconds', 'u' || i
from generate_series(1, 6000) i;
do $$ begin perform vigil.fold_rollups(); end $$;
create temp table rows856_2 as select tenant_id, grain, bucket_start, actor_type, ctid::text tid, xmin::text x from vigil.actor_sketches
where tenant_id in (:'small', :'large');

-- Pass 3: new users in the second and third hours.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
select :'small', 'page_view', 'home', :'d0'::timestamptz + interval '1 hour' + (i % 100) * interval '1 minute', 'n' || i
from generate_series(1, 20) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
select :'large', 'page_view', 'home', :'d0'::timestamptz + interval '1 hour' + (i % 100) * interval '1 minute', 'n' || i
from generate_series(1, 3000) i;
do $$ begin perform vigil.fold_rollups(); end $$;

select plan(7);
select is((select count(*) from rows856_1), 9::bigint,
  'pass 1 writes hour and day sketches: small users and sessions in 2 hours and their day, large users in 2 hours and their day');
select is((select count(*) from rows856_1 a join rows856_2 b using (tenant_id, grain, bucket_start, actor_type) where a.tid = b.tid and a.x = b.x),
  9::bigint, 'a pass whose actors were all seen leaves every sketch row as it was');
select is(array(select t.slug || '/' || s.grain || '/' || extract(hour from s.bucket_start - :'d0'::timestamptz)
                from vigil.actor_sketches s join vigil.tenants t on t.id = s.tenant_id
                left join rows856_2 b using (tenant_id, grain, bucket_start, actor_type)
                where s.tenant_id in (:'small', :'large') and s.actor_type = 'user' and (b.tid is distinct from s.ctid::text or b.x is distinct from s.xmin::text)
                order by 1),
  array['sketch-856-large/1440/0', 'sketch-856-large/60/1', 'sketch-856-large/60/2', 'sketch-856-small/1440/0', 'sketch-856-small/60/1'],
  'a pass with new actors writes the hours they came in and their day, nothing else');
select is((select count(*) from vigil.actor_sketches d
           where d.tenant_id in (:'small', :'large') and d.grain = 1440
             and d.sketch is distinct from (select vigil.hll_union_agg(h.sketch) from vigil.actor_sketches h
                                            where h.tenant_id = d.tenant_id and h.actor_type = d.actor_type and h.grain = 60
                                              and h.bucket_start >= d.bucket_start and h.bucket_start < d.bucket_start + interval '1 day')),
  0::bigint, 'every day sketch is the union of its hour sketches');
select is(vigil.hll_estimate((select sketch from vigil.actor_sketches where tenant_id = :'small' and grain = 1440 and actor_type = 'user')),
  60::bigint, 'the small tenant''s day counts its 60 users exactly');
select is(vigil.hll_estimate((select sketch from vigil.actor_sketches where tenant_id = :'small' and grain = 1440 and actor_type = 'session')),
  400::bigint, 'and its 400 sessions');
select ok(abs(vigil.hll_estimate((select sketch from vigil.actor_sketches where tenant_id = :'large' and grain = 1440 and actor_type = 'user')) - 9000) <= 180,
  'the large tenant''s day counts its 9,000 users within 2%');
select * from finish();

delete from vigil.actor_sketches where tenant_id in (:'small', :'large');
delete from vigil.all_rollups where tenant_id in (:'small', :'large');
delete from vigil.events where tenant_id in (:'small', :'large');
delete from vigil.tenants where id in (:'small', :'large');
