// A type-level test, checked by tsc in the `types` suite and never run: with the generated Database
// type a supabase-js caller can call vigil_api's RPCs and cannot name one that does not exist or pass
// an argument of the wrong type.
import { createClient } from "@supabase/supabase-js";
import type { Database } from "./database.types.ts";

const supabase = createClient<Database>("http://127.0.0.1:54321", "anon-key", { db: { schema: "vigil_api" } });

export async function typedCalls(tenant: string): Promise<void> {
  const stats = await supabase.rpc("operation_stats", { p_tenant: tenant, p_since: "2026-01-01T00:00:00Z", p_limit: 10 });
  const rows: { name: string; count: number; p95_ms: number }[] | null = stats.data;
  void rows;

  const ingested = await supabase.schema("vigil_api").rpc("ingest", { p_key: "vk_...", p_events: [{ kind: "custom", name: "x" }] });
  const answer: Database["vigil_api"]["Functions"]["ingest"]["Returns"] | null = ingested.data;
  void answer;

  // @ts-expect-error there is no such RPC in vigil_api
  await supabase.rpc("drop_everything", {});

  // @ts-expect-error p_limit is an integer, not a string
  await supabase.rpc("operation_stats", { p_tenant: tenant, p_since: "2026-01-01T00:00:00Z", p_limit: "ten" });

  // @ts-expect-error p_key is text
  await supabase.schema("vigil_api").rpc("ingest", { p_key: 42, p_events: [] });
}
