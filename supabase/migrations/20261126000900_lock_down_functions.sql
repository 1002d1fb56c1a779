-- Last: no function of Vigil's is executable by PUBLIC. PostgreSQL grants EXECUTE on every new function
-- to PUBLIC by a database-wide default that a per-schema default cannot take away, and changing that
-- global default would change the installing project's own functions; so each migration grants what it
-- creates to exactly the roles that call it, and this one takes PUBLIC's grant away from all of them at
-- once. The meta test (001) lists which roles may execute which function.
revoke execute on all functions in schema vigil, vigil_api from public;
