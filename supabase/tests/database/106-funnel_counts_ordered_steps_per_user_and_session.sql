-- funnel on hand-built milestones: order matters, steps must come within the conversion window,
-- by user or by session, conversion rates and median time; invalid arguments have named errors.
begin;
select plan(10);

select date_trunc('hour', now()) - interval '2 days' as t \gset
select * from tests.make_tenant('funnel-a') \gset a_

-- u1 converts fully (verify +60 s, order +180 s, but in another session); u2 skips verify;
-- u3 verifies two days later (outside 1 day); u4 verified before signing up; u5 verifies at +120 s.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id, session_id)
values (:'a_tenant_id', 'milestone', 'signup', :'t'::timestamptz, 'u1', 's1'),
       (:'a_tenant_id', 'milestone', 'verify', :'t'::timestamptz + interval '60 seconds', 'u1', 's1b'),
       (:'a_tenant_id', 'milestone', 'order', :'t'::timestamptz + interval '180 seconds', 'u1', 's1b'),
       (:'a_tenant_id', 'milestone', 'signup', :'t'::timestamptz, 'u2', 's2'),
       (:'a_tenant_id', 'milestone', 'order', :'t'::timestamptz + interval '100 seconds', 'u2', 's2'),
       (:'a_tenant_id', 'milestone', 'signup', :'t'::timestamptz, 'u3', 's3'),
       (:'a_tenant_id', 'milestone', 'verify', :'t'::timestamptz + interval '2 days', 'u3', 's3'),
       (:'a_tenant_id', 'milestone', 'verify', :'t'::timestamptz - interval '60 seconds', 'u4', 's4'),
       (:'a_tenant_id', 'milestone', 'signup', :'t'::timestamptz, 'u4', 's4'),
       (:'a_tenant_id', 'milestone', 'signup', :'t'::timestamptz, 'u5', 's5'),
       (:'a_tenant_id', 'milestone', 'verify', :'t'::timestamptz + interval '120 seconds', 'u5', 's5'),
       (:'a_tenant_id', 'milestone', 'signup', :'t'::timestamptz, null, null),
       (:'a_tenant_id', 'operation', 'signup', :'t'::timestamptz, 'u9', 's9');

select tests.authenticate_as(:'a_viewer_id');

select results_eq(
  format($$select step, name, count, conversion_from_previous, conversion_from_first, median_seconds_from_previous
           from vigil_api.funnel(%L, array['signup', 'verify', 'order'], %L, %L)$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 hour'), (:'t'::timestamptz + interval '3 days')),
  $$values (1, 'signup', 5::bigint, null::float8, 1::float8, null::float8),
           (2, 'verify', 2::bigint, 0.4::float8, 0.4::float8, 90::float8),
           (3, 'order', 1::bigint, 0.5::float8, 0.2::float8, 120::float8)$$,
  'by user: 5 sign up, 2 verify within a day (median 90 s), 1 orders after verifying');
select results_eq(
  format($$select count from vigil_api.funnel(%L, array['signup', 'verify', 'order'], %L, %L, '3 days')$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 hour'), (:'t'::timestamptz + interval '3 days')),
  $$values (5::bigint), (3::bigint), (1::bigint)$$,
  'a wider conversion window lets u3''s late verification count');
select results_eq(
  format($$select count from vigil_api.funnel(%L, array['signup', 'verify', 'order'], %L, %L, '1 day', 'session')$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 hour'), (:'t'::timestamptz + interval '3 days')),
  $$values (5::bigint), (1::bigint), (0::bigint)$$,
  'by session: u1 verified in another session, so only u5''s session converts');
select results_eq(
  format($$select count from vigil_api.funnel(%L, array['signup', 'order'], %L, %L, '1 day', 'user', 'milestone')$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '1 hour'), (:'t'::timestamptz + interval '3 days')),
  $$values (5::bigint), (2::bigint)$$,
  'two steps: u1 and u2 both order after signing up');
select results_eq(
  format($$select count, conversion_from_previous from vigil_api.funnel(%L, array['signup', 'verify'], %L, %L)$$,
         :'a_tenant_id', (:'t'::timestamptz - interval '3 days'), (:'t'::timestamptz - interval '2 days')),
  $$values (0::bigint, null::float8), (0::bigint, null::float8)$$,
  'an empty window: zero counts, no conversion rates');

select throws_ok(format($$select * from vigil_api.funnel(%L, array['signup'], now() - interval '1 day')$$, :'a_tenant_id'),
                 '22023', 'steps must list 2 to 20 step names, none of them null.', 'one step is not a funnel');
select throws_ok(format($$select * from vigil_api.funnel(%L, array['signup', null], now() - interval '1 day')$$, :'a_tenant_id'),
                 '22023', 'steps must list 2 to 20 step names, none of them null.', 'a null step is refused');
select throws_ok(format($$select * from vigil_api.funnel(%L, array['a', 'b'], now() - interval '1 day', now(), '0 seconds')$$, :'a_tenant_id'),
                 '22023', 'within must be a positive interval.', 'a zero conversion window is refused');
select throws_ok(format($$select * from vigil_api.funnel(%L, array['a', 'b'], now() - interval '1 day', now(), '1 day', 'device')$$, :'a_tenant_id'),
                 '22023', 'by must be user or session.', 'an unknown actor is refused');
select throws_ok(format($$select * from vigil_api.funnel(%L, array['a', 'b'], now(), now() - interval '1 day')$$, :'a_tenant_id'),
                 '22023', 'until must be after since.', 'a reversed window is refused');

select * from finish();
rollback;
