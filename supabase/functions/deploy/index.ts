// Entry point of the deploy edge function: configuration, database and secrets wired to the handler.
import { connect, readVaultSecret } from "../_shared/db.ts";
import { systemLookup } from "../_shared/outbound.ts";
import { parseDeployEnv } from "./env.ts";
import { createDeployHandler } from "./handler.ts";

const env = parseDeployEnv(Deno.env.toObject());
if (env.error !== null) throw new Error(`deploy is misconfigured: ${env.error}`);
const db = connect(env.data.SUPABASE_DB_URL);

Deno.serve(createDeployHandler({
  db,
  lookup: systemLookup,
  clock: () => new Date(),
  env: env.data,
  secret: async (name) => Deno.env.get(name) ?? (await readVaultSecret(db, name)),
}));
