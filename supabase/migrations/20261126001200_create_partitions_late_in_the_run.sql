-- Creating a partition locks vigil.events exclusively until the maintenance run commits; at position
-- 10 that lock would stop ingest for the whole run (seconds, when views refresh) on the day a
-- partition is due. Late in the run, beside retention, the lock lasts only for the commit.
update vigil.maintenance_steps set position = 94 where name = 'partitions';
