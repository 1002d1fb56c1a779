// Smoke checks after a deploy: the one implementation the deploy function and `vigil deploy smoke`
// both run. No imports, so Deno and Node load it as it is; the caller passes how to fetch.

/** One check of a target (vigil.deploy_targets.smoke_checks). */
export interface SmokeCheck {
  name: string;
  /** Appended to the base URL; or url, a whole URL. */
  path?: string;
  url?: string;
  /** Expected HTTP status (default 200). */
  status?: number;
  /** Text the body must contain. */
  text?: string;
  /** Dotted path into a JSON body (`build.sha`); with equals, the value it must have. */
  json_path?: string;
  equals?: unknown;
  /** The answer (the body, or the value at json_path) must be the deployed version. */
  version?: boolean;
}

export interface SmokeResult {
  name: string;
  passed: boolean;
  detail: string;
  url: string;
}

export interface SmokeReport {
  passed: boolean;
  checks: SmokeResult[];
}

/** What a check needs of an HTTP client: GET a URL, the status and the start of the body. Throws when nothing answered. */
export type SmokeFetch = (url: string) => Promise<{ status: number; text: string }>;

export interface SmokeOptions {
  baseUrl?: string;
  expectVersion?: string;
  /** Attempts after the first for a failing check (a fresh deploy may need a moment). */
  retries?: number;
  intervalMs?: number;
  fetch: SmokeFetch;
  sleep?: (ms: number) => Promise<void>;
}

/** The checks run when a target has none: the home page answers 200, and the version endpoint when a version is expected. */
export function defaultChecks(expectVersion?: string, versionPath = "/api/version"): SmokeCheck[] {
  return [{ name: "home", path: "/" }, ...(expectVersion ? [{ name: "version", path: versionPath, version: true }] : [])];
}

function valueAt(json: unknown, path: string): unknown {
  return path.split(".").filter(Boolean).reduce<unknown>(
    (v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
    json,
  );
}

const shown = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** Why one answer fails a check, or null when it passes. */
export function judge(check: SmokeCheck, answer: { status: number; text: string }, expectVersion?: string): string | null {
  const want = check.status ?? 200;
  if (answer.status !== want) return `expected HTTP ${want}, got ${answer.status}`;
  if (check.text !== undefined && !answer.text.includes(check.text)) return `the body does not contain ${JSON.stringify(check.text)}`;
  let value: unknown = answer.text.trim();
  if (check.json_path !== undefined) {
    try {
      value = valueAt(JSON.parse(answer.text), check.json_path);
    } catch {
      return `the body is not JSON, so ${check.json_path} cannot be read`;
    }
    if (check.equals !== undefined && JSON.stringify(value) !== JSON.stringify(check.equals)) {
      return `expected ${check.json_path} = ${shown(check.equals)}, got ${shown(value)}`;
    }
  }
  if (check.version) {
    if (!expectVersion) return "a version check needs the expected version (--expect-version)";
    // A version endpoint may answer the bare sha, or JSON naming it: either counts.
    if (check.json_path === undefined && typeof value === "string" && value.startsWith("{")) {
      try {
        const j = JSON.parse(value) as Record<string, unknown>;
        value = j.version ?? j.sha ?? j.commit ?? value;
      } catch { /* the text itself is the answer */ }
    }
    const got = shown(value);
    if (got !== expectVersion && !(expectVersion.length >= 7 && got.startsWith(expectVersion)) &&
      !(got.length >= 7 && expectVersion.startsWith(got))) {
      return `expected version ${expectVersion}, got ${got.slice(0, 80)}`;
    }
  }
  return null;
}

/** Runs every check (each retried while it fails), in order; passed when all passed. */
export async function runSmoke(checks: SmokeCheck[], opts: SmokeOptions): Promise<SmokeReport> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const results: SmokeResult[] = [];
  for (const check of checks) {
    const url = check.url ?? `${(opts.baseUrl ?? "").replace(/\/+$/, "")}${check.path ?? "/"}`;
    let detail = "not run";
    let passed = false;
    for (let attempt = 0; attempt <= (opts.retries ?? 0) && !passed; attempt++) {
      if (attempt > 0) await sleep(opts.intervalMs ?? 2000);
      try {
        const answer = await opts.fetch(url);
        const why = judge(check, answer, opts.expectVersion);
        passed = why === null;
        detail = why ?? `HTTP ${answer.status}`;
      } catch (err) {
        detail = `no answer: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    results.push({ name: check.name, passed, detail, url });
  }
  return { passed: results.every((r) => r.passed), checks: results };
}
