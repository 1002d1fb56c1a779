-- The status machine, pair by pair: every allowed transition happens and is recorded in the history,
-- every other one is refused with PT409 and a sentence, and moving to the status it has is a no-op.
begin;
select plan(6);

select * from tests.make_tenant('machine') \gset t_
select tests.deploy_target(:'t_tenant_id') as target \gset

create temp table verdicts (from_status text, to_status text, verdict text, message text);
do $$
declare
  v_statuses text[] := '{building,ready,smoke_testing,watching,healthy,build_failed,smoke_failed,regressed,rolling_back,rolled_back,rollback_failed,superseded}';
  v_from text;
  v_to text;
  v_id uuid;
begin
  foreach v_from in array v_statuses loop
    foreach v_to in array v_statuses loop
      continue when v_from = v_to;
      insert into vigil.deployments (tenant_id, target_id, external_id, environment, status, status_since, created_at, live_at)
      select t.tenant_id, t.id, v_from || '>' || v_to, t.environment, v_from, now(), now(), now()
      from vigil.deploy_targets t where t.name = 'web' and t.tenant_id = (select id from vigil.tenants where slug = 'machine')
      returning id into v_id;
      begin
        perform vigil._deploy_move(v_id, v_to, now(), 'test');
        insert into verdicts values (v_from, v_to, 'allowed', null);
      exception when sqlstate 'PT409' then
        insert into verdicts values (v_from, v_to, 'refused', sqlerrm);
      end;
    end loop;
  end loop;
end
$$;

select results_eq($$select from_status || ' -> ' || to_status from verdicts where verdict = 'allowed' order by 1$$,
  $$values ('building -> build_failed'), ('building -> ready'), ('building -> superseded'),
           ('healthy -> rolling_back'), ('healthy -> superseded'),
           ('ready -> rolling_back'), ('ready -> smoke_failed'), ('ready -> smoke_testing'), ('ready -> superseded'), ('ready -> watching'),
           ('regressed -> rolling_back'), ('regressed -> superseded'),
           ('rollback_failed -> rolling_back'), ('rollback_failed -> superseded'),
           ('rolling_back -> rollback_failed'), ('rolling_back -> rolled_back'),
           ('smoke_failed -> rolling_back'), ('smoke_failed -> superseded'),
           ('smoke_testing -> smoke_failed'), ('smoke_testing -> superseded'), ('smoke_testing -> watching'),
           ('watching -> healthy'), ('watching -> regressed'), ('watching -> rolling_back'), ('watching -> superseded')$$,
  'exactly the transitions of the machine are allowed');
select is((select count(*)::int from verdicts where verdict = 'refused'), 12 * 11 - 25, 'every other pair is refused with PT409');
select is((select message from verdicts where from_status = 'rolled_back' and to_status = 'healthy'),
  'A deployment that is rolled back cannot become healthy.', 'a refusal is a sentence naming both statuses');
select is((select count(*)::int from verdicts v join vigil.deployments d on d.external_id = v.from_status || '>' || v.to_status
           where v.verdict = 'allowed' and d.status = v.to_status), 25, 'an allowed transition changes the status');
select is((select count(*)::int from vigil.deployment_history h join vigil.deployments d on d.id = h.deployment_id
           join verdicts v on d.external_id = v.from_status || '>' || v.to_status
           where v.verdict = 'allowed' and h.from_status = v.from_status and h.to_status = v.to_status), 25,
  'each allowed transition is in the history with both statuses');
select is((select status from vigil._deploy_move((select id from vigil.deployments where external_id = 'healthy>superseded'), 'superseded', now())),
  'superseded', 'moving to the status it already has is a no-op, not a refusal');

select * from finish();
rollback;
