// Entry point of the ping edge function (deployed without JWT verification: the token is the credential).
import { connect } from "../_shared/db.ts";
import { createPingHandler, postgresPing } from "./handler.ts";

const url = Deno.env.get("SUPABASE_DB_URL") ?? Deno.env.get("DATABASE_URL");
if (!url) throw new Error("ping is misconfigured: SUPABASE_DB_URL must be set");

Deno.serve(createPingHandler({ ping: postgresPing(connect(url)), log: (entry) => console.error(JSON.stringify(entry)) }));
