-- A window that ends inside a 5-minute bucket takes the bucket's rollup row whole when nothing in the
-- bucket lies at or after the window's end, and reads raw events otherwise; either way the answer is
-- exactly what the raw events give. Committed set-up (a pass folds only committed rows), removed at
-- the end; the checks run in a transaction that is rolled back.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
select date_bin('5 minutes', now() - interval '2 hours', timestamptz '2000-01-01') as t0 \gset

insert into vigil.tenants (name, slug) values ('Open bucket', 'open-bucket-611');
-- 60 events over the 15 minutes before t0 and 20 in the first 4m40s of the bucket at t0, every 7th failed.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success, error_type)
select (select id from vigil.tenants where slug = 'open-bucket-611'), 'operation', 'pay',
       :'t0'::timestamptz - interval '15 minutes' + i * interval '15 seconds', 10 + i, i % 7 <> 0,
       case when i % 7 = 0 then 'TimeoutError' end
from generate_series(0, 59) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select (select id from vigil.tenants where slug = 'open-bucket-611'), 'operation', 'pay',
       :'t0'::timestamptz + i * interval '14 seconds', 500 + i, true
from generate_series(0, 19) i;
do $$ begin perform vigil.fold_rollups(); perform vigil.fold_rollups(); perform vigil.fold_rollups(); end $$;
-- One more event in the open bucket, committed after the passes: not folded yet.
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
values ((select id from vigil.tenants where slug = 'open-bucket-611'), 'operation', 'pay',
        :'t0'::timestamptz + interval '4 minutes 45 seconds', 1, false);

begin;
select plan(6);
create temp table t611 as select id from vigil.tenants where slug = 'open-bucket-611';

-- Nothing at or after t0 + 4m50s: the bucket comes from its row, the unfolded event from raw rows.
select tests.window_is_raw((select id from t611),
  :'t0'::timestamptz - interval '10 minutes', :'t0'::timestamptz + interval '4 minutes 50 seconds',
  'a window ending inside the last bucket counts what the raw events count, the unfolded one included');
select ok((select abs(w.p95_ms - x.v) / x.v <= 0.01
           from vigil.window_stats((select id from t611), :'t0'::timestamptz - interval '10 minutes',
                                   :'t0'::timestamptz + interval '4 minutes 50 seconds') w,
                (select percentile_disc(0.95) within group (order by duration_ms) v from vigil.events
                 where tenant_id = (select id from t611) and occurred_at >= :'t0'::timestamptz - interval '10 minutes'
                   and occurred_at < :'t0'::timestamptz + interval '4 minutes 50 seconds') x),
          'its p95 is within 1% of percentile_disc over the raw events');

-- Events at and after t0 + 2m in the same bucket: the row would count them, so raw rows serve.
select tests.window_is_raw((select id from t611),
  :'t0'::timestamptz - interval '10 minutes', :'t0'::timestamptz + interval '2 minutes',
  'a window ending before later events of its last bucket counts only what lies inside it');
select is((select count from vigil.window_stats((select id from t611), :'t0'::timestamptz + interval '1 minute',
                                                :'t0'::timestamptz + interval '3 minutes')),
          (select count(*) from vigil.events where tenant_id = (select id from t611)
             and occurred_at >= :'t0'::timestamptz + interval '1 minute' and occurred_at < :'t0'::timestamptz + interval '3 minutes'),
          'a window inside one bucket counts its raw events');
select is((select count from vigil.window_stats((select id from t611), :'t0'::timestamptz - interval '10 minutes',
                                                :'t0'::timestamptz + interval '4 minutes 40 seconds')),
          (select count(*) from vigil.events where tenant_id = (select id from t611)
             and occurred_at >= :'t0'::timestamptz - interval '10 minutes' and occurred_at < :'t0'::timestamptz + interval '4 minutes 40 seconds'),
          'an event later in the bucket (the unfolded one at 4m45s) keeps the window exact');

-- Proof that the row is what serves: with the bucket's folded raw rows gone (in this transaction
-- only), the answer still counts them.
delete from vigil.events where tenant_id = (select id from t611) and occurred_at >= :'t0'::timestamptz
  and occurred_at < :'t0'::timestamptz + interval '4 minutes 40 seconds';
select is((select count from vigil.window_stats((select id from t611), :'t0'::timestamptz - interval '10 minutes',
                                                :'t0'::timestamptz + interval '4 minutes 50 seconds')),
          61::bigint, 'the bucket''s 20 folded events come from its rollup row (40 before t0, 20 in it, 1 unfolded)');

select * from finish();
rollback;

select tests.delete_tenants('open-bucket-611');
