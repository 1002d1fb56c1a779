-- backup_prune_plan keeps the newest good backup of each of the last keep_daily days and keep_weekly
-- weeks and lets the rest go; mark_backup_pruned keeps the row as history. The last-backup card
-- shows the age of the last verified backup and turns bad on a failure.
begin;
select plan(9);

select vigil.system_tenant_id() as sys \gset
select '2026-11-30 12:00+00'::timestamptz as now_ \gset
select vigil_api.set_backup_policy('keep', '{"keep_daily": 2, "keep_weekly": 3}');
-- Two backups a day at 03:00 and 04:00 for 20 days back.
create temp table made as
select vigil_api.start_backup('keep', 'local', '/b/' || d || '-' || h, :'now_'::timestamptz - d * interval '1 day' - interval '12 hours' + h * interval '1 hour') as id, d, h
from generate_series(0, 19) d, generate_series(3, 4) h;
select vigil_api.finish_backup(id, '{"tables": [], "files": []}', null, :'now_'::timestamptz - d * interval '1 day' - interval '12 hours' + h * interval '1 hour' + interval '5 minutes') from made;

-- 2026-11-30 is a Monday: the last two days are Monday and Sunday (also the newest of two weeks),
-- and the third week's newest is Sunday the 22nd (d = 8).
select is((select count(*)::int from vigil_api.backup_prune_plan('keep', :'now_') where keep), 3,
  'the last two days'' and three weeks'' newest backups are kept, each once');
select is((select reason from vigil_api.backup_prune_plan('keep', :'now_') p join made m on m.id = p.backup_id where m.d = 8 and m.h = 4),
  'weekly', 'an older week keeps its newest backup');
select ok((select bool_and(keep) from vigil_api.backup_prune_plan('keep', :'now_') p join made m on m.id = p.backup_id where m.d in (0, 1) and m.h = 4),
  'the newest backup of each of the last two days is kept');
select ok((select not bool_or(keep) from vigil_api.backup_prune_plan('keep', :'now_') p join made m on m.id = p.backup_id where m.h = 3),
  'an earlier backup of the same day goes');
select is((select reason from vigil_api.backup_prune_plan('keep', :'now_') p join made m on m.id = p.backup_id where m.d = 19 and m.h = 4),
  'beyond the daily and weekly backups kept', 'and says why');
select is((vigil_api.mark_backup_pruned((select id from made where d = 19 and h = 3))).status, 'pruned', 'a pruned backup stays as history');

-- The card, for the daily policy only.
delete from vigil.backups where policy = 'keep';
delete from vigil.backup_policies where name = 'keep';
update vigil.backup_policies set created_at = :'now_'::timestamptz - interval '10 days' where name = 'daily';
select vigil_api.start_backup('daily', 'local', '/b/x', :'now_'::timestamptz - interval '5 hours') as b \gset
select vigil_api.finish_backup(:b, '{"tables": [], "files": []}', null, :'now_'::timestamptz - interval '5 hours');
select vigil_api.record_backup_verify(:b, true, null, :'now_'::timestamptz - interval '4 hours');
select is(vigil.dashboard_card_last_backup(:'sys', :'now_'::timestamptz - interval '1 day', :'now_') - 'detail' - 'at',
  '{"name": "last_backup", "title": "Last backup", "value": 5.0, "unit": "hours", "status": "warn"}'::jsonb,
  'the card shows 5 hours, warn without a drill');
select vigil_api.start_backup('daily', 'local', '/b/y', :'now_'::timestamptz - interval '1 hour') as f \gset
select vigil_api.finish_backup(:f, null, 'disk full', :'now_'::timestamptz - interval '50 minutes');
select is(vigil.dashboard_card_last_backup(:'sys', :'now_'::timestamptz - interval '1 day', :'now_') ->> 'status', 'bad',
  'a failed latest backup makes it bad');
select matches(vigil.dashboard_card_last_backup(:'sys', :'now_'::timestamptz - interval '1 day', :'now_') ->> 'detail', 'latest failed',
  'and says so');

select * from finish();
rollback;
