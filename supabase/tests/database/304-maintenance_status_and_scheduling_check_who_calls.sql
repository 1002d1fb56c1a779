-- Who may schedule maintenance and read its status.
-- needs: pg_cron (skipped on the PostgreSQL 17 lane, which has no pg_cron)
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(6);

select set_config('t.dba', (tests.create_user('maint-304-dba@example.com'))::text, true);
-- The system tenant starts with no member; its first must be an admin (a tenant keeps at least one).
select vigil_api.add_member(vigil.system_tenant_id(), tests.create_user('maint-304-admin@example.com'), 'admin');
select vigil_api.add_member(vigil.system_tenant_id(), current_setting('t.dba')::uuid, 'viewer');
select vigil.run_maintenance();

select tests.authenticate_as(current_setting('t.dba')::uuid);
select is(vigil_api.maintenance_status() ->> 'last_status', 'ok', 'a member of the vigil-system tenant reads maintenance status');
select throws_ok($$ select vigil_api.schedule() $$, '42501', 'permission denied for function schedule',
                 'a signed-in user may not schedule maintenance, even a vigil-system member');
select throws_ok($$ select vigil._schedule('* * * * *') $$, '42501', 'permission denied for function _schedule',
                 'nor reach the privileged helper directly');
select tests.authenticate_as_anon();
select throws_ok($$ select vigil_api.maintenance_status() $$, '42501', 'permission denied for function maintenance_status',
                 'anon may not read maintenance status');
select tests.authenticate_as_service_role();
select ok(vigil_api.maintenance_status() ? 'heartbeat_age_seconds', 'the service role reads maintenance status');
select is(vigil_api.schedule('*/2 * * * *') ->> 'interval_seconds', '120', 'the service role may schedule maintenance');
select tests.clear_authentication();

select * from finish();
rollback;
