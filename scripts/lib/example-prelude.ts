// What the TypeScript examples of README.md and docs/ take as given, set as globals before each example
// runs (scripts/examples.test.ts): the project's URL and keys, and the app's own objects the examples
// call (an API, a cart, an error). The URL is the local API (scripts/lib/local-api.ts) on a fresh stack.
import { createClient } from "@supabase/supabase-js";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required: the examples test sets it`);
  return value;
};

// supabase-js builds a realtime client at construction and wants a WebSocket class, which Node 20 lacks
// (Node 22 has one). No example subscribes to anything.
(globalThis as { WebSocket?: unknown }).WebSocket ??= class {};

const SUPABASE_URL = env("SUPABASE_URL");
const INGEST_KEY = env("VIGIL_EXAMPLE_INGEST_KEY");
const ANON_KEY = env("VIGIL_EXAMPLE_ANON_KEY");
const givens: Record<string, unknown> = {
  SUPABASE_URL,
  // The examples that say "signed in as the user" hold that user's session; there is no Auth server
  // locally, so the key handed to them carries the user's claims.
  SUPABASE_ANON_KEY: env("VIGIL_EXAMPLE_USER_KEY"),
  INGEST_KEY,
  INGEST_URL: `${SUPABASE_URL}/functions/v1/ingest`,
  url: `${SUPABASE_URL}/functions/v1/ingest`,
  key: INGEST_KEY,
  tenant: env("VIGIL_EXAMPLE_TENANT"),
  teammateId: env("VIGIL_EXAMPLE_TEAMMATE"),
  events: [{ kind: "operation", name: "checkout", duration_ms: 120, success: true }],
  cart: { items: [{ sku: "A1", quantity: 2 }] },
  api: { checkout: async (cart: { items: unknown[] }) => ({ id: "order-1", items: cart.items.length }) },
  db: createClient(SUPABASE_URL, ANON_KEY),
  err: new Error("payment declined"),
};
Object.assign(globalThis, givens);
