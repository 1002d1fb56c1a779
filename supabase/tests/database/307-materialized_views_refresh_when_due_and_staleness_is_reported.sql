-- Registered views refresh on their own interval (concurrently when they can), failures and old views
-- are reported stale, and operation_health is read only through an RPC that checks tenant access.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(17);

select set_config('t.a_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('views-a'))) x(k, v);
select set_config('t.b_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('views-b'))) x(k, v);
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select current_setting('t.a_tenant_id')::uuid, 'operation', 'checkout', now() - interval '30 minutes', g, g % 10 <> 0
from generate_series(1, 100) g;
insert into vigil.events (tenant_id, kind, name, occurred_at, duration_ms, success)
select current_setting('t.b_tenant_id')::uuid, 'api_call', 'GET /secret', now() - interval '30 minutes', 5, true from generate_series(1, 10);

create table public.view_source (k int primary key, v int);
insert into public.view_source values (1, 1), (2, 2);
create materialized view public.view_keyed as select k, v from public.view_source;
create unique index on public.view_keyed (k);
create materialized view public.view_plain as select v from public.view_source;
create materialized view public.view_broken as select k, 10 / v as q from public.view_source;

select vigil_api.register_view('public.view_keyed', '1 hour');
select vigil_api.register_view('public.view_plain', '1 hour');
select vigil_api.register_view('public.view_broken', '1 hour');
update vigil.materialized_views set last_attempt_at = null, last_refreshed_at = null, last_error = null;
insert into public.view_source values (3, 0);  -- makes view_broken's refresh divide by zero

select throws_ok($$ select vigil_api.register_view('public.nope') $$, '42P01', 'Materialized view public.nope does not exist.',
                 'registering a missing view is refused with its name');

create temp table run as select vigil.run_maintenance() -> 'steps' as steps;
create temp table views_step as select s -> 'result' as r from run, jsonb_array_elements(steps) s where s ->> 'step' = 'views';
select is((select (r ->> 'refreshed')::int from views_step), 3, 'every due view is refreshed in one run');
select is((select (r ->> 'failed')::int from views_step), 1, 'a failing refresh is counted, not fatal');
select is((select last_error from vigil.materialized_views where view = 'public.view_broken'::regclass), 'division by zero',
          'its error is recorded');
select is((select count(*) from public.view_keyed), 3::bigint, 'the other views were refreshed in the same step');
select is((select last_concurrently from vigil.materialized_views where view = 'public.view_plain'::regclass), false,
          'a view without a unique index is refreshed plainly');

select vigil.refresh_view('public.view_keyed', now() + interval '1 second');
select is((select last_concurrently from vigil.materialized_views where view = 'public.view_keyed'::regclass), true,
          'a populated view with a unique index is refreshed concurrently');

select is((select r -> 'views' from jsonb_array_elements(vigil.run_maintenance(now() + interval '5 minutes') -> 'steps') s,
                                     lateral (select s -> 'result' as r) x where s ->> 'step' = 'views'), '[]'::jsonb,
          'views are not refreshed before their interval');
select is((select jsonb_array_length(s -> 'result' -> 'views') from jsonb_array_elements(vigil.run_maintenance(now() + interval '61 minutes') -> 'steps') s
           where s ->> 'step' = 'views'), 4, 'they are refreshed again once it has passed (operation_health every 10 minutes)');

select set_eq($$ select view from vigil.stale_views(now()) $$, $$ values ('public.view_broken') $$,
              'a view whose last refresh failed is stale');
select ok((select count(*) from vigil.stale_views(now() + interval '5 hours')) >= 3,
          'views not refreshed for twice their interval are stale');
select is(vigil.stale_view_count(now()), 1::double precision, 'stale_view_count is the alert metric');

-- operation_health: per tenant, read only through the RPC.
select results_eq($$ select name, events, errors, error_rate from vigil_api.operation_health(current_setting('t.a_tenant_id')::uuid) $$,
                  $$ values ('checkout'::text, 100::bigint, 10::bigint, 0.1::double precision) $$,
                  'operation_health summarises a tenant''s operations per hour');
select tests.authenticate_as(current_setting('t.a_viewer_id')::uuid);
select is((select count(*) from vigil_api.operation_health(current_setting('t.a_tenant_id')::uuid)), 1::bigint,
          'a viewer of the tenant reads its operation health');
select throws_ok($$ select * from vigil_api.operation_health(current_setting('t.b_tenant_id')::uuid) $$, '42501',
                 'You must be a viewer of this tenant to do this.', 'but not another tenant''s');
select throws_ok($$ select * from vigil.operation_health $$, '42501', 'permission denied for materialized view operation_health',
                 'the materialized view itself, which has no RLS, is not readable by users');
select throws_ok($$ select * from vigil_api.view_status() $$, '42501', 'You must be a viewer of this tenant to do this.',
                 'view status is for the service role and vigil-system members');
select tests.clear_authentication();

select * from finish();
rollback;
