-- The distinct-count sketch (vigil.hll): exact while it holds at most 1024 distinct hashes, then a
-- HyperLogLog estimate within 2% of the exact count, across the switch and up to a million.
begin;
select plan(11);

select is(vigil.hll_estimate(vigil.hll_from_hashes('{}')), 0::bigint, 'an empty sketch counts nothing');
select is(vigil.hll_estimate(vigil.hll_from_hashes(null)), 0::bigint, 'nor does the sketch of no hashes');
select is(vigil.hll_hash('user-42'), pg_catalog.hashtextextended('user-42', 0), 'actors are hashed with hashtextextended, seed 0');
select is((select vigil.hll_estimate(vigil.hll_add_agg(vigil.hll_hash(x))) from unnest(array['a', 'b', 'a', 'c', 'b', 'a']) x),
  3::bigint, 'an actor seen many times counts once');
select is(array(select vigil.hll_estimate(vigil.hll_add_agg(vigil.hll_hash('user-' || g.i)))
                from (values (1), (17), (500), (1023), (1024)) n(n), generate_series(1, n.n) g(i) group by n.n order by n.n),
  array[1, 17, 500, 1023, 1024]::bigint[], 'sets of up to 1024 distinct actors are counted exactly');
select ok((select (vigil.hll_add_agg(vigil.hll_hash('user-' || i))).hashes is null from generate_series(1, 1025) i),
  'beyond 1024 the sketch keeps registers instead of hashes');

-- Across the switch to registers and the ranges where plain HyperLogLog needs corrections.
create temp table sweep850 as
select n.n, vigil.hll_estimate(vigil.hll_add_agg(pg_catalog.hashtextextended('acct:' || g.i * 7 + 3, 0))) est
from (values (1025), (1500), (3000), (8000), (20000), (45000), (80000)) n(n), generate_series(1, n.n) g(i) group by n.n;
select is_empty($$select n, est from sweep850 where abs(est - n)::double precision / n > 0.02$$,
  'from 1025 to 80,000 distinct every estimate is within 2%');

create temp table big850 as
select n.n, vigil.hll_estimate(vigil.hll_add_agg(pg_catalog.hashtextextended(pg_catalog.md5(g.i::text), 0))) est
from (values (10000), (100000), (1000000)) n(n), generate_series(1, n.n) g(i) group by n.n;
select ok(abs(est - n)::double precision / n <= 0.02, pg_catalog.format('%s distinct actors are estimated within 2%%', n))
from big850 order by n;
select diag(pg_catalog.format('%s distinct: estimated %s (%s%%)', n, est, round((est - n) * 100.0 / n, 2))) from big850 order by n;

select is((select pg_catalog.count(*) from unnest((select (vigil.hll_add_agg(vigil.hll_hash('user-' || i))).bitmaps
                                                    from generate_series(1, 5000) i)) b
           where pg_catalog.length(b) <> 16384),
  0::bigint, 'every level of the registers is a bitmap of 2^14 bits');

select * from finish();
rollback;
