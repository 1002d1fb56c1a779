-- vigil._ingest renders the batch as text once: its 1 MB cap is measured on that text, and
-- vigil._store_events (20261128100000) checks the events' JSON types on the same text instead of
-- rendering it again. The key's hash is computed once. Checks, their order, SQLSTATEs and messages
-- are those of 20261123000500.

create or replace function vigil._ingest(p_key text, p_events jsonb) returns jsonb
language plpgsql security definer
set search_path = ''
as $$
declare
  v_key vigil.ingest_keys;
  v_count integer;
  v_used integer;
  v_result jsonb;
  v_text text;
  v_hash bytea;
begin
  if p_events is null or pg_catalog.jsonb_typeof(p_events) <> 'array' then
    raise exception using errcode = '22023', message = 'events must be a JSON array of event objects.';
  end if;
  v_count := pg_catalog.jsonb_array_length(p_events);
  -- 1,000 events or 1 MB: a browser batch is tens of events; more is a bug or abuse, refused whole.
  if v_count > 1000 then
    raise exception using errcode = 'PT413',
      message = pg_catalog.format('A batch holds at most 1000 events; this one has %s.', v_count),
      hint = 'Split the batch and send the parts separately.';
  end if;
  -- Rendered once: the cap is measured on it, and _store_events checks the events' JSON types on it.
  v_text := p_events::text;
  if pg_catalog.octet_length(v_text) > 1048576 then
    raise exception using errcode = 'PT413', message = 'A batch is at most 1 MB of JSON; this one is larger.',
      hint = 'Split the batch, or trim large attributes.';
  end if;

  v_hash := vigil._hash_key(coalesce(p_key, ''));
  select * into v_key from vigil.ingest_keys k
  where k.key_hash = v_hash
     or (k.previous_key_hash = v_hash and k.previous_valid_until > pg_catalog.now());
  if not found then
    raise exception using errcode = 'PT401', message = 'Unknown ingest key.',
      hint = 'Check the key the app sends; create one with vigil_api.create_ingest_key.';
  end if;
  if not v_key.enabled then
    raise exception using errcode = 'PT401', message = 'This ingest key is disabled.';
  end if;
  if v_count = 0 then
    return pg_catalog.jsonb_build_object('accepted', 0, 'rejected', '[]'::jsonb);
  end if;

  v_result := vigil._store_events(v_key.tenant_id, p_events, v_key.allowed_kinds, v_text);

  -- Counted last, so the row lock that serialises batches of one key is held only until commit.
  -- Raising here undoes the inserts above: an over-budget batch leaves nothing behind.
  insert into vigil.ingest_usage as u (key_id, minute, events)
  values (v_key.id, pg_catalog.date_trunc('minute', pg_catalog.now()), v_count)
  on conflict (key_id, minute) do update set events = u.events + excluded.events
  returning u.events into v_used;
  if v_used > v_key.events_per_minute then
    raise exception using errcode = 'PT429',
      message = pg_catalog.format('This ingest key is over its budget of %s events per minute.', v_key.events_per_minute),
      hint = 'Retry in the next minute, sample events in the SDK, or raise the key''s budget.';
  end if;
  return v_result;
end
$$;
revoke execute on all functions in schema vigil, vigil_api from public;
grant execute on function vigil._ingest(text, jsonb) to anon, authenticated, service_role;
