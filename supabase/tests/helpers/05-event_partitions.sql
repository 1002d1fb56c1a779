-- Every day partition a test may write to, made once before the files run. Creating a partition takes an
-- exclusive lock on vigil.events, so two files creating one while others hold open transactions that wrote
-- events deadlock (seen under pg_prove -j 3). Files about creating partitions themselves (081, 082) run alone;
-- 34 days back, because 302 makes and drops its own partitions 35 to 40 days old.
select vigil.ensure_partitions(((now() at time zone 'UTC')::date - 34), ((now() at time zone 'UTC')::date + 7));
