-- Heal rules name the app's tables: they are checked against the catalog when created, and only the
-- service role or a DBA may create them.
begin;
select plan(15);

select set_config('t.a_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('heal-a'))) x(k, v);
select set_config('t.b_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('heal-b'))) x(k, v);
create type public.heal_test_status as enum ('new', 'stuck', 'done');
create table public.heal_items (id bigint primary key, state public.heal_test_status not null, note text,
                                changed_at timestamptz not null, label text);
create table public.heal_nokey (ref bigint, state text, changed_at timestamptz);

select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'public.nope', 'state', 'stuck', 'done', 'changed_at', '1 hour') $$,
  '42P01', 'Table public.nope does not exist.', 'a rule on a missing table is refused with its name');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'heal_items', 'stat', 'stuck', 'done', 'changed_at', '1 hour') $$,
  '42703', 'Column stat of public.heal_items does not exist.', 'a missing status column is refused with its name');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'heal_items', 'state', 'stuck', 'done', 'changed', '1 hour') $$,
  '42703', 'Column changed of public.heal_items does not exist.', 'a missing age column is refused with its name');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'heal_items', 'state', 'stuck', 'done', 'changed_at', '1 hour', 10, 'uid') $$,
  '42703', 'Column uid of public.heal_items does not exist.', 'a missing key column is refused with its name');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'heal_items', 'state', 'stuck', 'done', 'label', '1 hour') $$,
  '42804', 'Column label of public.heal_items must be a timestamp or date to measure age; it is text.', 'the age column must be a timestamp');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'heal_nokey', 'state', 'a', 'b', 'changed_at', '1 hour', 10, 'ref') $$,
  '42P10', 'Column ref of public.heal_nokey has no unique index of its own; a heal rule''s key must identify one row.',
  'the key column must identify one row');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'heal_items', 'state', 'stuck', 'finished', 'changed_at', '1 hour') $$,
  '22P02', 'from_status ''stuck'' or to_status ''finished'' is not a valid public.heal_test_status for column state.',
  'a status that is not a value of the column''s type is refused');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'r', 'vigil.tenants', 'name', 'a', 'b', 'created_at', '1 hour') $$,
  '42501', 'Heal rules may not target tables in schema vigil.', 'a rule may not target Vigil''s own tables');
select throws_ok($$ select vigil_api.create_heal_function_rule(current_setting('t.a_tenant_id')::uuid, 'f', 'public.no_such_repair') $$,
  '42883', 'Function public.no_such_repair(timestamptz, integer, boolean) returning jsonb does not exist.',
  'a function rule naming a missing function is refused');

select isnt(vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'stuck items', 'heal_items', 'state', 'stuck', 'done', 'changed_at', '1 hour'),
            null, 'a rule on an existing table and columns is created');
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'stuck items', 'heal_items', 'state', 'stuck', 'done', 'changed_at', '1 hour') $$,
  '23505', 'This tenant already has a heal rule named ''stuck items''.', 'rule names are unique per tenant');

-- A tenant admin must not point Vigil's definer code at tables they cannot write themselves.
select tests.authenticate_as(current_setting('t.a_admin_id')::uuid);
select throws_ok($$ select vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'x', 'heal_items', 'state', 'stuck', 'done', 'changed_at', '1 hour') $$,
  '42501', 'permission denied for function create_heal_rule', 'a tenant admin may not create heal rules');
select throws_ok($$ select vigil._create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'x', 'heal_items', 'state', 'stuck', 'done', 'changed_at', '1 hour', 10, 'id', false, true, null) $$,
  '42501', 'permission denied for function _create_heal_rule', 'nor through the privileged helper');
select tests.authenticate_as_service_role();
select isnt(vigil_api.create_heal_rule(current_setting('t.b_tenant_id')::uuid, 'stuck items', 'heal_items', 'state', 'stuck', 'done', 'changed_at', '2 hours'),
            null, 'the service role may create heal rules');
select tests.authenticate_as_anon();
select throws_ok($$ select vigil_api.heal_rules(current_setting('t.a_tenant_id')::uuid) $$, '42501', 'permission denied for function heal_rules',
                 'anon may not list heal rules');
select tests.clear_authentication();

select * from finish();
rollback;
