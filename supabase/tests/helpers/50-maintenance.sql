-- Keeps a scheduled maintenance run out of a file's way until the session ends: a run in progress is
-- waited for, and later ones find the lock taken and skip. The test runner's clusters schedule none,
-- but `DATABASE_URL=… npm test` on the local stack meets pg_cron's run every minute. Files that run
-- maintenance, drop partitions or prune at a clock of their own ask for it, so a run committing beside
-- them cannot take the lock they need, change what they compare, or leave a heartbeat they expect missing.
create or replace function tests.hold_maintenance() returns void
language sql as $$ select pg_advisory_lock(hashtext('vigil.run_maintenance')) $$;
