-- vigil.maintenance_steps: the service role and members of the system tenant may read the registry
-- (it is database-wide, like the system tenant's events); nobody but the migration owner may change it. A registered step is a function the maintenance runner calls with its own rights, so
-- letting an API role (even service_role) register or repoint one would let it run any function as
-- the runner.
begin;
select plan(16);

select * from tests.make_tenant('test-acme') \gset a_

select array['select * from vigil.maintenance_steps',
             $$insert into vigil.maintenance_steps values ('x', 'vigil.ensure_partitions(date, date)', 1, true, 'x')$$,
             'update vigil.maintenance_steps set enabled = false', 'delete from vigil.maintenance_steps'] as steps_sql \gset
select tests.authenticate_as_anon();
select tests.denied('maintenance_steps', 'anon', :'steps_sql', '{read the steps, register a step, disable a step, delete a step}');

select tests.authenticate_as(:'a_admin_id');
select is_empty($$select * from vigil.maintenance_steps$$, 'an admin of an ordinary tenant reads no step');
select tests.denied('maintenance_steps', 'an admin', (:'steps_sql'::text[])[2:4], '{register a step, disable a step, delete a step}');

select tests.authenticate_as_service_role();
select ok(exists (select 1 from vigil.maintenance_steps where name = 'partitions' and fn = 'vigil._step_partitions()' and position = 94),
  'the service role reads the registry, which holds the partitions step at position 94 (late in the run, so its lock is brief)');
select throws_ok($$insert into vigil.maintenance_steps values ('x', 'vigil.ensure_partitions(date, date)', 1, true, 'x')$$,
  '42501', 'permission denied for table maintenance_steps', 'the service role cannot register a step');
select throws_ok($$update vigil.maintenance_steps set fn = 'vigil.has_role(uuid, vigil.member_role)'$$,
  '42501', 'permission denied for table maintenance_steps', 'the service role cannot repoint a step');
select throws_ok($$delete from vigil.maintenance_steps$$, '42501', 'permission denied for table maintenance_steps', 'the service role cannot delete a step');

select tests.clear_authentication();
select ok(exists (select 1 from vigil.maintenance_steps where name = 'partitions' and enabled), 'the partitions step is still registered and enabled');

select is_empty($$select s.name from vigil.maintenance_steps s left join pg_proc p on p.oid = to_regprocedure(s.fn)
    where p.oid is null or p.prorettype <> 'jsonb'::regtype
       or not (p.pronargs = 0 or (p.pronargs = 1 and p.proargtypes[0] = 'timestamptz'::regtype))$$,
  'every registered step names an existing function returning jsonb, taking nothing or the run''s clock');
select throws_ok($$insert into vigil.maintenance_steps values ('bad', '_step_partitions()', 1, true, 'x')$$, '23514',
  'new row for relation "maintenance_steps" violates check constraint "maintenance_steps_fn_signature"', 'a step''s function must be schema-qualified');
select throws_ok($$insert into vigil.maintenance_steps values ('bad', 'vigil.ensure_partitions(date, date)', 1, true, 'x')$$, '23514',
  'new row for relation "maintenance_steps" violates check constraint "maintenance_steps_fn_signature"', 'a step''s function takes no argument or one timestamptz');

select * from finish();
rollback;
