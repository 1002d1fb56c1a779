// The deploy function's configuration, parsed once at start-up: a missing or malformed value fails
// loudly with the variable's name.
import { z } from "zod";
import { functionEnv, int, parseEnv, type Result, url } from "../_shared/env.ts";

export const DeployEnvSchema = z.object({
  ...functionEnv,
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

export const parseDeployEnv = (raw: Record<string, string | undefined>): Result<DeployEnv> => parseEnv(DeployEnvSchema, raw);
