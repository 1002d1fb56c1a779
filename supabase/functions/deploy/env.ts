// The deploy function's configuration, parsed once at start-up: a missing or malformed value fails
// loudly with the variable's name.
import { z } from "zod";
import type { Result } from "../_shared/env.ts";

const url = (name: string) =>
  z.string({ error: `${name} must be set` }).url({ error: `${name} must be a URL` }).transform((u) => u.replace(/\/+$/, ""));
const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const DeployEnvSchema = z.object({
  SUPABASE_SERVICE_ROLE_KEY: z.string({ error: "SUPABASE_SERVICE_ROLE_KEY must be set" }).min(1, "SUPABASE_SERVICE_ROLE_KEY must be set"),
  SUPABASE_DB_URL: z.string({ error: "SUPABASE_DB_URL must be set" }).regex(/^postgres(ql)?:\/\//, "SUPABASE_DB_URL must be a postgres:// URL"),
  /** Provider API base URLs: the public APIs by default, local servers in tests. */
  VERCEL_API_URL: url("VERCEL_API_URL").default("https://api.vercel.com"),
  NETLIFY_API_URL: url("NETLIFY_API_URL").default("https://api.netlify.com"),
  DEPLOY_TIMEOUT_MS: int(100, 120_000, 10_000),
  DEPLOY_BATCH: int(1, 100, 20),
  /** How long to wait before asking again about a provider's rollback job. */
  DEPLOY_POLL_SECONDS: z.coerce.number().min(0).max(300).default(5),
  DEPLOY_MAX_ATTEMPTS: int(1, 50, 6),
  DEPLOY_BACKOFF_BASE_MS: int(10, 3_600_000, 10_000),
  DEPLOY_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /** Smoke checks the function runs: retries of a failing check and the pause between them. */
  DEPLOY_SMOKE_RETRIES: int(0, 10, 2),
  DEPLOY_SMOKE_INTERVAL_MS: int(0, 60_000, 3000),
});

export type DeployEnv = z.infer<typeof DeployEnvSchema>;

export function parseDeployEnv(raw: Record<string, string | undefined>): Result<DeployEnv> {
  const parsed = DeployEnvSchema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, error: null };
  return { data: null, error: parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`).join("; ") };
}
