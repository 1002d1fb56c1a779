-- Vigil's two schemas: `vigil` holds every table and internal function and is never exposed;
-- `vigil_api` holds only the functions PostgREST publishes.

create schema if not exists vigil;
comment on schema vigil is 'Vigil private schema: tables and internal functions. Never exposed through the API.';

create schema if not exists vigil_api;
comment on schema vigil_api is 'Vigil public API: security invoker functions only, each checking the caller''s access.';

-- Nothing is readable by default: each table is granted one by one, to exactly the roles that use it.
alter default privileges in schema vigil revoke all on tables from public, anon, authenticated;
alter default privileges in schema vigil revoke all on sequences from public, anon, authenticated;
-- Functions are another matter: PostgreSQL grants EXECUTE to PUBLIC through a database-wide default
-- that a per-schema default cannot take away, and changing the global one would change the
-- installing project's own functions. So each migration grants every function it creates to its
-- roles explicitly, and the last one (lock_down_functions) takes EXECUTE from PUBLIC on all of them
-- at once; the meta test proves nothing slipped through. A migration added after a release, which
-- sorts after that one, ends with the same revoke for what it creates.

-- The API roles resolve names in vigil because vigil_api functions are security invoker and read
-- vigil's tables under RLS; usage alone grants nothing on the objects inside.
grant usage on schema vigil to anon, authenticated, service_role;
grant usage on schema vigil_api to anon, authenticated, service_role;
