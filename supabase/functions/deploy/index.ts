// Entry point of the deploy edge function: configuration, database and secrets wired to the handler.
import { serveFunction } from "../_shared/serve.ts";
import { parseDeployEnv } from "./env.ts";
import { createDeployHandler } from "./handler.ts";

serveFunction("deploy", parseDeployEnv(Deno.env.toObject()), createDeployHandler);
