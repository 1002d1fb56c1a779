// What an edge function's handler takes as arguments, so tests run it against a real database and
// local provider servers; serve.ts builds the production ones. Free of Deno globals: the Node side
// type-checks the handlers too.
import type { Db } from "./db.ts";
import type { Lookup } from "./outbound.ts";

export interface FunctionDeps<Env> {
  db: Db;
  /** DNS for the outbound guard (systemLookup in production); every request goes to an address it checked. */
  lookup: Lookup;
  clock: () => Date;
  env: Env;
  /** Resolves a secret by name (environment first, then Vault); null when it is nowhere. */
  secret: (name: string) => Promise<string | null>;
}
