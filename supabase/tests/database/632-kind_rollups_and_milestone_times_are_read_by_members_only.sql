-- The state the fold keeps for reads, vigil.kind_rollups (through vigil.all_rollups too) and
-- vigil.milestone_times: members of every role read their own tenant's rows and no other's, a
-- non-member and anon read nothing, nobody but the service role writes.
begin;
select plan(25);

select * from tests.make_tenant('test-reads-a') \gset a_
select * from tests.make_tenant('test-reads-b') \gset b_
select tests.create_user('test-reads-stranger@example.com') as stranger \gset
insert into vigil.all_rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
select t, 60, date_trunc('hour', now()), 'operation', '', 1, 0, 0, 0, '{}', '{}' from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;
insert into vigil.milestone_times (tenant_id, name, actor_type, actor, times, complete, first_at, reach)
select t, 'signup', 'user', 'u1', array[now()], true, now(), now() from unnest(array[:'a_tenant_id', :'b_tenant_id']::uuid[]) t;

create temp table tables632 (tbl text);
insert into tables632 values ('kind_rollups'), ('all_rollups'), ('milestone_times');
grant select on tables632 to public;
-- How many rows of each table the caller sees of tenant a and of tenant b.
create function pg_temp.seen632() returns text language plpgsql as $$
declare v text := ''; r record; n_a int; n_b int;
begin
  for r in select tbl from pg_temp.tables632 order by tbl loop
    execute format('select count(*) filter (where tenant_id = %L), count(*) filter (where tenant_id = %L) from vigil.%I',
                   current_setting('test632.a'), current_setting('test632.b'), r.tbl) into n_a, n_b;
    v := v || r.tbl || ':' || n_a || '/' || n_b || ' ';
  end loop;
  return v;
end $$;
select set_config('test632.a', :'a_tenant_id', true) is not null and set_config('test632.b', :'b_tenant_id', true) is not null as ok \gset

select tests.authenticate_as_anon();
select throws_ok('select * from vigil.kind_rollups', '42501', 'permission denied for table kind_rollups', 'anon cannot read kind rollups');
select throws_ok('select * from vigil.all_rollups', '42501', 'permission denied for table all_rollups', 'anon cannot read rollups');
select throws_ok('select * from vigil.milestone_times', '42501', 'permission denied for table milestone_times', 'anon cannot read milestone times');
select throws_ok('delete from vigil.milestone_times', '42501', 'permission denied for table milestone_times', 'anon cannot delete milestone times');

select tests.authenticate_as(:'a_viewer_id');
select is(pg_temp.seen632(), 'all_rollups:1/0 kind_rollups:1/0 milestone_times:1/0 ', 'a viewer reads its own tenant''s rows and no other''s');
select tests.authenticate_as(:'a_operator_id');
select is(pg_temp.seen632(), 'all_rollups:1/0 kind_rollups:1/0 milestone_times:1/0 ', 'an operator reads its own tenant''s rows and no other''s');
select tests.authenticate_as(:'a_admin_id');
select is(pg_temp.seen632(), 'all_rollups:1/0 kind_rollups:1/0 milestone_times:1/0 ', 'an admin reads its own tenant''s rows and no other''s');
select throws_ok(format($$insert into vigil.kind_rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
                          values (%L, 5, now(), 'operation', '', 1, 0, 0, 0, '{}', '{}')$$, :'a_tenant_id'),
                 '42501', 'permission denied for table kind_rollups', 'even an admin cannot write kind rollups');
select throws_ok(format($$insert into vigil.milestone_times (tenant_id, name, actor_type, actor, times, complete, reach)
                          values (%L, 'x', 'user', 'u2', '{}', true, now())$$, :'a_tenant_id'),
                 '42501', 'permission denied for table milestone_times', 'even an admin cannot write milestone times');
select throws_ok('update vigil.milestone_times set complete = false', '42501', 'permission denied for table milestone_times',
                 'even an admin cannot change milestone times');
select throws_ok('delete from vigil.kind_rollups', '42501', 'permission denied for table kind_rollups', 'even an admin cannot delete kind rollups');
select throws_ok('delete from vigil.all_rollups', '42501', 'permission denied for table all_rollups', 'even an admin cannot delete rollups');
select tests.authenticate_as(:'b_viewer_id');
select is(pg_temp.seen632(), 'all_rollups:0/1 kind_rollups:0/1 milestone_times:0/1 ', 'the other tenant''s viewer reads only its own rows');

select tests.authenticate_as(:'stranger');
select is(pg_temp.seen632(), 'all_rollups:0/0 kind_rollups:0/0 milestone_times:0/0 ', 'a signed-in non-member reads nothing');

select tests.authenticate_as_service_role();
select is(pg_temp.seen632(), 'all_rollups:1/1 kind_rollups:1/1 milestone_times:1/1 ', 'the service role reads every tenant''s rows');
select lives_ok(format($$insert into vigil.milestone_times (tenant_id, name, actor_type, actor, times, complete, reach)
                          values (%L, 'x', 'user', 'u2', '{}', true, now())$$, :'a_tenant_id'), 'the service role writes milestone times');
select lives_ok($$update vigil.milestone_times set complete = false where actor = 'u2'$$, 'the service role changes milestone times');
select lives_ok($$delete from vigil.milestone_times where actor = 'u2'$$, 'the service role deletes milestone times');
select lives_ok(format($$insert into vigil.kind_rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
                          values (%L, 5, now(), 'operation', '', 1, 0, 0, 0, '{}', '{}')$$, :'a_tenant_id'), 'the service role writes kind rollups');
select lives_ok($$delete from vigil.kind_rollups where grain = 5$$, 'the service role deletes kind rollups');

select tests.clear_authentication();
select throws_ok(format($$insert into vigil.kind_rollups (tenant_id, grain, bucket_start, kind, name, count, errors, timed, sum_ms, hist_keys, hist_counts)
                          values (%L, 5, now(), 'operation', 'checkout', 1, 0, 0, 0, '{}', '{}')$$, :'a_tenant_id'),
                 '23514', null, 'a row with a name is never a kind row');
select throws_ok(format($$insert into vigil.milestone_times (tenant_id, name, actor_type, actor, times, complete, reach)
                          values (%L, 'x', 'device', 'd1', '{}', true, now())$$, :'a_tenant_id'),
                 '23514', null, 'milestone times belong to a user or a session');
select is((select count(*)::int from vigil.rollups where name = ''), 0, 'the per-name part holds no kind row');
select is((select count(*)::int from vigil.all_rollups where tenant_id = :'a_tenant_id'), 1, 'the kind row is read through all_rollups');
select is((select count(*)::int from vigil.milestone_times where tenant_id = :'a_tenant_id'), 1, 'one milestone row is left');

select * from finish();
rollback;
