-- Who may ask for active users and retention, and who may read the sketches behind them: members of
-- every role read their own tenant's and no other's; a non-member, an admin of another tenant and
-- anon are refused or read nothing; nobody but the service role writes a sketch.
begin;
select plan(20);

select * from tests.make_two_tenants('au854') \gset
-- Tenant a: 3 users today; tenant b: 5 users, with a's ids among them.
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
select :'a_tenant_id', 'custom', 'visit', now() - interval '10 minutes', 'u' || i from generate_series(1, 3) i;
insert into vigil.events (tenant_id, kind, name, occurred_at, user_id)
select :'b_tenant_id', 'custom', 'visit', now() - interval '10 minutes', 'u' || i from generate_series(1, 5) i;
insert into vigil.actor_sketches (tenant_id, grain, bucket_start, actor_type, sketch)
select t, 60, date_trunc('hour', now()) - interval '1 day', 'user', vigil.hll_from_hashes(array[1, 2]::bigint[])
from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;

select * from tests.refused_below('viewer', format('select vigil_api.active_users(%L)', :'a_tenant_id'), 'ask for a tenant''s active users');
select * from tests.refused_below('viewer', format('select * from vigil_api.retention(%L, %L, %L)', :'a_tenant_id', 'visit', 'visit'),
                                  'ask for a tenant''s retention');
select tests.throws_as(:'stranger', format('select vigil._actor_sketch(%L, now() - interval ''1 day'', now())', :'a_tenant_id'), '42501',
  'You must be a viewer of this tenant to do this.', 'a non-member cannot read a tenant''s sketch through the function behind them');
select tests.throws_as(:'stranger', format('select vigil._business_active_users(%L, now() - interval ''1 day'', now())', :'a_tenant_id'), '42501',
  'You must be a viewer of this tenant to do this.', 'nor count its users through business_summary''s helper');

select tests.authenticate_as(:'a_viewer_id');
select is((vigil_api.active_users(:'a_tenant_id') ->> 'dau')::bigint, 3::bigint, 'a viewer gets its tenant''s active users, no other tenant''s');
select is((select sum(cohort_size) from vigil_api.retention(:'a_tenant_id', 'visit', 'visit') where period = 0), 3::numeric,
  'and its retention cohorts');
select is((select count(*) from vigil.actor_sketches), 1::bigint, 'a viewer reads its own tenant''s sketches and no other''s');
select throws_ok(format('delete from vigil.actor_sketches where tenant_id = %L', :'a_tenant_id'), '42501',
  'permission denied for table actor_sketches', 'a viewer cannot delete a sketch');
select tests.authenticate_as(:'a_operator_id');
select is((vigil_api.active_users(:'a_tenant_id', now(), 7, 'session') ->> 'dau')::bigint, 0::bigint, 'an operator gets active sessions (none here)');
select tests.authenticate_as(:'a_admin_id');
select is((vigil_api.active_users(:'a_tenant_id') ->> 'mau')::bigint, 3::bigint, 'an admin gets its tenant''s active users');
select throws_ok(format('update vigil.actor_sketches set grain = 1440 where tenant_id = %L', :'a_tenant_id'), '42501',
  'permission denied for table actor_sketches', 'an admin cannot change a sketch');
select tests.authenticate_as(:'stranger');
select is((select count(*) from vigil.actor_sketches), 0::bigint, 'a non-member reads no sketch');
select tests.authenticate_as_anon();
select throws_ok('select * from vigil.actor_sketches', '42501', 'permission denied for table actor_sketches', 'anon cannot read sketches');
select tests.authenticate_as_service_role();
select is((vigil_api.active_users(:'b_tenant_id') ->> 'dau')::bigint, 5::bigint, 'the service role gets any tenant''s active users');
select tests.clear_authentication();

select throws_ok(format('select vigil_api.active_users(%L, now(), 0)', :'a_tenant_id'), '22023', 'limit must be between 1 and 366.',
  'a series of no days is refused');
select throws_ok(format('select vigil_api.active_users(%L, now(), 30, %L)', :'a_tenant_id', 'visitor'), '22023', 'actor must be user or session.',
  'an actor other than user or session is refused by name');

select * from finish();
rollback;
