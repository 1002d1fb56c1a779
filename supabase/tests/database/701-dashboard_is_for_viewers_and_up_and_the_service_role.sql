-- Who may call dashboard(): viewers, operators and admins of the tenant (only operators and admins may
-- act on alerts), the service role; not a non-member, not anon. The system section is for
-- vigil-system members.
begin;
select plan(14);

select * from tests.make_tenant('dash-roles') \gset t_
select tests.create_user('dash-stranger@example.com') as stranger \gset
select vigil.system_tenant_id() as system \gset
insert into vigil.members (tenant_id, user_id, role) values (:'system', :'t_viewer_id', 'viewer');

select tests.authenticate_as(:'t_viewer_id');
select is(vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') -> 'can_operate', 'false'::jsonb, 'a viewer reads the dashboard and may not act');
select isnt(vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') -> 'system', 'null'::jsonb, 'a vigil-system member sees the system section');
select ok(vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') -> 'cards' @> '[{"name": "maintenance"}]', 'and the maintenance card');

select tests.authenticate_as(:'t_operator_id');
select is(vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') -> 'can_operate', 'true'::jsonb, 'an operator reads it and may act');
select is(vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') -> 'system', 'null'::jsonb, 'a member of the app tenant only sees no system section');

select tests.authenticate_as(:'t_admin_id');
select is(vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') -> 'can_operate', 'true'::jsonb, 'an admin reads it and may act');

select tests.authenticate_as(:'stranger');
select throws_ok(format($$select vigil_api.dashboard(%L, now() - interval '1 hour')$$, :'t_tenant_id'),
  '42501', 'You must be a viewer of this tenant to do this.', 'a non-member is refused with the usual sentence');

select tests.authenticate_as_anon();
select throws_ok(format($$select vigil_api.dashboard(%L, now() - interval '1 hour')$$, :'t_tenant_id'),
  '42501', null, 'anon cannot call it at all');
select throws_ok($$select count(*) from vigil.dashboard_cards$$, '42501', null, 'anon cannot read the card registry');

select tests.authenticate_as_service_role();
select is(vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') ->> 'tenant', :'t_tenant_id', 'the service role reads any tenant''s dashboard');
select throws_ok($$insert into vigil.dashboard_cards values ('x', 'vigil.x(uuid, timestamptz, timestamptz)', 1, 'x')$$,
  '42501', null, 'the registries are written by migrations only, not even by the service role');

select tests.authenticate_as(:'t_viewer_id');
select throws_ok(format($$select vigil_api.dashboard(%L, now(), now() - interval '1 hour')$$, :'t_tenant_id'),
  '22023', null, 'a window that ends before it starts is refused');
select is(jsonb_array_length(vigil_api.dashboard(:'t_tenant_id', date_trunc('minute', now()) - interval '7 days', date_trunc('minute', now()), '1 minute') #> '{series,t}'), 10080,
  'a week in minutes is one series of 10,080 buckets (asked of timeseries in pieces of 5000)');
select throws_ok(format($$select vigil_api.dashboard(%L, now() - interval '7 days', now(), '30 seconds')$$, :'t_tenant_id'),
  '22023', 'The dashboard''s series holds at most 20000 buckets: widen the bucket or narrow the window.', 'more than 20,000 buckets are refused');
select tests.clear_authentication();

select * from finish();
rollback;
