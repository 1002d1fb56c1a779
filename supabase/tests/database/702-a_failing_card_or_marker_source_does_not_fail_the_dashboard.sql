-- A registered card or marker source that raises, or whose function is gone, is shown as an error card
-- (or named in marker_errors) and the dashboard is built all the same; a card returning null is absent.
begin;
select plan(6);

select * from tests.make_tenant('dash-failing') \gset t_

create function vigil.dashboard_card_broken(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language plpgsql set search_path = '' as $$ begin raise exception using errcode = 'P0001', message = 'the card broke'; end $$;
create function vigil.dashboard_card_nothing(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language sql set search_path = '' as $$ select null::jsonb $$;
create function vigil.dashboard_markers_broken(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (at timestamptz, kind text, label text, severity text, ref jsonb)
language plpgsql set search_path = '' as $$ begin raise exception using errcode = 'P0001', message = 'the markers broke'; end $$;
grant execute on function vigil.dashboard_card_broken(uuid, timestamptz, timestamptz), vigil.dashboard_card_nothing(uuid, timestamptz, timestamptz),
  vigil.dashboard_markers_broken(uuid, timestamptz, timestamptz) to authenticated;
insert into vigil.dashboard_cards (name, fn, position, description) values
  ('broken', 'vigil.dashboard_card_broken(uuid, timestamptz, timestamptz)', 1, 'raises'),
  ('gone', 'vigil.dashboard_card_gone(uuid, timestamptz, timestamptz)', 2, 'no such function'),
  ('nothing', 'vigil.dashboard_card_nothing(uuid, timestamptz, timestamptz)', 3, 'nothing to show');
insert into vigil.dashboard_markers (name, fn, description) values
  ('broken', 'vigil.dashboard_markers_broken(uuid, timestamptz, timestamptz)', 'raises');

select tests.authenticate_as(:'t_viewer_id');
create temp table d as select vigil_api.dashboard(:'t_tenant_id', now() - interval '1 hour') as j;
select ok((select j -> 'summary' is not null from d), 'the dashboard is built');
select is((select c - 'detail' from d, jsonb_array_elements(j -> 'cards') c where c ->> 'name' = 'broken'),
          '{"name": "broken", "title": "broken", "value": null, "unit": null, "status": "bad", "error": "P0001"}'::jsonb,
          'a raising card is an error card with its SQLSTATE');
select is((select c ->> 'detail' from d, jsonb_array_elements(j -> 'cards') c where c ->> 'name' = 'broken'),
          'this card failed: the card broke', 'and says why');
select is((select c ->> 'error' from d, jsonb_array_elements(j -> 'cards') c where c ->> 'name' = 'gone'), '42883',
          'a card whose function is gone is an error card too');
select ok((select not (j -> 'cards' @> '[{"name": "nothing"}]') from d), 'a card with nothing to show is absent');
select is((select j -> 'marker_errors' from d), '[{"source": "broken", "error": "P0001", "message": "the markers broke"}]'::jsonb,
          'a failing marker source is named, and the other sources still answer');
select tests.clear_authentication();

select * from finish();
rollback;
