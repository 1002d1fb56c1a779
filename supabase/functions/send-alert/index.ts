// Entry point of the send-alert edge function: configuration, database and secrets wired to the handler.
import { connect, readVaultSecret } from "../_shared/db.ts";
import { parseSendAlertEnv } from "../_shared/env.ts";
import { systemLookup } from "../_shared/outbound.ts";
import { createSendAlertHandler } from "./handler.ts";

const env = parseSendAlertEnv(Deno.env.toObject());
if (env.error !== null) throw new Error(`send-alert is misconfigured: ${env.error}`);
const db = connect(env.data.SUPABASE_DB_URL);

Deno.serve(createSendAlertHandler({
  db,
  lookup: systemLookup,
  clock: () => new Date(),
  env: env.data,
  secret: async (name) => Deno.env.get(name) ?? (await readVaultSecret(db, name)),
}));
