-- web_vitals (p75 and ratings at web.dev's thresholds), cache_stats and fallback_stats on
-- hand-built events.
begin;
select plan(9);

select date_trunc('minute', now()) - interval '30 minutes' as t \gset
select * from tests.make_tenant('vitals-a') \gset a_

insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, attributes)
select :'a_tenant_id', 'web_vital', 'LCP', :'t'::timestamptz + i * interval '1 second', v, true, '{}'::jsonb
from unnest(array[1000, 2000, 3000, 5000]) with ordinality u(v, i);
insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, attributes)
values (:'a_tenant_id', 'web_vital', 'CLS', :'t', 0.05, true, '{}'),
       (:'a_tenant_id', 'cache', 'products', :'t', 1, true, '{"layer": "redis"}'),
       (:'a_tenant_id', 'cache', 'products', :'t', 1, true, '{"layer": "redis"}'),
       (:'a_tenant_id', 'cache', 'products', :'t', 0, true, '{"layer": "redis"}'),
       (:'a_tenant_id', 'cache', 'products', :'t', 0, true, '{}'),
       (:'a_tenant_id', 'fallback', 'pricing', :'t', null, true, '{"layer": "cache"}'),
       (:'a_tenant_id', 'fallback', 'pricing', :'t', null, false, '{"layer": "cache"}');
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select :'a_tenant_id', 'operation', 'pricing', :'t'::timestamptz + i * interval '1 second', 20, true from generate_series(1, 4) i;

select tests.authenticate_as(:'a_viewer_id');

select results_eq(
  format($$select name, count, p75, rating, good, needs_improvement, poor from vigil_api.web_vitals(%L, %L, now()) where name = 'LCP'$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 minute')),
  $$values ('LCP', 4::bigint, 3000::float8, 'needs-improvement', 0.5::float8, 0.25::float8, 0.25::float8)$$,
  'LCP: p75 is 3000 ms (needs improvement); half good, a quarter each in the other ratings');
select results_eq(
  format($$select name, count, p75, rating from vigil_api.web_vitals(%L, %L, now()) where name = 'CLS'$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 minute')),
  $$values ('CLS', 1::bigint, 0.05::float8, 'good')$$, 'a single CLS sample of 0.05 is good');
select results_eq(
  format($$select name, count, rating, good_threshold, poor_threshold from vigil_api.web_vitals(%L, %L, now()) where count = 0$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 minute')),
  $$values ('INP', 0::bigint, null::text, 200::float8, 500::float8), ('FCP', 0::bigint, null, 1800, 3000), ('TTFB', 0::bigint, null, 800, 1800)$$,
  'vitals without samples are listed with their thresholds and no rating');
select is((select count(*)::int from vigil_api.web_vitals(:'a_tenant_id', now() - interval '3 days', now() - interval '2 days') where count = 0),
          5, 'an empty window lists the five vitals with zero samples');

select results_eq(
  format($$select name, layer, lookups, hits, misses, hit_rate from vigil_api.cache_stats(%L, %L, now())$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 minute')),
  $$values ('products', 'redis', 3::bigint, 2::bigint, 1::bigint, (2.0 / 3)::float8),
           ('products', null, 1::bigint, 0::bigint, 1::bigint, 0::float8)$$,
  'cache hit rates per name and layer');
select is_empty(format($$select * from vigil_api.cache_stats(%L, now() - interval '3 days', now() - interval '2 days')$$, :'a_tenant_id'),
                'no cache events, no rows');
select results_eq(
  format($$select name, layer, fallbacks, fallback_successes, operations, fallback_rate from vigil_api.fallback_stats(%L, %L, now())$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 minute')),
  $$values ('pricing', 'cache', 2::bigint, 1::bigint, 4::bigint, 0.5::float8)$$,
  'fallback rate = fallback events / operation events of that name');
select throws_ok(format($$select * from vigil_api.web_vitals(%L, now(), now() - interval '1 hour')$$, :'a_tenant_id'),
                 '22023', 'until must be after since.', 'web_vitals refuses a reversed window');
select throws_ok(format($$select * from vigil_api.fallback_stats(%L, now(), now())$$, :'a_tenant_id'),
                 '22023', 'until must be after since.', 'fallback_stats refuses an empty window');

select * from finish();
rollback;
