-- The classic case: orders preparing for more than 45 minutes become ready, ready for more than 2 hours
-- become completed; bounded, oldest first, through the app's table (its trigger fires), audited.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(23);

select set_config('t.a_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('orders-a'))) x(k, v);
select set_config('t.b_' || k, v, true) from jsonb_each_text(to_jsonb(tests.make_tenant('orders-b'))) x(k, v);
create type public.order_status as enum ('preparing', 'ready', 'completed');
create table public.orders (
  id bigint primary key,
  status public.order_status not null,
  status_changed_at timestamptz not null,
  changes integer not null default 0
);
-- The app's own trigger: heal goes through the table, so it must see this fire.
create function public.orders_touch() returns trigger language plpgsql as $$
begin
  if new.status is distinct from old.status then
    new.status_changed_at := now();
    new.changes := old.changes + 1;
  end if;
  return new;
end $$;
create trigger orders_touch before update on public.orders for each row execute function public.orders_touch();
insert into public.orders (id, status, status_changed_at) values
  (1, 'preparing', now() - interval '90 minutes'), (2, 'preparing', now() - interval '80 minutes'),
  (3, 'preparing', now() - interval '70 minutes'), (4, 'preparing', now() - interval '60 minutes'),
  (5, 'preparing', now() - interval '50 minutes'), (6, 'preparing', now() - interval '10 minutes'),
  (7, 'ready', now() - interval '5 hours'), (8, 'ready', now() - interval '3 hours'), (9, 'ready', now() - interval '1 hour'),
  (10, 'completed', now() - interval '9 hours');

select set_config('t.prep', (vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'preparing too long', 'public.orders', 'status', 'preparing', 'ready',
                                  'status_changed_at', '45 minutes', 3))::text, true);
select set_config('t.ready', (vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'ready too long', 'public.orders', 'status', 'ready', 'completed',
                                  'status_changed_at', '2 hours'))::text, true);

select is(vigil_api.heal_preview(current_setting('t.prep')::uuid) -> 'would_change', '3', 'the preview shows what one run would change (the limit, 3)');
select is(vigil_api.heal_preview(current_setting('t.prep')::uuid) -> 'sample_ids', '["1", "2", "3"]', 'oldest first');
select is((select count(*) from public.orders where status = 'preparing'), 6::bigint, 'a preview changes nothing');

select vigil.run_maintenance();
select results_eq($$ select id from public.orders where status = 'ready' order by id $$,
                  $$ values (1::bigint), (2), (3), (9) $$, 'the three oldest stuck preparing orders became ready (limit respected)');
select results_eq($$ select id from public.orders where status = 'completed' order by id $$,
                  $$ values (7::bigint), (8), (10) $$, 'orders ready for more than 2 hours were completed, younger ones kept');
select is((select count(*) from public.orders where changes = 1), 5::bigint, 'the app''s trigger fired on every healed row');
select is((select status::text from public.orders where id = 6), 'preparing', 'an order preparing for 10 minutes is left alone');
select results_eq($$ select r.name, h.rows_changed, h.sample_ids, h.dry_run, h.trigger, h.error
                     from vigil.heal_runs h join vigil.heal_rules r on r.id = h.rule_id order by r.name $$,
                  $$ values ('preparing too long'::text, 3, '{1,2,3}'::text[], false, 'maintenance'::text, null::text),
                            ('ready too long', 2, '{7,8}', false, 'maintenance', null) $$,
                  'each rule''s run is audited with its rows, sample ids and mode');
select ok((select s -> 'result' @> '{"rules": 2, "rows_changed": 2, "failed": 0}'
           from jsonb_array_elements(vigil.run_maintenance(now() + interval '1 second') -> 'steps') s where s ->> 'step' = 'heal')
          , 'the next run reports its own counts in the maintenance summary');
select results_eq($$ select id from public.orders where status = 'preparing' order by id $$,
                  $$ values (6::bigint) $$, 'the next run heals the rest of the stuck orders');

-- Dry run: counts and samples, changes nothing, says so in the audit.
insert into public.orders (id, status, status_changed_at) values (11, 'preparing', now() - interval '2 hours'),
                                                                 (12, 'preparing', now() - interval '3 hours');
select vigil_api.set_heal_rule(current_setting('t.prep')::uuid, p_dry_run => true);
select vigil_api.run_heal_rule(current_setting('t.prep')::uuid);
select is((select count(*) from public.orders where status = 'preparing'), 3::bigint, 'a dry-run rule changes nothing');
select results_eq($$ select rows_changed, dry_run, trigger from vigil.heal_runs where rule_id = current_setting('t.prep')::uuid order by id desc limit 1 $$,
                  $$ values (2, true, 'manual'::text) $$, 'the dry run is audited with the rows it would change');

-- A registered SQL function for repairs a status move cannot express.
create function public.release_stale_locks(p_now timestamptz, p_max integer, p_dry boolean) returns jsonb
language sql as $$ select jsonb_build_object('rows', least(p_max, 4), 'sample_ids', jsonb_build_array('lock-1', 'lock-2')) $$;
select set_config('t.fn_rule', (vigil_api.create_heal_function_rule(current_setting('t.a_tenant_id')::uuid, 'stale locks', 'public.release_stale_locks', 2))::text, true);
select vigil_api.run_heal_rule(current_setting('t.fn_rule')::uuid);
select results_eq($$ select rows_changed, sample_ids from vigil.heal_runs where rule_id = current_setting('t.fn_rule')::uuid $$,
                  $$ values (2, '{lock-1,lock-2}'::text[]) $$, 'a function rule runs with its limit and is audited');

-- A rule whose table disappeared fails on its own, audited; the other rules still run.
create table public.doomed (id bigint primary key, s text, t timestamptz);
select set_config('t.doomed', (vigil_api.create_heal_rule(current_setting('t.a_tenant_id')::uuid, 'doomed', 'public.doomed', 's', 'a', 'b', 't', '1 hour'))::text, true);
drop table public.doomed;
select vigil_api.set_heal_rule(current_setting('t.prep')::uuid, p_dry_run => false);
select vigil.run_maintenance(now() + interval '2 seconds');
select is((select error from vigil.heal_runs where rule_id = current_setting('t.doomed')::uuid), 'Table public.doomed does not exist.',
          'a rule whose table was dropped is audited with the error');
select is((select count(*) from public.orders where status = 'preparing'), 1::bigint, 'and the other rules ran in the same step');

-- Tenant isolation and roles.
select tests.authenticate_as(current_setting('t.a_viewer_id')::uuid);
select is((select count(*) from vigil_api.heal_runs(current_setting('t.a_tenant_id')::uuid)), (select count(*) from vigil.heal_runs), 'a viewer reads the tenant''s heal audit');
select throws_ok($$ select vigil_api.heal_preview(current_setting('t.prep')::uuid) $$, '42501', 'You must be an operator of the tenant that owns this heal rule.',
                 'a viewer may not preview');
select tests.authenticate_as(current_setting('t.a_operator_id')::uuid);
select is(vigil_api.heal_preview(current_setting('t.prep')::uuid) ->> 'would_change', '0', 'an operator may preview');
select throws_ok($$ select vigil_api.set_heal_rule(current_setting('t.prep')::uuid, false) $$, '42501', 'You must be an admin of the tenant that owns this heal rule.',
                 'an operator may not switch a rule off');
select tests.authenticate_as(current_setting('t.b_admin_id')::uuid);
select throws_ok($$ select vigil_api.heal_runs(current_setting('t.a_tenant_id')::uuid) $$, '42501', 'You must be a viewer of this tenant to do this.',
                 'another tenant''s admin may not read the audit');
select throws_ok($$ select vigil_api.run_heal_rule(current_setting('t.prep')::uuid) $$, '42501', 'You must be an operator of the tenant that owns this heal rule.',
                 'nor run the rule');
select is((select count(*) from vigil.heal_rules), 0::bigint, 'nor see the rules through RLS');
select tests.authenticate_as(current_setting('t.a_admin_id')::uuid);
select lives_ok($$ select vigil_api.set_heal_rule(current_setting('t.prep')::uuid, p_enabled => false) $$, 'the tenant admin may switch a rule off');
select tests.clear_authentication();

select * from finish();
rollback;
