-- Sketches merge: the union of two sketches is, register for register (or hash for hash), the sketch
-- of the union of their sets, whichever forms they have; so sketches of hours and days can be merged
-- into any window's and a user seen in both counts once.
begin;
select plan(9);

create function pg_temp.sk851(p_from integer, p_to integer) returns vigil.hll language sql as
$$ select vigil.hll_add_agg(vigil.hll_hash('u' || i)) from generate_series(p_from, p_to) i $$;

select is(vigil.hll_union(pg_temp.sk851(1, 600), pg_temp.sk851(400, 1000)), pg_temp.sk851(1, 1000),
  'two explicit sketches whose union has at most 1024 hashes stay explicit and exact');
select is(vigil.hll_union(pg_temp.sk851(1, 800), pg_temp.sk851(500, 1500)), pg_temp.sk851(1, 1500),
  'two explicit sketches whose union is larger become the registers of the union');
select is(vigil.hll_union(pg_temp.sk851(1, 5000), pg_temp.sk851(4900, 5300)), pg_temp.sk851(1, 5300),
  'an explicit sketch merges into registers');
select is(vigil.hll_union(pg_temp.sk851(4900, 5300), pg_temp.sk851(1, 5000)), pg_temp.sk851(1, 5300),
  'and the other way round');
select is(vigil.hll_union(pg_temp.sk851(1, 20000), pg_temp.sk851(10000, 40000)), pg_temp.sk851(1, 40000),
  'two register sketches merge register by register');
select is(vigil.hll_union(pg_temp.sk851(1, 20000), pg_temp.sk851(1, 20000)), pg_temp.sk851(1, 20000),
  'a sketch merged with itself is unchanged');
select is((select vigil.hll_union_agg(pg_temp.sk851(c * 700 + 1, c * 700 + 900)) from generate_series(0, 9) c), pg_temp.sk851(1, 7200),
  'hll_union_agg merges overlapping explicit and register sketches into the sketch of all of them');
select is((select vigil.hll_union_agg(s) from (select null::vigil.hll s where false) x), null, 'the union of no sketches is null');
select is(vigil.hll_estimate((select vigil.hll_union_agg(pg_temp.sk851(c * 100 + 1, c * 100 + 150)) from generate_series(0, 5) c)),
  650::bigint, 'a user in two buckets counts once');

select * from finish();
rollback;
