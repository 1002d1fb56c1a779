// Entry point of the health-check edge function: configuration, database and secrets wired to the handler.
import { connect, readVaultSecret } from "../_shared/db.ts";
import { systemLookup } from "../_shared/outbound.ts";
import { createHealthCheckHandler, HealthCheckEnvSchema } from "./handler.ts";

const parsed = HealthCheckEnvSchema.safeParse(Deno.env.toObject());
if (!parsed.success) {
  throw new Error(`health-check is misconfigured: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
}
const db = connect(parsed.data.SUPABASE_DB_URL);

Deno.serve(createHealthCheckHandler({
  db,
  lookup: systemLookup,
  clock: () => new Date(),
  env: parsed.data,
  secret: async (name) => Deno.env.get(name) ?? (await readVaultSecret(db, name)),
}));
