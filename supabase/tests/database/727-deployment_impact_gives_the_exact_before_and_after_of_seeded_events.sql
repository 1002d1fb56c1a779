-- deployment_impact on seeded events: per operation the counts and error rates of the window before
-- the deploy went live and after it, exactly, and p95 within the histogram's 1%; error groups first
-- seen in the deploy's version, and groups regressed in it.
begin;
select plan(9);

select date_trunc('minute', now()) - interval '1 hour' as live \gset
select * from tests.make_tenant('impact') \gset t_
select * from tests.make_tenant('impact-other') \gset o_
select tests.deploy_target(:'t_tenant_id') as web \gset
select tests.deploy_key(:'web') as k \gset
select tests.deploy(:'k', 'dpl_2', 'v2', :'live') as v2 \gset

-- checkout: 100 before (5 failures, 100 ms), 80 after (20 failures, 400 ms); search only before.
select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 100, 5, 100, :'live'::timestamptz - interval '10 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'checkout', 80, 20, 400, :'live'::timestamptz + interval '10 minutes');
select tests.add_events(:'t_tenant_id', 'operation', 'search', 10, 0, 50, :'live'::timestamptz - interval '20 minutes');
-- An old group seen in v1 and resolved, back in v2 (regressed), and a group new in v2.
insert into vigil.events (tenant_id, kind, name, occurred_at, success, error_type, error_message, fingerprint, release)
values (:'t_tenant_id', 'error', 'PaymentError', :'live'::timestamptz - interval '2 hours', false, 'PaymentError', 'declined', 'pay-declined', 'v1'),
       (:'t_tenant_id', 'error', 'PaymentError', :'live'::timestamptz + interval '5 minutes', false, 'PaymentError', 'declined', 'pay-declined', 'v2'),
       (:'t_tenant_id', 'error', 'TypeError', :'live'::timestamptz + interval '6 minutes', false, 'TypeError', 'cart is undefined', 'cart-undefined', 'v2'),
       (:'t_tenant_id', 'error', 'TypeError', :'live'::timestamptz + interval '7 minutes', false, 'TypeError', 'cart is undefined', 'cart-undefined', 'v2');
-- What the fold keeps of the old group (it folds only committed events, and this test commits nothing).
insert into vigil.error_group_seen (tenant_id, fingerprint, first_seen, first_release, last_seen, last_release, events)
values (:'t_tenant_id', 'pay-declined', :'live'::timestamptz - interval '2 hours', 'v1', :'live'::timestamptz - interval '2 hours', 'v1', 1);
insert into vigil.error_group_states (tenant_id, fingerprint, resolved_at, resolved_release)
values (:'t_tenant_id', 'pay-declined', :'live'::timestamptz - interval '1 hour 30 minutes', 'v1');

select tests.authenticate_as(:'t_viewer_id');
select results_eq(format($$select name, count_before, count_after, error_rate_before, error_rate_after
                           from vigil_api.deployment_impact(%L) where section = 'operation' and kind = 'operation'$$, :'v2'),
  $$values ('checkout'::text, 100::bigint, 80::bigint, 0.05::double precision, 0.25::double precision),
           ('search', 10, 0, 0, null)$$,
  'per operation: exact counts and error rates before and after the deploy went live');
select ok((select abs(p95_before_ms - 100) <= 1 and abs(p95_after_ms - 400) <= 4
           from vigil_api.deployment_impact(:'v2') where name = 'checkout'), 'p95 before and after within 1%');
select results_eq(format($$select section, fingerprint, count_after from vigil_api.deployment_impact(%L) where section <> 'operation'$$, :'v2'),
  $$values ('new_error_group'::text, 'cart-undefined'::text, 2::bigint), ('regressed_error_group', 'pay-declined', 1)$$,
  'a group first seen in v2 is new; a resolved group back in v2 regressed');
select is((select count(*)::int from vigil_api.deployment_impact(:'v2', '5 minutes') where name = 'checkout'), 0,
  'a window too short to reach the seeded events finds nothing');
select throws_ok(format($$select * from vigil_api.deployment_impact(%L, '2 days')$$, :'v2'),
  '22023', 'window must be a positive interval of at most 1 day.', 'a window over a day is refused');

select tests.clear_authentication();
insert into vigil.deployments (tenant_id, target_id, external_id, environment, status, status_since, created_at)
values (:'t_tenant_id', :'web', 'dpl_never', 'production', 'building', now(), now()) returning id as never \gset
select tests.authenticate_as(:'t_viewer_id');
select throws_ok(format($$select * from vigil_api.deployment_impact(%L)$$, :'never'),
  'PT409', 'This deployment never went live: it has no before and after.', 'a deployment that never went live has no impact');

select tests.authenticate_as(:'o_admin_id');
select throws_ok(format($$select * from vigil_api.deployment_impact(%L)$$, :'v2'),
  '42501', 'You must be a viewer of the tenant that owns this deployment.', 'another tenant''s member cannot read it');
select tests.authenticate_as_anon();
select throws_ok(format($$select * from vigil_api.deployment_impact(%L)$$, :'v2'), '42501', null, 'anon cannot read it');
select tests.authenticate_as_service_role();
select is((select count(*)::int from vigil_api.deployment_impact(:'v2')), 6,
  'the service role reads it all: two operations, the two error names as rows of their kind, two groups');
select tests.clear_authentication();

select * from finish();
rollback;
