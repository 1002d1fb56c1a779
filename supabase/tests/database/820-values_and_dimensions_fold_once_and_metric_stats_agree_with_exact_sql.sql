-- Values in rollups and dimensions, on hand-built data with known answers: the fold keeps count, sum,
-- min, max and a signed histogram of value per row and grain, and per dimension value up to the cap
-- ('other' past it, '' when the attribute is missing); metric_stats over a window whose edges cut
-- buckets (rollups inside, raw events at the edges and in the unfolded tail) agrees with exact SQL:
-- counts and sums exactly, percentiles within 1% of percentile_disc.
-- requires: a cluster of its own (it folds rollups, whose horizon is cluster-wide), so the runner runs
-- it one file at a time. The events are committed first and removed at the end; the fold runs inside
-- a transaction that is rolled back.
\set ON_ERROR_STOP 1
select date_trunc('hour', now()) - interval '4 hours' as t0 \gset

insert into vigil.tenants (name, slug) values ('Values test', 'values-test-820');
insert into vigil.metric_dimensions (tenant_id, kind, name, attribute, cap)
select id, 'milestone', 'order_paid', 'payment_method', 3 from vigil.tenants where slug = 'values-test-820';
-- 3000 orders over three hours: heavy-tailed totals, some refunds (negative), some zero, some without
-- a value; five payment methods (cap 3), every 17th without one; every 9th failed.
insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, attributes)
select (select id from vigil.tenants where slug = 'values-test-820'), 'milestone', 'order_paid',
       :'t0'::timestamptz + (i * 3.6 - 1) * interval '1 second',
       case when i % 7 = 0 then -(i % 50) * 1.5 when i % 11 = 0 then null when i % 13 = 0 then 0
            else round(exp((i % 97) / 9.0)::numeric, 2) end,
       i % 9 <> 0,
       case when i % 17 = 0 then '{}'::jsonb
            else jsonb_build_object('payment_method', (array['card', 'paypal', 'iban', 'crypto', 'cash'])[1 + i % 5]) end
from generate_series(1, 3000) i;

begin;
select plan(13);
create temp table ids as select id from vigil.tenants where slug = 'values-test-820';
select vigil.fold_rollups();
create temp table folded as select * from vigil.events where tenant_id = (select id from ids);

-- Events after the fold: the unfolded tail, which stats read raw.
insert into vigil.events (tenant_id, kind, name, occurred_at, value, success, attributes)
select (select id from ids), 'milestone', 'order_paid', :'t0'::timestamptz + interval '2 hours' + i * interval '1 minute',
       1000 + i, true, '{"payment_method": "card"}'
from generate_series(1, 5) i;

select is_empty($$select e.id from vigil.events e join vigil.events_derived v on v.id = e.id and v.occurred_at = e.occurred_at
                  where e.tenant_id = (select id from ids) and v.value_key is distinct from vigil._value_key(e.value)$$,
                'events_derived.value_key is vigil._value_key of the value, null, zero and negatives included');
select is((select (sum(valued), sum(sum_value)::numeric(20, 2), min(min_value), max(max_value))::text
           from vigil.rollups where tenant_id = (select id from ids) and grain = 60),
          (select (count(value), sum(value)::numeric(20, 2), min(value), max(value))::text from folded),
          'hourly rows hold the count, sum, min and max of the folded values');
select is((select sum(c)::bigint from vigil.rollups r, unnest(r.value_counts) c where r.tenant_id = (select id from ids) and r.grain = 360),
          (select sum(valued)::bigint from vigil.rollups where tenant_id = (select id from ids) and grain = 360),
          'each histogram counts every valued event of its row');
select is_empty($$select 1 from vigil.rollups r where r.tenant_id = (select id from ids)
                  and (r.value_keys <> array(select k from unnest(r.value_keys) k order by k)
                       or cardinality(r.value_keys) <> cardinality(r.value_counts))$$,
                'histogram keys are sorted and parallel to their counts');
select is_empty($$select 1 from (select vigil._value_key(e.value) k, count(*) n from folded e
                  where e.value is not null group by 1) x
                  full join (select k, sum(c) n from vigil.rollups r, unnest(r.value_keys, r.value_counts) u(k, c)
                             where r.tenant_id = (select id from ids) and r.grain = 360 group by 1) y using (k)
                  where x.n is distinct from y.n$$,
                'the 6-hour histograms are exactly the folded values bucketed by vigil._value_key, negatives and zero included');
select is((select array_agg(value order by value) from vigil.dimension_values where tenant_id = (select id from ids)),
          array['crypto', 'iban', 'paypal']::text[],
          'the first three values seen are kept, the rest (the missing attribute, value '''', too) are other');
select is(
  (select string_agg(x::text, ';' order by x::text) from (
     select value::text, sum(count)::bigint, sum(errors)::bigint, sum(valued)::bigint, round(sum(sum_value)::numeric, 2)
     from vigil.dimension_rollups where tenant_id = (select id from ids) and grain = 60 group by 1) x),
  (select string_agg(x::text, ';' order by x::text) from (
     select case when coalesce(attributes ->> 'payment_method', '') in ('crypto', 'iban', 'paypal') then coalesce(attributes ->> 'payment_method', '') else 'other' end,
            count(*), count(*) filter (where not success), count(value), round(sum(value)::numeric, 2)
     from folded group by 1) x),
  'dimension rows per kept value and other hold the counts, failures and value sums of their events');

-- A window whose edges cut buckets: rollups inside, raw events at both edges, the unfolded tail.
select :'t0'::timestamptz + interval '13 minutes 7 seconds' as s, :'t0'::timestamptz + interval '2 hours 4 minutes 30 seconds' as u \gset
create temp table exact as
select count(*) n, count(*) filter (where not success) er, count(value) vn, sum(value) vs, min(value) mn, max(value) mx,
       percentile_disc(0.5) within group (order by value) p50, percentile_disc(0.95) within group (order by value) p95,
       percentile_disc(0.99) within group (order by value) p99
from vigil.events where tenant_id = (select id from ids) and occurred_at >= :'s' and occurred_at < :'u';
create temp table got as select * from vigil_api.metric_stats((select id from ids), :'s', :'u', 'milestone', '{order_paid}');

select is((select (count, errors, valued, min, max)::text from got), (select (n, er, vn, mn, mx)::text from exact),
          'metric_stats counts events, failures and valued events exactly, with the exact min and max');
select ok((select abs(g.sum - e.vs) < 1e-6 * abs(e.vs) and abs(g.avg - e.vs / e.vn) < 1e-6 * abs(e.vs / e.vn) from got g, exact e),
          'metric_stats sums and averages exactly across rollups, raw edges and the unfolded tail');
select ok((select abs(g.p50 - e.p50) <= 0.01 * abs(e.p50) and abs(g.p95 - e.p95) <= 0.01 * abs(e.p95)
                  and abs(g.p99 - e.p99) <= 0.01 * abs(e.p99) from got g, exact e),
          'p50, p95 and p99 are within 1% of percentile_disc');

create temp table mix as select * from vigil_api.metric_stats((select id from ids), :'s', :'u', 'milestone', '{order_paid}', 'payment_method');
select is(
  (select string_agg(x::text, ';' order by x::text) from (select dimension_value, count, round(sum::numeric, 2) from mix) x),
  (select string_agg(x::text, ';' order by x::text) from (
     select case when coalesce(attributes ->> 'payment_method', '') in ('crypto', 'iban', 'paypal') then coalesce(attributes ->> 'payment_method', '') else 'other' end,
            count(*), round(sum(value)::numeric, 2)
     from vigil.events where tenant_id = (select id from ids) and occurred_at >= :'s' and occurred_at < :'u' group by 1) x),
  'the payment mix per kept value and other matches the raw events, edges and tail included');
select ok((select abs(sum(count_share) - 1) < 1e-9 and abs(sum(sum_share) - 1) < 1e-9 from mix), 'shares add up to 1');
select is((select sum(count) from vigil_api.metric_timeseries((select id from ids), 'milestone', 'order_paid', :'s', :'u', interval '30 minutes')),
          (select n from exact)::numeric, 'the time series adds up to the window''s events');

select * from finish();
rollback;

delete from vigil.events where tenant_id = (select id from vigil.tenants where slug = 'values-test-820');
delete from vigil.tenants where slug = 'values-test-820';
