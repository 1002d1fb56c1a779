-- Retention prunes actor sketches with the rollups, in bounded batches: day sketches after 400 days
-- (or the tenant's retention_days if longer), hour sketches after 35 days (or retention_days if
-- longer), so a 30-day question keeps its hours.
begin;
select plan(4);

select * from tests.make_tenant('prune-855') \gset a_
select * from tests.make_tenant('prune-855-long') \gset b_
update vigil.tenants set retention_days = 500 where id = :'b_tenant_id';
select timestamptz '2026-06-01 00:00+00' as now855 \gset
insert into vigil.actor_sketches (tenant_id, grain, bucket_start, actor_type, sketch)
select t, g, :'now855'::timestamptz - d * interval '1 day', a, vigil.hll_from_hashes(array[d]::bigint[])
from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t, (values (60), (1440)) g(g), (values (34), (36), (399), (401), (501)) d(d),
     (values ('user'), ('session')) a(a);

select is((vigil.prune_rollups(:'now855'::timestamptz, 3) ->> 'more')::boolean, true, 'a batch prunes at most p_limit sketches and says more are left');
select lives_ok($$select vigil.prune_rollups('2026-06-01 00:00+00'::timestamptz) from generate_series(1, 3)$$, 'later runs prune the rest');
select is(array(select grain || '/' || (:'now855'::timestamptz - bucket_start) from vigil.actor_sketches
                where tenant_id = :'a_tenant_id' and actor_type = 'user' order by grain, bucket_start desc),
  array['60/34 days', '1440/34 days', '1440/36 days', '1440/399 days'],
  'a 30-day tenant keeps hours for 35 days and days for 400');
select is(array(select grain || '/' || (:'now855'::timestamptz - bucket_start) from vigil.actor_sketches
                where tenant_id = :'b_tenant_id' and actor_type = 'session' order by grain, bucket_start desc),
  array['60/34 days', '60/36 days', '60/399 days', '60/401 days', '1440/34 days', '1440/36 days', '1440/399 days', '1440/401 days'],
  'a tenant keeping 500 days of events keeps both for 500');

select * from finish();
rollback;
