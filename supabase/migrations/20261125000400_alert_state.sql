-- The state of every rule and series, the history of its transitions, silences and mute windows,
-- and the notification outbox with its log of delivery attempts.

-- Rules live in tenants; this composite key lets alerts reference (tenant_id, id) so that no row can
-- point across tenants.
alter table vigil.alert_rules add constraint alert_rules_tenant_id_key unique (tenant_id, id);

create table vigil.alerts (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null,
  rule_id uuid not null,
  dedup_key text not null,
  labels jsonb not null default '{}'::jsonb,
  state text not null default 'ok' check (state in ('ok', 'pending', 'firing', 'recovering', 'resolved', 'nodata', 'error')),
  state_since timestamptz not null,
  value double precision,
  event_count bigint,
  last_error text,
  last_evaluated_at timestamptz,
  firing_since timestamptz,
  notified_state text check (notified_state in ('firing', 'resolved')),
  last_notified_at timestamptz,
  notify_seq integer not null default 0,
  acknowledged_at timestamptz,
  acknowledged_by uuid,
  resolved_at timestamptz,
  resolved_by uuid,
  muted_by text,
  foreign key (tenant_id, rule_id) references vigil.alert_rules (tenant_id, id) on delete cascade,
  unique (rule_id, dedup_key),
  unique (tenant_id, id)
);
create index alerts_tenant_state_idx on vigil.alerts (tenant_id, state);
-- Every foreign key gets an index leading with its columns (splinter 0001), so deleting a rule or an
-- alert does not scan the tables that point at it.
create index alerts_tenant_rule_idx on vigil.alerts (tenant_id, rule_id);
comment on table vigil.alerts is
  'One row per rule and series: its current state (ok, pending, firing, recovering, resolved, nodata, error) and what was last notified.';
comment on column vigil.alerts.dedup_key is
  'Hash of the rule and the series labels; used as PagerDuty dedup_key, in Resend''s Idempotency-Key and on the Slack context line.';
comment on column vigil.alerts.state_since is 'When the series entered its current state: pending counts `for` from here, recovering counts `keep_firing_for`.';
comment on column vigil.alerts.notified_state is
  'What receivers were last told (firing or resolved). A firing muted by a silence stays untold, so it is sent when the silence ends; a resolution is only sent for a firing that was told.';
comment on column vigil.alerts.muted_by is 'The silence or mute window currently holding this alert''s notification back, if any.';
comment on column vigil.alerts.notify_seq is 'Counts notifications of this series; with the channel it makes each outbox row unique, so no transition is ever enqueued twice.';


create table vigil.alert_history (
  id bigserial primary key,
  tenant_id uuid not null,
  alert_id uuid not null,
  rule_id uuid not null,
  from_state text not null,
  to_state text not null,
  value double precision,
  event_count bigint,
  at timestamptz not null,
  actor uuid,
  note text,
  foreign key (tenant_id, alert_id) references vigil.alerts (tenant_id, id) on delete cascade
);
create index alert_history_alert_idx on vigil.alert_history (alert_id, at);
create index alert_history_tenant_idx on vigil.alert_history (tenant_id, at);
create index alert_history_tenant_alert_idx on vigil.alert_history (tenant_id, alert_id);
comment on table vigil.alert_history is
  'Every state transition of every alert, with the metric value that caused it, and operator actions (acknowledge, resolve) with who did them.';
comment on column vigil.alert_history.actor is 'The user who acknowledged or resolved; null for evaluation.';
comment on column vigil.alert_history.note is 'Why: the metric error, a mute that held a notification back, an operator''s comment.';

create table vigil.alert_silences (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  matchers jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(matchers) = 'object'),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  comment text,
  created_by uuid,
  created_at timestamptz not null default pg_catalog.now(),
  check (ends_at > starts_at)
);
create index alert_silences_tenant_idx on vigil.alert_silences (tenant_id, ends_at);
comment on table vigil.alert_silences is
  'Time-boxed silences: notifications of matching alerts are held back between starts_at and ends_at. Evaluation and history go on.';
comment on column vigil.alert_silences.matchers is
  'Equality matchers, all of which must hold: rule_id, rule (name), severity, metric, or any rule or series label (name for grouped series). {} matches every alert of the tenant.';

create table vigil.alert_mute_windows (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references vigil.tenants (id) on delete cascade,
  name text not null check (pg_catalog.length(name) between 1 and 100),
  matchers jsonb not null default '{}'::jsonb check (pg_catalog.jsonb_typeof(matchers) = 'object'),
  weekdays smallint[] not null default '{1,2,3,4,5,6,7}' check (weekdays <@ '{1,2,3,4,5,6,7}'::smallint[] and pg_catalog.cardinality(weekdays) > 0),
  start_time time not null,
  end_time time not null,
  time_zone text not null default 'UTC',
  enabled boolean not null default true,
  created_by uuid,
  created_at timestamptz not null default pg_catalog.now(),
  unique (tenant_id, name)
);
comment on table vigil.alert_mute_windows is
  'Recurring mute windows (nights, weekends, a weekly deploy slot): matching notifications are held back while one is open. Evaluation goes on.';
comment on column vigil.alert_mute_windows.weekdays is 'ISO days of week (1 = Monday .. 7 = Sunday) on which the window opens, in time_zone.';
comment on column vigil.alert_mute_windows.end_time is 'When end_time <= start_time the window runs past midnight into the next day.';

create table vigil.alert_notifications (
  id bigserial primary key,
  tenant_id uuid not null,
  alert_id uuid not null,
  rule_id uuid not null,
  channel_id uuid not null,
  kind text not null check (kind in ('firing', 'resolved', 'reminder', 'acknowledged')),
  seq integer not null,
  dedup_key text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'retrying', 'delivered', 'dead')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  created_at timestamptz not null,
  delivered_at timestamptz,
  dead_at timestamptz,
  last_error text,
  foreign key (tenant_id, alert_id) references vigil.alerts (tenant_id, id) on delete cascade,
  foreign key (tenant_id, channel_id) references vigil.alert_channels (tenant_id, id) on delete cascade,
  unique (alert_id, seq, channel_id)
);
create index alert_notifications_due_idx on vigil.alert_notifications (next_attempt_at)
  where status in ('pending', 'sending', 'retrying');
create index alert_notifications_tenant_idx on vigil.alert_notifications (tenant_id, created_at);
create index alert_notifications_tenant_alert_idx on vigil.alert_notifications (tenant_id, alert_id);
create index alert_notifications_tenant_channel_idx on vigil.alert_notifications (tenant_id, channel_id);
comment on table vigil.alert_notifications is
  'The outbox: one row per notification and channel, claimed by the send-alert function with for update skip locked. dead means given up after the retry limit or a permanent error.';
comment on column vigil.alert_notifications.payload is 'Everything a channel needs to render the message: rule, severity, state, value, threshold, labels, link. No secret.';
comment on column vigil.alert_notifications.lease_until is 'A claimed (sending) row whose lease passed is claimable again: the sender died mid-way.';

create table vigil.alert_delivery_attempts (
  id bigserial primary key,
  tenant_id uuid not null,
  notification_id bigint not null references vigil.alert_notifications (id) on delete cascade,
  attempt integer not null,
  at timestamptz not null,
  outcome text not null check (outcome in ('delivered', 'retry', 'permanent')),
  status_code integer,
  error text,
  duration_ms double precision
);
create index alert_delivery_attempts_notification_idx on vigil.alert_delivery_attempts (notification_id);
comment on table vigil.alert_delivery_attempts is 'Every delivery attempt: HTTP status, error, duration, and whether it was delivered, will be retried or failed for good.';

alter table vigil.alerts enable row level security;
alter table vigil.alert_history enable row level security;
alter table vigil.alert_silences enable row level security;
alter table vigil.alert_mute_windows enable row level security;
alter table vigil.alert_notifications enable row level security;
alter table vigil.alert_delivery_attempts enable row level security;

grant select on vigil.alerts, vigil.alert_history, vigil.alert_notifications, vigil.alert_delivery_attempts to authenticated;
grant select, insert, update, delete on vigil.alert_silences, vigil.alert_mute_windows to authenticated;
grant all on vigil.alerts, vigil.alert_history, vigil.alert_silences, vigil.alert_mute_windows,
  vigil.alert_notifications, vigil.alert_delivery_attempts to service_role;
grant usage on sequence vigil.alert_history_id_seq, vigil.alert_notifications_id_seq,
  vigil.alert_delivery_attempts_id_seq to service_role;

create policy alerts_read on vigil.alerts for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy alerts_service on vigil.alerts for all to service_role using (true) with check (true);
create policy alert_history_read on vigil.alert_history for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy alert_history_service on vigil.alert_history for all to service_role using (true) with check (true);
create policy alert_notifications_read on vigil.alert_notifications for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy alert_notifications_service on vigil.alert_notifications for all to service_role using (true) with check (true);
create policy alert_delivery_attempts_read on vigil.alert_delivery_attempts for select to authenticated
  using (vigil.has_role(tenant_id, 'viewer'));
create policy alert_delivery_attempts_service on vigil.alert_delivery_attempts for all to service_role using (true) with check (true);

create policy alert_silences_read on vigil.alert_silences for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy alert_silences_operator_insert on vigil.alert_silences for insert to authenticated
  with check (vigil.has_role(tenant_id, 'operator'));
create policy alert_silences_operator_update on vigil.alert_silences for update to authenticated
  using (vigil.has_role(tenant_id, 'operator')) with check (vigil.has_role(tenant_id, 'operator'));
create policy alert_silences_operator_delete on vigil.alert_silences for delete to authenticated
  using (vigil.has_role(tenant_id, 'operator'));
create policy alert_silences_service on vigil.alert_silences for all to service_role using (true) with check (true);

create policy alert_mute_windows_read on vigil.alert_mute_windows for select to authenticated using (vigil.has_role(tenant_id, 'viewer'));
create policy alert_mute_windows_operator_insert on vigil.alert_mute_windows for insert to authenticated
  with check (vigil.has_role(tenant_id, 'operator'));
create policy alert_mute_windows_operator_update on vigil.alert_mute_windows for update to authenticated
  using (vigil.has_role(tenant_id, 'operator')) with check (vigil.has_role(tenant_id, 'operator'));
create policy alert_mute_windows_operator_delete on vigil.alert_mute_windows for delete to authenticated
  using (vigil.has_role(tenant_id, 'operator'));
create policy alert_mute_windows_service on vigil.alert_mute_windows for all to service_role using (true) with check (true);
