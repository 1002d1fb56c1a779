-- A backup covers every tenant's data, so only the service role or a DBA plans, records, restores
-- and prunes; members of vigil-system (any role) read the status and the list; an app tenant's admin,
-- a signed-in stranger and anon can do neither, and see no row of the bookkeeping.
begin;
select plan(22);

select vigil.system_tenant_id() as sys \gset
select * from tests.make_tenant('app-750') \gset app_
select tests.create_user('sys-viewer-750@example.com') as sys_viewer \gset
select tests.create_user('sys-admin-750@example.com') as sys_admin \gset
insert into vigil.members (tenant_id, user_id, role) values (:'sys', :'sys_viewer', 'viewer'), (:'sys', :'sys_admin', 'admin');

-- The service role records a backup and a restore.
select tests.authenticate_as_service_role();
select vigil_api.start_backup('daily', 'local', '/backups/daily/one', now() - interval '1 hour') as backup \gset
select is((vigil_api.finish_backup(:backup, '{"snapshot": "s", "tables": [{"table": "public.a", "rows": 2, "checksum": "7"}],
  "files": [{"path": "public.a/part-00001.copy.gz", "table": "public.a", "part": 1, "rows": 2, "bytes": 30,
             "sha256": "0000000000000000000000000000000000000000000000000000000000000000"}]}'::jsonb, null, now())).status,
  'succeeded', 'the service role records a backup with its manifest');
select is((vigil_api.record_backup_verify(:backup, true)).verify_ok, true, 'and its verify');
select ok(vigil_api.start_restore(:backup, 'scratch', 'scratch_750') > 0, 'and a restore');
select is((select count(*) from vigil_api.backup_plan('daily')) >= 0, true, 'and reads the plan');
select tests.clear_authentication();

-- A DBA session (no JWT) is trusted too.
select ok(vigil_api.start_backup('daily', 'local', '/backups/daily/two') > 0, 'a DBA session records a backup');

-- Members of vigil-system read, whatever their role, and change nothing.
select tests.authenticate_as(:'sys_viewer');
select is((select latest_status from vigil_api.backup_status() where policy = 'daily'), 'running',
  'a vigil-system viewer reads the status (the latest backup is the running one)');
select is((select count(*)::int from vigil_api.list_backups('daily')), 2, 'and the list');
select is((select count(*)::int from vigil.backup_files), 1, 'and the files through RLS');
select throws_ok(format('select vigil_api.start_backup(%L, %L, %L)', 'daily', 'local', '/x'), '42501', null,
  'a vigil-system viewer cannot start a backup');
select tests.authenticate_as(:'sys_admin');
select throws_ok(format('select vigil_api.start_restore(%s, %L, %L)', :backup, 'public', 'public'), '42501', null,
  'nor can a vigil-system admin restore: a DBA or the service role does');
select throws_ok($$select * from vigil_api.backup_plan('daily')$$, '42501', null, 'nor read the plan of the whole database');
select throws_ok($$select vigil_api.set_backup_policy('nightly')$$, '42501', null, 'nor change policies');
select throws_ok($$update vigil.backups set status = 'failed'$$, '42501', null, 'nor change a backup directly');

-- An app tenant's admin and a stranger see nothing and can do nothing.
select tests.authenticate_as(:'app_admin_id');
select throws_ok($$select * from vigil_api.backup_status()$$, '42501', null, 'an app tenant''s admin cannot read the backup status');
select throws_ok($$select * from vigil_api.list_backups()$$, '42501', null, 'nor the list');
select is_empty($$select 1 from vigil.backups union all select 1 from vigil.restore_runs union all select 1 from vigil.backup_policies$$,
  'and sees no row of the bookkeeping');
select throws_ok(format('select vigil_api.finish_backup(%s, null, %L)', :backup, 'x'), '42501', null, 'nor record one');
select is(vigil.dashboard_card_last_backup(:'app_tenant_id', now() - interval '1 day', now()), null,
  'the last-backup card is empty for an app tenant');

select tests.authenticate_as_anon();
select throws_ok($$select * from vigil_api.backup_status()$$, '42501', null, 'anon cannot read the status');
select throws_ok($$select * from vigil_api.list_backups()$$, '42501', null, 'nor the list');
select throws_ok($$select vigil_api.start_backup('daily', 'local', '/x')$$, '42501', null, 'nor start a backup');
select tests.clear_authentication();

select is((select status from vigil.backups where id = :backup), 'succeeded', 'nothing the others tried changed the backup');

select * from finish();
rollback;
