-- Each run samples the database into db_metric events of the vigil-system tenant; db_health reads the latest.
-- requires: a cluster of its own (it folds rollups or runs maintenance, whose horizon and lock are
-- cluster-wide: another open transaction would hold them back), so the runner runs it one file at a time.
begin;
select plan(11);

create temp table sample as select vigil.sample_db_health(now()) as s;
select ok((select s ?& array['connections_pct', 'db_size_pct', 'cache_hit_ratio', 'longest_query_seconds', 'longest_transaction_seconds'] from sample),
          'a sample measures connections, size, cache hit ratio and the longest query and transaction');
select ok((select (s ->> 'connections')::int >= 1 and (s ->> 'max_connections')::int > 0 from sample),
          'connections are counted against max_connections');
select ok((select abs((s ->> 'db_size_bytes')::bigint - pg_database_size(current_database())) < 10000000 from sample),
          'the size is the database''s');
-- pg_stat_statements is on, as on every Supabase project (the local stack preloads it too).
select ok((select jsonb_typeof(s -> 'slow_statements') = 'array' and jsonb_array_length(s -> 'slow_statements') between 1 and 5
                  and s -> 'slow_statements' -> 0 ?& array['query', 'calls', 'mean_ms', 'total_ms'] from sample),
          'with pg_stat_statements the sample names the slowest statements, at most five');
select set_eq($$ select name from vigil.events where tenant_id = vigil.system_tenant_id() and kind = 'db_metric' and occurred_at = now() $$,
              $$ values ('connections_pct'), ('db_size_pct'), ('cache_hit_ratio'), ('longest_query_seconds'), ('longest_transaction_seconds'),
                        ('slowest_statement_mean_ms') $$,
              'each measure, the slowest statement''s mean time among them, is stored as a db_metric event of the vigil-system tenant');

-- A quota the database already exceeds: the size metric crosses the 80% warning. The percentage is
-- checked against the size the run measured (the event's db_size_bytes), not one taken before the
-- run: autovacuum truncating a table, or another run's retention committing, may shrink it between.
update vigil.maintenance_settings set db_quota_bytes = pg_database_size(current_database()) / 2;
select vigil.run_maintenance(now() + interval '1 second');
select ok((select abs(e.value - 100.0 * (e.attributes ->> 'db_size_bytes')::bigint / (e.attributes ->> 'db_quota_bytes')::bigint) < 0.01
                  and (e.attributes ->> 'db_quota_bytes')::bigint = (select db_quota_bytes from vigil.maintenance_settings)
                  and e.value > 80
           from vigil.events e
           where e.tenant_id = vigil.system_tenant_id() and e.kind = 'db_metric' and e.name = 'db_size_pct'
             and e.occurred_at = now() + interval '1 second'),
          'db_size_pct is measured against the configured quota');
select is(vigil_api.db_health(now() + interval '1 second') -> 'metrics' -> 'db_size_pct' ->> 'status', 'warning',
          'db_health marks a size over 80% of the quota as a warning');
select is(vigil_api.db_health(now() + interval '1 second') -> 'metrics' -> 'connections_pct' ->> 'threshold', '90',
          'and reports each metric with its threshold');
select is(vigil.latest_db_metric('db_size_pct', now() + interval '1 hour'), null, 'an old sample is not reported as the latest value');

select tests.authenticate_as(tests.create_user('maint-309@example.com'));
select throws_ok($$ select vigil_api.db_health() $$, '42501', 'You must be a viewer of this tenant to do this.',
                 'a user outside the vigil-system tenant may not read database health');
select is((select count(*) from vigil.events where kind = 'db_metric'), 0::bigint, 'nor see the samples through RLS');
select tests.clear_authentication();

select * from finish();
rollback;
