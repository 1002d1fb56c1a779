-- error_groups gives first and last seen (and their releases) over every event of a group, not only
-- the window asked: the rollup fold keeps them in vigil.error_group_seen as it folds error events,
-- late ones included, and the window's raw events (folded or not) are combined with them. Count
-- and users stay those of the window. Committed set-up (a pass folds only committed rows), removed
-- at the end; the checks run in a transaction that is rolled back.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
\set ON_ERROR_STOP 1
insert into vigil.tenants (name, slug) values ('First seen', 'first-seen-106');
select id as t from vigil.tenants where slug = 'first-seen-106' \gset
-- The group "declined" first failed six days ago in v1, again yesterday in v2; "timeout" only today.
insert into vigil.events (tenant_id, kind, name, occurred_at, success, error_type, error_message, fingerprint, release)
values (:'t', 'error', 'PaymentError', now() - interval '6 days', false, 'PaymentError', 'declined', 'declined', 'v1'),
       (:'t', 'error', 'PaymentError', now() - interval '1 day', false, 'PaymentError', 'declined', 'declined', 'v2'),
       (:'t', 'operation', 'checkout', now() - interval '20 minutes', false, 'TimeoutError', 'timed out after 3000 ms', null, 'v3'),
       (:'t', 'operation', 'checkout', now() - interval '10 minutes', true, null, null, null, 'v3');
do $$ begin perform vigil.fold_rollups(); end $$;
-- Then, not folded yet: one more "declined" in the last hour, and a late one from before all others.
insert into vigil.events (tenant_id, kind, name, occurred_at, success, error_type, error_message, fingerprint, release)
values (:'t', 'error', 'PaymentError', now() - interval '5 minutes', false, 'PaymentError', 'declined', 'declined', 'v3'),
       (:'t', 'error', 'PaymentError', now() - interval '6 days 2 hours', false, 'PaymentError', 'declined', 'declined', 'v0');

begin;
select plan(14);

select results_eq(
  format($$select events, first_release, last_release from vigil.error_group_seen where tenant_id = %L and fingerprint = 'declined'$$, :'t'),
  $$values (2::bigint, 'v1', 'v2')$$,
  'the fold records a group''s folded events, first and last release');
select ok((select first_seen between now() - interval '6 days 1 minute' and now() - interval '6 days'
           from vigil.error_group_seen where tenant_id = :'t' and fingerprint = 'declined'),
          'and when it was first seen');
select is((select count(*)::int from vigil.error_group_seen where tenant_id = :'t'), 2,
          'a failed operation with an error type is a group too, a success is not');

create temp view g106 as
  select * from vigil_api.error_groups((select id from vigil.tenants where slug = 'first-seen-106'), now() - interval '1 hour');
select results_eq($$select count, first_release, last_release from g106 where fingerprint = 'declined'$$,
                  $$values (1::bigint, 'v1', 'v3')$$,
                  'a group seen in the last hour: its count is the window''s, its first release the one of six days ago, its last the unfolded event''s');
select ok((select first_seen < now() - interval '5 days' from g106 where fingerprint = 'declined'),
          'first seen is six days ago, before the window');
select ok((select last_seen > now() - interval '6 minutes' from g106 where fingerprint = 'declined'),
          'last seen is the event not folded yet');
select ok((select first_seen = last_seen and count = 1 from g106 where error_type = 'TimeoutError'),
          'a group seen once is first and last seen then');

-- The next pass folds both: the late event moves first seen back, the recent one last seen on.
select vigil.fold_rollups() is not null as folded \gset
select results_eq(
  format($$select events, first_release, last_release from vigil.error_group_seen where tenant_id = %L and fingerprint = 'declined'$$, :'t'),
  $$values (4::bigint, 'v0', 'v3')$$,
  'the next pass merges: a late event moves first seen and its release back, a newer one last seen on');
select is((select first_release from g106 where fingerprint = 'declined'), 'v0', 'and error_groups shows it');

-- Who reads it: the tenant's members and the service role; nobody writes it but the fold.
select * from tests.make_tenant('first-seen-106-b') \gset b_
select tests.create_user('first-seen-stranger@example.com') as stranger \gset
insert into vigil.error_group_seen (tenant_id, fingerprint, first_seen, last_seen, events)
values (:'b_tenant_id', 'b-fp', now(), now(), 1);
select tests.authenticate_as(:'b_admin_id');
select is((select array_agg(fingerprint) from vigil.error_group_seen), array['b-fp'], 'a member reads only its tenant''s groups');
select throws_ok(format($$insert into vigil.error_group_seen (tenant_id, fingerprint, first_seen, last_seen, events) values (%L, 'x', now(), now(), 1)$$, :'b_tenant_id'),
                 '42501', 'permission denied for table error_group_seen', 'and cannot write them, even its own tenant''s');
select tests.authenticate_as(:'stranger');
select is_empty($$select * from vigil.error_group_seen$$, 'a signed-in non-member reads nothing');
select tests.authenticate_as_service_role();
select is((select count(*)::int from vigil.error_group_seen where tenant_id in (:'t', :'b_tenant_id')), 3, 'the service role reads every tenant''s');
select tests.authenticate_as_anon();
select throws_ok($$select * from vigil.error_group_seen$$, '42501', 'permission denied for table error_group_seen',
                 'anon cannot read when groups were seen');

select * from finish();
rollback;

select tests.delete_tenants('first-seen-106');
