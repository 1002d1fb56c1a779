-- The outbound guard: a URL a tenant sets (alert channels; later deploy providers and monitors) is
-- checked here by its form before it is stored, and again by the edge functions after DNS
-- resolution (functions/_shared/outbound.ts, tested with the same cases), so no tenant can make
-- Vigil call into the network it runs in: loopback, private, link-local, metadata services.

-- Settings that only the service role or a DBA may change: tenants get no grant at all, and a
-- session setting (GUC) would not do, since any role may `set` a custom GUC in its own session.
create table vigil.settings (
  name text primary key check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
  value jsonb not null,
  updated_at timestamptz not null default pg_catalog.now(),
  updated_by text not null default session_user
);
comment on table vigil.settings is
  'Installation-wide switches, changed only by the service role or a DBA (no grant to anon or authenticated). outbound_allow_loopback: see vigil.set_outbound_allow_loopback.';

alter table vigil.settings enable row level security;
grant all on vigil.settings to service_role;
create policy settings_service on vigil.settings for all to service_role using (true) with check (true);

create function vigil.outbound_allow_loopback() returns boolean
language sql stable security definer
set search_path = ''
as $$
  select coalesce((select s.value = 'true'::jsonb from vigil.settings s where s.name = 'outbound_allow_loopback'), false)
$$;
comment on function vigil.outbound_allow_loopback() is
  'Whether outbound URLs may point at loopback (127.0.0.0/8, ::1, localhost), over http too: off unless the service role or a DBA turned it on, which only local tests should do. Security definer so the tenants'' channel checks can read it without reading vigil.settings.';

create function vigil.set_outbound_allow_loopback(p_allow boolean) returns void
language plpgsql security definer
set search_path = ''
as $$
begin
  perform vigil._require_trusted('Only the service role or a database administrator can allow outbound requests to loopback.');
  insert into vigil.settings (name, value, updated_at, updated_by)
  values ('outbound_allow_loopback', pg_catalog.to_jsonb(coalesce(p_allow, false)), pg_catalog.now(), session_user)
  on conflict (name) do update set value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by;
end
$$;
comment on function vigil.set_outbound_allow_loopback(boolean) is
  'Turns the loopback allowance of the outbound guard on or off (service role and DBAs only). For local tests whose receivers listen on 127.0.0.1; never on in production.';

-- The verdict on one address, whichever spelling it came in: null when it is a public unicast
-- address, else the reason. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64) are
-- judged by that IPv4 address; everything outside 2000::/3 (global unicast) is refused.
create function vigil._address_refusal(p_addr inet) returns text
language plpgsql immutable
set search_path = ''
as $$
begin
  if p_addr is null then
    return 'invalid';
  end if;
  if pg_catalog.family(p_addr) = 4 then
    return case
      when p_addr = '0.0.0.0'::inet then 'unspecified'
      when p_addr <<= '0.0.0.0/8'::inet then 'reserved'
      when p_addr <<= '127.0.0.0/8'::inet then 'loopback'
      when p_addr <<= '10.0.0.0/8'::inet or p_addr <<= '172.16.0.0/12'::inet or p_addr <<= '192.168.0.0/16'::inet
        or p_addr <<= '100.64.0.0/10'::inet then 'private'
      when p_addr <<= '169.254.0.0/16'::inet then 'link-local'
      when p_addr <<= '224.0.0.0/4'::inet then 'multicast'
      when p_addr <<= '240.0.0.0/4'::inet or p_addr <<= '192.0.0.0/24'::inet or p_addr <<= '192.0.2.0/24'::inet
        or p_addr <<= '192.88.99.0/24'::inet or p_addr <<= '198.18.0.0/15'::inet or p_addr <<= '198.51.100.0/24'::inet
        or p_addr <<= '203.0.113.0/24'::inet then 'reserved'
    end;
  end if;
  return case
    when p_addr = '::'::inet then 'unspecified'
    when p_addr = '::1'::inet then 'loopback'
    when p_addr <<= '::ffff:0:0/96'::inet then vigil._address_refusal('0.0.0.0'::inet + (p_addr - '::ffff:0:0'::inet))
    when p_addr <<= '::/96'::inet then vigil._address_refusal('0.0.0.0'::inet + (p_addr - '::'::inet))
    when p_addr <<= '64:ff9b::/96'::inet then vigil._address_refusal('0.0.0.0'::inet + (p_addr - '64:ff9b::'::inet))
    when p_addr <<= 'fe80::/10'::inet then 'link-local'
    when p_addr <<= 'fc00::/7'::inet then 'unique-local'
    when p_addr <<= 'ff00::/8'::inet then 'multicast'
    when not p_addr <<= '2000::/3'::inet or p_addr <<= '2001::/23'::inet or p_addr <<= '2001:db8::/32'::inet
      or p_addr <<= '2002::/16'::inet then 'reserved'
  end;
end
$$;
comment on function vigil._address_refusal(inet) is
  'Why an address must not be called (loopback, private, link-local, unique-local, multicast, unspecified, reserved), or null for a public unicast address.';

-- A host that ends in a number is an IPv4 address to browsers, libc (inet_aton) and fetch alike, in
-- any of their spellings: 2130706433, 0x7f000001, 0x7f.0.0.1, 0177.0.0.1, 127.1. This is the
-- WHATWG URL standard's IPv4 parser; null when the host is not a valid IPv4 address.
create function vigil._parse_ipv4(p_host text) returns inet
language plpgsql immutable
set search_path = ''
as $$
declare
  v_parts text[] := pg_catalog.string_to_array(p_host, '.');
  v_n integer := pg_catalog.cardinality(v_parts);
  v_part text;
  v_digits text;
  v_base integer;
  v_num numeric;
  v_value numeric := 0::numeric;
begin
  if v_n is null or v_n = 0 or v_n > 4 then
    return null;
  end if;
  for i in 1 .. v_n loop
    v_part := v_parts[i];
    if v_part = '' or pg_catalog.length(v_part) > 40 then
      return null;
    end if;
    if v_part ~ '^0x' then
      v_base := 16;
      v_digits := pg_catalog.substr(v_part, 3);
      if v_digits !~ '^[0-9a-f]*$' then
        return null;
      end if;
    elsif pg_catalog.length(v_part) > 1 and v_part ~ '^0' then
      v_base := 8;
      v_digits := pg_catalog.substr(v_part, 2);
      if v_digits !~ '^[0-7]+$' then
        return null;
      end if;
    else
      v_base := 10;
      v_digits := v_part;
      if v_digits !~ '^[0-9]+$' then
        return null;
      end if;
    end if;
    v_num := 0;
    for j in 1 .. pg_catalog.length(v_digits) loop
      v_num := v_num * v_base + (pg_catalog.strpos('0123456789abcdef', pg_catalog.substr(v_digits, j, 1)) - 1);
    end loop;
    if i < v_n then
      if v_num > 255 then
        return null;
      end if;
      v_value := v_value + v_num * pg_catalog.power(256::numeric, 4 - i);
    else
      if v_num >= pg_catalog.power(256::numeric, 5 - v_n) then
        return null;
      end if;
      v_value := v_value + v_num;
    end if;
  end loop;
  return '0.0.0.0'::inet + v_value::bigint;
end
$$;
comment on function vigil._parse_ipv4(text) is
  'The IPv4 address a host ending in a number stands for (WHATWG URL IPv4 parser: decimal, 0x hex, 0 octal, 1 to 4 parts), or null when it is not a valid one.';

-- The verdict on a URL's form, the same as functions/_shared/outbound.ts gives (both are tested
-- against supabase/tests/outbound-cases.json): null when acceptable, else a reason code. Strict on
-- purpose: anything a URL parser might read two ways (spaces, backslashes, credentials) is refused.
create function vigil._outbound_url_refusal(p_url text, p_purpose text, p_allow_loopback boolean default false)
returns text
language plpgsql immutable
set search_path = ''
as $$
declare
  v_m text[];
  v_scheme text;
  v_authority text;
  v_rest text;
  v_host text;
  v_port text;
  v_addr inet;
  v_reason text;
  v_loopback boolean := false;
begin
  if p_purpose is null or p_purpose not in ('channel', 'provider', 'monitor') then
    raise exception using errcode = '22023', message = 'purpose must be one of channel, provider, monitor.';
  end if;
  if p_url is null or pg_catalog.length(p_url) > 2048 or p_url ~ '[\x01-\x20\x7f\\]' then
    return 'invalid';
  end if;
  v_m := pg_catalog.regexp_match(p_url, '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$');
  if v_m is null then
    return 'invalid';
  end if;
  v_scheme := pg_catalog.lower(v_m[1]);
  v_authority := v_m[2];
  v_rest := v_m[3];
  if v_scheme not in ('http', 'https', 'tcp') then
    return 'scheme';
  end if;
  if pg_catalog.strpos(v_authority, '@') > 0 then
    return 'userinfo';
  end if;

  if v_authority ~ '^\[' then
    v_m := pg_catalog.regexp_match(v_authority, '^\[([0-9A-Fa-f:.]+)\](:([0-9]*))?$');
    if v_m is null then
      return 'invalid';
    end if;
    begin
      v_addr := v_m[1]::inet;
    exception when others then
      return 'invalid';
    end;
    if pg_catalog.family(v_addr) <> 6 then
      return 'invalid';
    end if;
  else
    v_m := pg_catalog.regexp_match(v_authority, '^([^:]*)(:([0-9]*))?$');
    if v_m is null then
      return 'invalid';
    end if;
    v_host := v_m[1];
    -- What the URL parser would do to the host before resolving it: percent-decoding, Unicode
    -- compatibility folding (full-width digits and letters, ideographic full stops), lower case.
    if pg_catalog.strpos(v_host, '%') > 0 then
      begin
        select pg_catalog.convert_from(pg_catalog.string_agg(
                 case when x.m[1] is not null then pg_catalog.decode(x.m[1], 'hex') else pg_catalog.convert_to(x.m[2], 'UTF8') end,
                 ''::bytea order by x.n), 'UTF8')
        into strict v_host
        from pg_catalog.regexp_matches(v_host, '%([0-9A-Fa-f]{2})|([^%]+|%)', 'g') with ordinality x(m, n);
      exception when others then
        return 'invalid';
      end;
      if v_host is null or v_host ~ '[\x01-\x20\x7f\\%]' then
        return 'invalid';
      end if;
    end if;
    v_host := pg_catalog.lower(pg_catalog.translate(pg_catalog.normalize(v_host, 'NFKC'), U&'\3002\FF0E\FF61', '...'));
    if v_host ~ '\.$' then
      v_host := pg_catalog.left(v_host, -1);
    end if;
    if v_host = '' then
      return 'invalid';
    end if;
    if v_host ~ '(^|\.)(0x[0-9a-f]*|[0-9]+)$' then
      v_addr := vigil._parse_ipv4(v_host);
      if v_addr is null then
        return 'invalid';
      end if;
    elsif v_host !~ '^[a-z0-9_-]+(\.[a-z0-9_-]+)*$' then
      -- Non-ASCII names must be written in their punycode (xn--) form, the one DNS resolves.
      return 'invalid';
    end if;
  end if;

  v_port := v_m[3];
  if v_m[2] is not null and (case when v_port = '' then true else v_port::numeric not between 1 and 65535 end) then
    return 'invalid';
  end if;
  if v_scheme = 'tcp' and (v_port is null or v_rest not in ('', '/')) then
    return 'invalid';
  end if;

  if v_addr is not null then
    v_reason := vigil._address_refusal(v_addr);
  elsif v_host = 'localhost' or v_host like '%.localhost' then
    v_reason := 'loopback';
  elsif v_host in ('metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal') then
    v_reason := 'metadata';
  elsif v_host !~ '\.' or v_host ~ '\.(internal|local|localdomain|home\.arpa|lan|intranet|corp)$' then
    v_reason := 'internal-name';
  end if;
  if v_reason = 'loopback' and coalesce(p_allow_loopback, false) then
    v_reason := null;
    v_loopback := true;
  end if;
  if v_reason is not null then
    return v_reason;
  end if;

  -- Channels and providers carry alert contents and signatures: https only (http to an allowed
  -- loopback receiver excepted). Monitors probe what the tenant runs, so http and tcp as well.
  if p_purpose in ('channel', 'provider') and v_scheme <> 'https' and not (v_loopback and v_scheme = 'http') then
    return 'scheme';
  end if;
  return null;
end
$$;
comment on function vigil._outbound_url_refusal(text, text, boolean) is
$$Why an outbound URL must be refused by its form, or null. Codes: invalid, scheme, userinfo, loopback, private, link-local,
unique-local, multicast, unspecified, reserved, metadata, internal-name. p_purpose: channel and provider (https only),
monitor (http, https, tcp://host:port). The edge functions check the same again after DNS resolution.$$;

create function vigil._outbound_refusal_text(p_reason text, p_purpose text default 'channel') returns text
language sql immutable
set search_path = ''
as $$
  select case p_reason
    when 'invalid' then 'it is not a valid absolute URL (names in punycode, no spaces or backslashes)'
    when 'scheme' then case when p_purpose = 'monitor' then 'it must use http, https or tcp' else 'it must use https' end
    when 'userinfo' then 'it must not carry a user name or password'
    when 'loopback' then 'it points at a loopback address'
    when 'private' then 'it points at a private network address'
    when 'link-local' then 'it points at a link-local address'
    when 'unique-local' then 'it points at a unique local IPv6 address'
    when 'multicast' then 'it points at a multicast address'
    when 'unspecified' then 'it points at the unspecified address'
    when 'reserved' then 'it points at a reserved or documentation address'
    when 'metadata' then 'it names a cloud metadata service'
    when 'internal-name' then 'it names a host internal to a network'
    else p_reason
  end
$$;
comment on function vigil._outbound_refusal_text(text, text) is 'The reason code of the outbound guard as words.';

create function vigil._check_outbound_url(p_url text, p_purpose text, p_field text default 'url') returns void
language plpgsql stable
set search_path = ''
as $$
declare
  v_reason text := vigil._outbound_url_refusal(p_url, p_purpose, vigil.outbound_allow_loopback());
begin
  if v_reason is not null then
    raise exception using errcode = '22023',
      message = pg_catalog.format('%s is refused: %s.', p_field, vigil._outbound_refusal_text(v_reason, p_purpose)),
      detail = pg_catalog.format('reason: %s', v_reason);
  end if;
end
$$;
comment on function vigil._check_outbound_url(text, text, text) is
  'Raises 22023 naming the field and the reason when a URL a tenant sets would reach inside (see vigil._outbound_url_refusal); loopback only while vigil.outbound_allow_loopback() is on.';

grant execute on function vigil.outbound_allow_loopback() to authenticated, service_role;
grant execute on function vigil.set_outbound_allow_loopback(boolean) to service_role;
grant execute on function vigil._address_refusal(inet) to authenticated, service_role;
grant execute on function vigil._parse_ipv4(text) to authenticated, service_role;
grant execute on function vigil._outbound_url_refusal(text, text, boolean) to authenticated, service_role;
grant execute on function vigil._outbound_refusal_text(text, text) to authenticated, service_role;
grant execute on function vigil._check_outbound_url(text, text, text) to authenticated, service_role;
