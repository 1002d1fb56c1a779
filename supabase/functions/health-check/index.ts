// Entry point of the health-check edge function: configuration, database and secrets wired to the handler.
import { parseEnv } from "../_shared/env.ts";
import { serveFunction } from "../_shared/serve.ts";
import { createHealthCheckHandler, HealthCheckEnvSchema } from "./handler.ts";

serveFunction("health-check", parseEnv(HealthCheckEnvSchema, Deno.env.toObject()), createHealthCheckHandler);
