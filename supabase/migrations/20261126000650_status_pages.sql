-- Status pages and incidents, and the answers built on monitors: vigil_api.health (the one-call health
-- answer), vigil_api.status_page (public fields only, for anon), the uptime card and incident markers
-- of the console. Uptime comes from the check events' rollups (or an SLO's good ratio), summed per day
-- by maintenance into vigil.uptime_cache, so an anonymous visitor never runs a statistics query.

create table vigil.status_pages (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  title text not null check (pg_catalog.length(title) between 1 and 200),
  description text check (pg_catalog.length(description) <= 2000),
  public boolean not null default false,
  items jsonb not null default '[]'::jsonb check (pg_catalog.jsonb_typeof(items) = 'array'),
  created_at timestamptz not null default pg_catalog.now(),
  primary key (tenant_id, id)
);
create index status_pages_tenant_idx on vigil.status_pages (tenant_id);
comment on table vigil.status_pages is
  'Status pages: a slug (unique across the installation, it is a public address), a title and items, each a monitor or an SLO. Only a public page is shown to anon, by vigil_api.status_page.';
comment on column vigil.status_pages.items is
  'What the page shows, in order: [{"monitor": "<id>", "label": "API"}, {"slo": "<id>", "label": "Checkout"}]. The label is the public name; a monitor''s own name and URL are never shown.';

create table vigil.incidents (
  id uuid not null default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  title text not null check (pg_catalog.length(title) between 1 and 200),
  status text not null default 'investigating' check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
  impact text not null default 'major' check (impact in ('none', 'minor', 'major', 'critical')),
  monitor_ids uuid[] not null default '{}',
  alert_id uuid,
  started_at timestamptz not null default pg_catalog.now(),
  resolved_at timestamptz,
  created_by uuid,
  primary key (tenant_id, id)
);
create index incidents_tenant_idx on vigil.incidents (tenant_id, started_at desc);
create index incidents_alert_idx on vigil.incidents (alert_id) where resolved_at is null;
comment on table vigil.incidents is
  'Incidents shown on status pages: opened by operators, or automatically when a monitor_down alert fires (alert_id set), which its recovery resolves.';

create table vigil.incident_updates (
  id bigserial not null,
  tenant_id uuid not null,
  incident_id uuid not null,
  at timestamptz not null default pg_catalog.now(),
  status text not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
  message text not null check (pg_catalog.length(message) between 1 and 5000),
  created_by uuid,
  primary key (tenant_id, id),
  foreign key (tenant_id, incident_id) references vigil.incidents (tenant_id, id) on delete cascade
);
create index incident_updates_incident_idx on vigil.incident_updates (tenant_id, incident_id, at);
create index incident_updates_tenant_idx on vigil.incident_updates (tenant_id);
comment on table vigil.incident_updates is 'The timeline of an incident: each status change with its message.';

-- Per status page item: checks and bad checks per UTC day (90 days) and over the last 24 hours, as
-- the rollups said when maintenance last looked.
create table vigil.uptime_cache (
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  item_id uuid not null,
  days jsonb not null default '{}'::jsonb,
  total_24h bigint not null default 0,
  bad_24h bigint not null default 0,
  refreshed_at timestamptz not null,
  primary key (tenant_id, item_id)
);
comment on table vigil.uptime_cache is
  'Uptime of each status page item (a monitor''s check events, or an SLO''s operation): {"2026-11-30": [checks, bad]} per UTC day for 90 days, and the last 24 hours. Written by the status_pages maintenance step.';

alter table vigil.status_pages enable row level security;
alter table vigil.incidents enable row level security;
alter table vigil.incident_updates enable row level security;
alter table vigil.uptime_cache enable row level security;
grant select on vigil.status_pages, vigil.incidents, vigil.incident_updates, vigil.uptime_cache to authenticated;
grant insert, update, delete on vigil.status_pages to authenticated;
grant insert, update on vigil.incidents to authenticated;
grant insert on vigil.incident_updates to authenticated;
grant all on vigil.status_pages, vigil.incidents, vigil.incident_updates, vigil.uptime_cache to service_role;
create policy status_pages_read on vigil.status_pages for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy status_pages_admin_insert on vigil.status_pages for insert to authenticated with check (vigil.has_role(tenant_id, 'admin'));
create policy status_pages_admin_update on vigil.status_pages for update to authenticated
  using (vigil.has_role(tenant_id, 'admin')) with check (vigil.has_role(tenant_id, 'admin'));
create policy status_pages_admin_delete on vigil.status_pages for delete to authenticated using (vigil.has_role(tenant_id, 'admin'));
create policy status_pages_service on vigil.status_pages for all to service_role using (true) with check (true);
create policy incidents_read on vigil.incidents for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy incidents_operator_insert on vigil.incidents for insert to authenticated with check (vigil.has_role(tenant_id, 'operator'));
create policy incidents_operator_update on vigil.incidents for update to authenticated
  using (vigil.has_role(tenant_id, 'operator')) with check (vigil.has_role(tenant_id, 'operator'));
create policy incidents_service on vigil.incidents for all to service_role using (true) with check (true);
create policy incident_updates_read on vigil.incident_updates for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy incident_updates_operator_insert on vigil.incident_updates for insert to authenticated
  with check (vigil.has_role(tenant_id, 'operator'));
create policy incident_updates_service on vigil.incident_updates for all to service_role using (true) with check (true);
create policy uptime_cache_read on vigil.uptime_cache for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy uptime_cache_service on vigil.uptime_cache for all to service_role using (true) with check (true);

create function vigil_api.set_status_page(p_tenant uuid, p_slug text, p_title text, p_items jsonb default '[]'::jsonb,
                                          p_public boolean default false, p_description text default null)
returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
declare
  v_row vigil.status_pages;
  v_item jsonb;
begin
  perform vigil.require_role(p_tenant, 'admin');
  if p_slug is null or p_slug !~ '^[a-z0-9][a-z0-9-]{1,62}$' then
    raise exception using errcode = '22023', message = 'slug must be 2 to 63 lowercase letters, digits or dashes.';
  end if;
  if p_title is null or pg_catalog.length(p_title) not between 1 and 200 then
    raise exception using errcode = '22023', message = 'title must be 1 to 200 characters.';
  end if;
  if p_items is null or pg_catalog.jsonb_typeof(p_items) <> 'array' then
    raise exception using errcode = '22023', message = 'items must be an array of {"monitor": id} or {"slo": id} objects.';
  end if;
  for v_item in select x from pg_catalog.jsonb_array_elements(p_items) x loop
    if pg_catalog.jsonb_typeof(v_item) <> 'object' or (v_item ? 'monitor') = (v_item ? 'slo')
       or exists (select 1 from pg_catalog.jsonb_object_keys(v_item) k where k not in ('monitor', 'slo', 'label'))
       or (v_item ? 'label' and (pg_catalog.jsonb_typeof(v_item -> 'label') <> 'string' or pg_catalog.length(v_item ->> 'label') not between 1 and 100)) then
      raise exception using errcode = '22023', message = 'each item must be {"monitor": id} or {"slo": id}, with an optional label of 1 to 100 characters.';
    end if;
    -- As the caller: another tenant's monitor or SLO is as missing as one that does not exist.
    if (v_item ? 'monitor' and not exists (select 1 from vigil.monitors m where m.tenant_id = p_tenant and m.id::text = v_item ->> 'monitor'))
       or (v_item ? 'slo' and not exists (select 1 from vigil.slos s where s.tenant_id = p_tenant and s.id::text = v_item ->> 'slo')) then
      raise exception using errcode = 'P0002', message = pg_catalog.format('No monitor or SLO of this tenant has the id of item %s.', v_item);
    end if;
  end loop;
  insert into vigil.status_pages (tenant_id, slug, title, description, public, items)
  values (p_tenant, p_slug, p_title, p_description, coalesce(p_public, false), p_items)
  on conflict (slug) do update set title = excluded.title, description = excluded.description, public = excluded.public, items = excluded.items
  where vigil.status_pages.tenant_id = excluded.tenant_id
  returning * into v_row;
  if v_row.id is null then
    raise exception using errcode = '23505', message = pg_catalog.format('The slug %L is taken.', p_slug);
  end if;
  return pg_catalog.to_jsonb(v_row);
end
$$;
comment on function vigil_api.set_status_page(uuid, text, text, jsonb, boolean, text) is
$$Creates or replaces (by slug) a status page (tenant admins). Items: [{"monitor": "<id>", "label": "API"}, {"slo": "<id>"}].
Only a page with p_public true is shown to anyone by vigil_api.status_page. Example:
select vigil_api.set_status_page('<tenant>', 'acme', 'Acme status', '[{"monitor": "<id>", "label": "API"}]', true);$$;

create function vigil_api.delete_status_page(p_page uuid) returns void
language sql security invoker
set search_path = ''
as $$ select vigil._delete_owned('vigil.status_pages', p_page, 'admin', 'status page') $$;
comment on function vigil_api.delete_status_page(uuid) is 'Deletes a status page (tenant admins).';

-- Opening an incident and adding to its timeline share one path: the row and its update together.
create function vigil._incident_update(p_incident uuid, p_status text, p_message text, p_impact text, p_at timestamptz, p_by uuid)
returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_row vigil.incidents;
begin
  if p_status is null or p_status not in ('investigating', 'identified', 'monitoring', 'resolved') then
    raise exception using errcode = '22023', message = 'status must be one of investigating, identified, monitoring, resolved.';
  end if;
  if p_impact is not null and p_impact not in ('none', 'minor', 'major', 'critical') then
    raise exception using errcode = '22023', message = 'impact must be one of none, minor, major, critical.';
  end if;
  if p_message is null or pg_catalog.length(p_message) not between 1 and 5000 then
    raise exception using errcode = '22023', message = 'message must be 1 to 5000 characters.';
  end if;
  update vigil.incidents
  set status = p_status, impact = coalesce(p_impact, impact),
      resolved_at = case when p_status = 'resolved' then coalesce(resolved_at, p_at) end
  where id = p_incident
  returning * into v_row;
  insert into vigil.incident_updates (tenant_id, incident_id, at, status, message, created_by)
  values (v_row.tenant_id, v_row.id, p_at, p_status, p_message, p_by);
  return pg_catalog.to_jsonb(v_row);
end
$$;
comment on function vigil._incident_update(uuid, text, text, text, timestamptz, uuid) is
  'Moves an incident to a status (resolved sets resolved_at) and adds the update to its timeline. Callers check access.';

create function vigil_api.create_incident(p_tenant uuid, p_title text, p_message text, p_impact text default 'major',
                                          p_monitors uuid[] default '{}', p_status text default 'investigating')
returns jsonb
language plpgsql security invoker
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform vigil.require_role(p_tenant, 'operator');
  if p_title is null or pg_catalog.length(p_title) not between 1 and 200 then
    raise exception using errcode = '22023', message = 'title must be 1 to 200 characters.';
  end if;
  if exists (select 1 from pg_catalog.unnest(coalesce(p_monitors, '{}')) x
             where not exists (select 1 from vigil.monitors m where m.id = x and m.tenant_id = p_tenant)) then
    raise exception using errcode = 'P0002', message = 'No monitor of this tenant has one of those ids.';
  end if;
  insert into vigil.incidents (tenant_id, title, impact, monitor_ids, created_by)
  values (p_tenant, p_title, 'none', coalesce(p_monitors, '{}'), auth.uid())
  returning id into v_id;
  return vigil._incident_update(v_id, p_status, p_message, coalesce(p_impact, 'major'), pg_catalog.now(), auth.uid());
end
$$;
comment on function vigil_api.create_incident(uuid, text, text, text, uuid[], text) is
  'Opens an incident with its first update (operators and admins). impact: none, minor, major, critical; status: investigating, identified, monitoring, resolved.';

create function vigil_api.update_incident(p_incident uuid, p_status text, p_message text, p_impact text default null) returns jsonb
language sql security invoker
set search_path = ''
as $$
  select vigil._require_owner_of('vigil.incidents', p_incident, 'operator', 'incident');
  select vigil._incident_update(p_incident, p_status, p_message, p_impact, pg_catalog.now(), auth.uid());
$$;
comment on function vigil_api.update_incident(uuid, text, text, text) is
  'Adds an update to an incident and moves it to p_status (operators and admins); resolved closes it.';

create function vigil_api.list_incidents(p_tenant uuid, p_since timestamptz default pg_catalog.now() - interval '90 days')
returns setof jsonb
language sql stable security invoker
set search_path = ''
as $$
  select vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.to_jsonb(i) || pg_catalog.jsonb_build_object('updates', coalesce((
    select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('at', u.at, 'status', u.status, 'message', u.message) order by u.at, u.id)
    from vigil.incident_updates u where u.tenant_id = i.tenant_id and u.incident_id = i.id), '[]'::jsonb))
  from vigil.incidents i
  where i.tenant_id = p_tenant and (i.resolved_at is null or i.resolved_at >= p_since)
  order by i.started_at desc;
$$;
comment on function vigil_api.list_incidents(uuid, timestamptz) is 'Incidents open or resolved since p_since, newest first, each with its updates. Any member may read them.';

-- Automatic incidents: a monitor_down alert firing opens one (unless its monitor already has one open)
-- and its resolution resolves it. A trigger on the alert history, so evaluation, an operator's
-- resolve_alert and anything later that moves alerts all lead here.
create function vigil._incident_from_alert() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  v_monitor vigil.monitors;
  v_incident uuid;
begin
  if new.to_state not in ('firing', 'resolved')
     or not exists (select 1 from vigil.alert_rules r where r.tenant_id = new.tenant_id and r.id = new.rule_id and r.metric = 'monitor_down') then
    return null;
  end if;
  select m.* into v_monitor from vigil.alerts a join vigil.monitors m on m.tenant_id = a.tenant_id and m.name = a.labels ->> 'monitor'
  where a.tenant_id = new.tenant_id and a.id = new.alert_id;
  if new.to_state = 'firing' and new.from_state <> 'recovering' and v_monitor.id is not null
     and not exists (select 1 from vigil.incidents i where i.tenant_id = new.tenant_id and i.resolved_at is null
                       and v_monitor.id = any (i.monitor_ids)) then
    insert into vigil.incidents (tenant_id, title, impact, monitor_ids, alert_id, started_at)
    values (new.tenant_id, pg_catalog.left(v_monitor.name || ' is down', 200), 'none', array[v_monitor.id], new.alert_id, new.at)
    returning id into v_incident;
    perform vigil._incident_update(v_incident, 'investigating',
      pg_catalog.format('%s is failing its checks (%s). We are looking into it.', v_monitor.name,
        coalesce((select s.last_message from vigil.monitor_state s where s.tenant_id = v_monitor.tenant_id and s.monitor_id = v_monitor.id),
                 'down')),
      'major', new.at, null);
  elsif new.to_state = 'resolved' then
    for v_incident in select i.id from vigil.incidents i where i.tenant_id = new.tenant_id and i.alert_id = new.alert_id and i.resolved_at is null loop
      perform vigil._incident_update(v_incident, 'resolved',
        pg_catalog.format('%s is answering its checks again.', coalesce(v_monitor.name, 'The monitor')), null, new.at, null);
    end loop;
  end if;
  return null;
end
$$;
comment on function vigil._incident_from_alert() is
  'Trigger on alert_history: a monitor_down alert that fires opens an incident for its monitor; its resolution resolves the incident.';

create trigger alert_history_incidents after insert on vigil.alert_history
  for each row execute function vigil._incident_from_alert();

-- Uptime of status page items, per UTC day, from the same parts as every other statistic
-- (vigil._slo_counts: rollups and the unfolded tail). Today and yesterday are read again at every
-- refresh (late events), older days once.
create function vigil.refresh_uptime(p_now timestamptz default pg_catalog.now()) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  v_item record;
  v_days jsonb;
  v_today date := (p_now at time zone 'UTC')::date;
  v_day date;
  v_c record;
  v_items integer := 0;
  v_errors integer := 0;
begin
  perform vigil._require_trusted('Only the service role or maintenance may refresh uptime.');
  for v_item in
    select distinct p.tenant_id, coalesce(m.id, s.id) item_id,
           coalesce(s.kind, 'api_call') kind, coalesce('check:' || m.name, s.name) name, s.threshold_ms
    from vigil.status_pages p
    cross join lateral pg_catalog.jsonb_array_elements(p.items) x
    left join vigil.monitors m on m.tenant_id = p.tenant_id and m.id::text = x ->> 'monitor'
    left join vigil.slos s on s.tenant_id = p.tenant_id and s.id::text = x ->> 'slo'
    where coalesce(m.id, s.id) is not null
  loop
    -- One item's failure never stops the others' refresh.
    begin
      select coalesce((select c.days from vigil.uptime_cache c where c.tenant_id = v_item.tenant_id and c.item_id = v_item.item_id), '{}')
      into v_days;
      for v_day in select d::date from pg_catalog.generate_series(v_today - 89, v_today, interval '1 day') d loop
        continue when v_day < v_today - 1 and v_days ? v_day::text;
        select * into v_c from vigil._slo_counts(v_item.tenant_id, v_item.kind, v_item.name, v_item.threshold_ms,
          v_day::timestamp at time zone 'UTC', least(p_now, (v_day + 1)::timestamp at time zone 'UTC'));
        v_days := v_days || pg_catalog.jsonb_build_object(v_day::text, pg_catalog.jsonb_build_array(v_c.total, v_c.bad));
      end loop;
      v_days := (select pg_catalog.jsonb_object_agg(d.key, d.value) from pg_catalog.jsonb_each(v_days) d where d.key::date > v_today - 90);
      select * into v_c from vigil._slo_counts(v_item.tenant_id, v_item.kind, v_item.name, v_item.threshold_ms, p_now - interval '24 hours', p_now);
      insert into vigil.uptime_cache (tenant_id, item_id, days, total_24h, bad_24h, refreshed_at)
      values (v_item.tenant_id, v_item.item_id, v_days, v_c.total, v_c.bad, p_now)
      on conflict (tenant_id, item_id) do update
        set days = excluded.days, total_24h = excluded.total_24h, bad_24h = excluded.bad_24h, refreshed_at = excluded.refreshed_at;
      v_items := v_items + 1;
    exception when others then
      v_errors := v_errors + 1;
    end;
  end loop;
  delete from vigil.uptime_cache c
  where not exists (select 1 from vigil.status_pages p cross join lateral pg_catalog.jsonb_array_elements(p.items) x
                    where p.tenant_id = c.tenant_id and coalesce(x ->> 'monitor', x ->> 'slo') = c.item_id::text);
  return pg_catalog.jsonb_build_object('items', v_items, 'errors', v_errors);
end
$$;
comment on function vigil.refresh_uptime(timestamptz) is
  'Maintenance step status_pages: checks and bad checks per UTC day (90 days) and over 24 hours for every status page item, from rollups (an SLO item counts its good events). Trusted callers only.';

insert into vigil.maintenance_steps (name, fn, position, description)
values ('status_pages', 'vigil.refresh_uptime(timestamptz)', 75,
        'Sum the uptime of status page items per day from rollups, for the public pages to read.');

-- Uptime as a fraction over the last n days of the cached tallies, or null without checks.
create function vigil._uptime_ratio(p_days jsonb, p_today date, p_n integer) returns double precision
language sql immutable
set search_path = ''
as $$
  select 1 - pg_catalog.sum((d.value ->> 1)::double precision) / nullif(pg_catalog.sum((d.value ->> 0)::double precision), 0)
  from pg_catalog.jsonb_each(p_days) d where d.key::date > p_today - p_n
$$;
comment on function vigil._uptime_ratio(jsonb, date, integer) is 'Good checks / checks over the last p_n UTC days of an uptime_cache row''s days (null without checks).';

-- The public status page: only what a visitor may see. Names are the items' labels; a monitor's own
-- name, URL, headers and ids never leave, nor do the tenant's id or incidents' authors.
create function vigil._status_page(p_slug text, p_now timestamptz) returns jsonb
language plpgsql stable security definer
set search_path = ''
as $$
declare
  v_page vigil.status_pages;
  v_today date := (p_now at time zone 'UTC')::date;
  v_items jsonb;
  v_incidents jsonb;
begin
  select * into v_page from vigil.status_pages p where p.slug = p_slug and p.public;
  if v_page.id is null then
    raise exception using errcode = 'PT404', message = 'No public status page has that slug.';
  end if;
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
           'name', coalesce(x.item ->> 'label', s.name, 'Service ' || x.n),
           'state', case when m.id is not null then case when ms.state = 'paused' then 'unknown' else ms.state end
                         when c.total_24h = 0 or c.total_24h is null then 'unknown'
                         when 1 - c.bad_24h::double precision / c.total_24h >= s.objective then 'up' else 'degraded' end,
           'uptime', pg_catalog.jsonb_build_object(
             '24h', case when c.total_24h > 0 then pg_catalog.round((1 - c.bad_24h::numeric / c.total_24h), 6) end,
             '7d', pg_catalog.round(vigil._uptime_ratio(c.days, v_today, 7)::numeric, 6),
             '30d', pg_catalog.round(vigil._uptime_ratio(c.days, v_today, 30)::numeric, 6),
             '90d', pg_catalog.round(vigil._uptime_ratio(c.days, v_today, 90)::numeric, 6)),
           'days', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('day', d::date,
                      'uptime', case when (c.days -> (d::date)::text ->> 0)::bigint > 0
                                     then pg_catalog.round(1 - (c.days -> (d::date)::text ->> 1)::numeric / (c.days -> (d::date)::text ->> 0)::numeric, 6) end)
                      order by d)
                    from pg_catalog.generate_series(v_today - 89, v_today, interval '1 day') d)) order by x.n), '[]'::jsonb)
  into v_items
  from pg_catalog.jsonb_array_elements(v_page.items) with ordinality x(item, n)
  left join vigil.monitors m on m.tenant_id = v_page.tenant_id and m.id::text = x.item ->> 'monitor'
  left join vigil.monitor_state ms on ms.tenant_id = m.tenant_id and ms.monitor_id = m.id
  left join vigil.slos s on s.tenant_id = v_page.tenant_id and s.id::text = x.item ->> 'slo'
  left join vigil.uptime_cache c on c.tenant_id = v_page.tenant_id and c.item_id = coalesce(m.id, s.id)
  where coalesce(m.id, s.id) is not null;

  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('title', i.title, 'status', i.status, 'impact', i.impact,
           'started_at', i.started_at, 'resolved_at', i.resolved_at,
           'updates', (select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('at', u.at, 'status', u.status, 'message', u.message)
                                                    order by u.at desc, u.id desc)
                       from vigil.incident_updates u where u.tenant_id = i.tenant_id and u.incident_id = i.id)) order by i.started_at desc), '[]'::jsonb)
  into v_incidents
  from vigil.incidents i
  where i.tenant_id = v_page.tenant_id and i.started_at <= p_now and (i.resolved_at is null or i.resolved_at > p_now - interval '14 days')
    and (i.monitor_ids = '{}' or i.monitor_ids && array(select (x ->> 'monitor')::uuid from pg_catalog.jsonb_array_elements(v_page.items) x
                                                        where x ? 'monitor'));

  return pg_catalog.jsonb_build_object('title', v_page.title, 'description', v_page.description,
    'status', case when exists (select 1 from pg_catalog.jsonb_array_elements(v_items) x where x ->> 'state' = 'down') then 'major_outage'
                   when exists (select 1 from pg_catalog.jsonb_array_elements(v_items) x where x ->> 'state' in ('degraded', 'pending')) then 'degraded'
                   when exists (select 1 from pg_catalog.jsonb_array_elements(v_items) x where x ->> 'state' = 'maintenance') then 'maintenance'
                   else 'operational' end,
    'items', v_items, 'incidents', v_incidents, 'at', p_now);
end
$$;
comment on function vigil._status_page(text, timestamptz) is
  'A public status page''s public fields (see vigil_api.status_page). Security definer, for anon: it reads only the page named and the things it lists.';

create function vigil_api.status_page(p_slug text) returns jsonb
language sql stable security invoker
set search_path = ''
as $$ select vigil._status_page(p_slug, pg_catalog.now()) $$;
comment on function vigil_api.status_page(text) is
$$A public status page, for anyone (anon included): {title, description, status (operational degraded major_outage
maintenance), items: [{name, state, uptime: {24h, 7d, 30d, 90d}, days: [{day, uptime}] (90)}], incidents (open, and
resolved in the last 14 days, with updates)}. A private page and an unknown slug both answer PT404. Example:
select vigil_api.status_page('acme');$$;

-- The health answer the systems Vigil replaces gave, in one call.
create function vigil_api.health(p_tenant uuid) returns jsonb
language plpgsql stable security invoker
set search_path = ''
as $$
declare
  v_monitors jsonb;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('name', m.name, 'type', m.type, 'status', s.state,
           'message', coalesce(s.last_message, 'not checked yet'), 'response_time_ms', s.last_duration_ms, 'target', m.url,
           'last_checked_at', s.last_checked_at) order by m.name), '[]'::jsonb)
  into v_monitors
  from vigil.monitors m left join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
  where m.tenant_id = p_tenant;
  return pg_catalog.jsonb_build_object(
    'overall_status', case when pg_catalog.jsonb_path_exists(v_monitors, '$[*] ? (@.status == "down")') then 'unhealthy'
                           when pg_catalog.jsonb_path_exists(v_monitors, '$[*] ? (@.status == "degraded" || @.status == "pending")') then 'degraded'
                           else 'healthy' end,
    'healthy', pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(v_monitors, '$[*] ? (@.status == "up" || @.status == "maintenance")')),
    'total', pg_catalog.jsonb_array_length(pg_catalog.jsonb_path_query_array(v_monitors, '$[*] ? (@.status != "paused")')),
    'monitors', v_monitors);
end
$$;
comment on function vigil_api.health(uuid) is
$$The tenant's health in one call (members): {overall_status (healthy, degraded, unhealthy), healthy, total (paused monitors
left out), monitors: [{name, type, status, message, response_time_ms, target, last_checked_at}]}. Example:
select vigil_api.health('<tenant>');$$;

-- The console's uptime card and incident markers (registered by the console's migration).
create function vigil.dashboard_card_uptime(p_tenant uuid, p_since timestamptz, p_until timestamptz) returns jsonb
language plpgsql stable
set search_path = ''
as $$
declare
  v_checks bigint;
  v_bad bigint;
  v_total bigint;
  v_down text[];
  v_warn bigint;
begin
  perform vigil.require_role(p_tenant, 'viewer');
  select pg_catalog.count(*) filter (where not m.paused), pg_catalog.array_agg(m.name order by m.name) filter (where s.state = 'down'),
         pg_catalog.count(*) filter (where s.state in ('pending', 'degraded'))
  into v_total, v_down, v_warn
  from vigil.monitors m left join vigil.monitor_state s on s.tenant_id = m.tenant_id and s.monitor_id = m.id
  where m.tenant_id = p_tenant;
  if v_total = 0 then
    return null;
  end if;
  select coalesce(pg_catalog.sum(p.c), 0)::bigint, coalesce(pg_catalog.sum(p.er), 0)::bigint into v_checks, v_bad
  from vigil._stats_parts(p_tenant, p_since, p_until, 'api_call', null) p where p.n like 'check:%';
  return pg_catalog.jsonb_build_object('name', 'uptime', 'title', 'Uptime',
    'value', case when v_checks > 0 then pg_catalog.round(100 * (1 - v_bad::numeric / v_checks), 3) end, 'unit', 'percent',
    'status', case when v_down is not null then 'bad' when v_warn > 0 then 'warn' else 'ok' end,
    'detail', case when v_down is not null then pg_catalog.format('%s of %s monitors down: %s', pg_catalog.cardinality(v_down), v_total,
                                                                  pg_catalog.array_to_string(v_down, ', '))
                   else pg_catalog.format('%s monitors, %s checks in the window', v_total, v_checks) end,
    'at', p_until);
end
$$;
comment on function vigil.dashboard_card_uptime(uuid, timestamptz, timestamptz) is
  'Console card: the share of successful checks in the window, bad while a monitor is down, warn while one is pending or degraded; null without monitors.';
insert into vigil.dashboard_cards (name, fn, position, description) values
  ('uptime', 'vigil.dashboard_card_uptime(uuid, timestamptz, timestamptz)', 70, 'Share of good checks; bad while a monitor is down.');

create function vigil.dashboard_markers_incidents(p_tenant uuid, p_since timestamptz, p_until timestamptz)
returns table (at timestamptz, kind text, label text, severity text, ref jsonb)
language plpgsql stable
set search_path = ''
as $$
begin
  perform vigil.require_role(p_tenant, 'viewer');
  return query
    select x.at, x.kind, x.label, x.severity, x.ref from (
      select i.started_at at, 'incident_started' kind, i.title label,
             case i.impact when 'critical' then 'critical' when 'major' then 'critical' when 'minor' then 'warning' else 'info' end severity,
             pg_catalog.jsonb_build_object('incident_id', i.id) ref
      from vigil.incidents i where i.tenant_id = p_tenant and i.started_at >= p_since and i.started_at < p_until
      union all
      select i.resolved_at, 'incident_resolved', i.title || ' resolved', 'info', pg_catalog.jsonb_build_object('incident_id', i.id)
      from vigil.incidents i where i.tenant_id = p_tenant and i.resolved_at >= p_since and i.resolved_at < p_until) x
    order by x.at;
end
$$;
comment on function vigil.dashboard_markers_incidents(uuid, timestamptz, timestamptz) is
  'Console markers: incidents starting and resolving in the window.';
insert into vigil.dashboard_markers (name, fn, description) values
  ('incidents', 'vigil.dashboard_markers_incidents(uuid, timestamptz, timestamptz)', 'Incidents starting and resolving.');

grant execute on function vigil_api.set_status_page(uuid, text, text, jsonb, boolean, text) to authenticated, service_role;
grant execute on function vigil_api.delete_status_page(uuid) to authenticated, service_role;
grant execute on function vigil._incident_update(uuid, text, text, text, timestamptz, uuid) to authenticated, service_role;
grant execute on function vigil_api.create_incident(uuid, text, text, text, uuid[], text) to authenticated, service_role;
grant execute on function vigil_api.update_incident(uuid, text, text, text) to authenticated, service_role;
grant execute on function vigil_api.list_incidents(uuid, timestamptz) to authenticated, service_role;
grant execute on function vigil._incident_from_alert() to authenticated, service_role;
grant execute on function vigil.refresh_uptime(timestamptz) to service_role;
grant execute on function vigil._uptime_ratio(jsonb, date, integer) to service_role;
grant execute on function vigil._status_page(text, timestamptz) to anon, authenticated, service_role;
grant execute on function vigil_api.status_page(text) to anon, authenticated, service_role;
grant execute on function vigil_api.health(uuid) to authenticated, service_role;
grant execute on function vigil.dashboard_card_uptime(uuid, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function vigil.dashboard_markers_incidents(uuid, timestamptz, timestamptz) to authenticated, service_role;
