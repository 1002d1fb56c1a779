// A real browser: headless Chromium loads a page that uses the SDK through the ingest edge function
// (served by Deno), navigates, clicks, throws, rejects and unloads; then the events are in Postgres.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import postgres from "postgres";
import { chromium, type BrowserContext } from "playwright-core";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 2 });

let tenant = "";
let fn: ChildProcess | undefined;
let page: Server | undefined;
let context: BrowserContext | undefined;
let profile = "";

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

before(async () => {
  const [{ t }] = await sql`select vigil_api.create_tenant('Browser', ${"browser-" + process.pid + "-" + Date.now()}) as t`;
  tenant = t.id;
  const [{ k }] = await sql`select vigil_api.create_ingest_key(${tenant}::uuid, 'browser', null, 100000) as k`;

  const [fnPort, pagePort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${pagePort}`;
  fn = spawn(join(ROOT, "node_modules", ".bin", "deno"),
    ["run", "--allow-all", "--no-prompt", "--config", join(ROOT, "deno.json"), join(ROOT, "supabase", "functions", "ingest", "index.ts")],
    { env: { ...process.env, PORT: String(fnPort), VIGIL_ALLOWED_ORIGINS: origin, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "inherit"] });
  const fnUrl = `http://127.0.0.1:${fnPort}/functions/v1/ingest`;
  await waitFor(async () => {
    try {
      return (await fetch(fnUrl, { method: "OPTIONS", headers: { origin } })).status === 204;
    } catch {
      return false;
    }
  }, 30_000, "the ingest function to start");

  const bundle = await build({
    entryPoints: [join(ROOT, "src", "fixtures", "browser-page.ts")],
    bundle: true, format: "esm", platform: "browser", target: "es2020", write: false, sourcemap: false,
  });
  const js = bundle.outputFiles[0].text;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body>
<h1>Shop</h1>
<p>A paragraph of text large enough to be the largest contentful paint of this little page.</p>
<button id="add" data-vigil-action="add_to_cart">Add to cart</button>
<a id="cart" href="/app/cart">Cart</a>
<button id="throw">Throw</button>
<button id="reject">Reject</button>
<script>window.__VIGIL__ = ${JSON.stringify({ url: fnUrl, key: k.key })};</script>
<script type="module" src="/bundle.js"></script>
</body></html>`;
  page = createServer((req, res) => {
    if (req.url === "/bundle.js") {
      res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    } else if (req.url?.startsWith("/app")) {
      res.writeHead(200, { "content-type": "text/html" }).end(html);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => page!.listen(pagePort, "127.0.0.1", r));

  profile = mkdtempSync(join(tmpdir(), "vigil-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await context?.close().catch(() => {});
  if (profile) rmSync(profile, { recursive: true, force: true });
  await new Promise((r) => (page ? page.close(r) : r(undefined)));
  if (fn && fn.exitCode === null) {
    fn.kill("SIGTERM");
    await new Promise((r) => fn!.once("exit", r));
  }
  await sql.end();
});

test("a page using the SDK records page views, an action, both kinds of error, web vitals and its unload flush", { skip: !existsSync(CHROMIUM) && "Debian's chromium is not installed (node scripts/bootstrap.mjs installs it)" }, async () => {
  const tab = await context!.newPage();
  const pageErrors: string[] = [];
  tab.on("pageerror", (e) => pageErrors.push(e.message));
  const origin = new URL(page!.address() ? `http://127.0.0.1:${(page!.address() as { port: number }).port}` : "").origin;

  await tab.goto(`${origin}/app/`);
  await tab.waitForFunction(() => (window as unknown as { vigil?: unknown; shifted?: boolean }).vigil && (window as unknown as { shifted?: boolean }).shifted);
  await tab.waitForTimeout(300);
  await tab.click("#add");
  await tab.click("#cart");
  await tab.click("#throw");
  await tab.click("#reject");
  await tab.waitForTimeout(200);
  assert.deepEqual(pageErrors.sort(), ["rejected boom from the page", "uncaught boom from the page"], "the page really did fail twice");
  // Leaving the page: pagehide and visibilitychange fire, web-vitals reports the final LCP, CLS and INP,
  // and the SDK sends what is left with fetch(..., { keepalive: true }).
  await tab.goto("about:blank");

  type Row = { kind: string; name: string; value: number | null; error_message: string | null; attributes: Record<string, unknown>; user_id: string | null; release: string | null };
  let rows: Row[] = [];
  const want = () => {
    const names = new Set(rows.map((r) => `${r.kind}:${r.name}`));
    return ["page_view:/app/", "page_view:/app/cart", "user_action:add_to_cart", "user_action:leaving",
      "web_vital:LCP", "web_vital:FCP", "web_vital:TTFB", "web_vital:CLS", "web_vital:INP"].filter((n) => !names.has(n))
      .concat(rows.filter((r) => r.kind === "error").length >= 2 ? [] : ["two errors"]);
  };
  try {
    await waitFor(async () => {
      rows = await sql<Row[]>`select kind, name, value, error_message, attributes, user_id, release from vigil.events where tenant_id = ${tenant}`;
      return want().length === 0;
    }, 20_000, "the browser's events");
  } catch {
    assert.fail(`missing in Postgres: ${want().join(", ")}; found ${rows.map((r) => `${r.kind}:${r.name}`).join(", ")}`);
  }

  const errors = rows.filter((r) => r.kind === "error");
  const uncaught = errors.find((e) => e.error_message === "uncaught boom from the page");
  const rejected = errors.find((e) => e.error_message === "rejected boom from the page");
  assert.ok(uncaught && rejected, "both errors arrived with their messages");
  assert.equal(uncaught.attributes.mechanism, "onerror");
  assert.equal(rejected.attributes.mechanism, "unhandledrejection");
  assert.match(String(uncaught.attributes.stack), /uncaught boom from the page\n\s+at .*bundle\.js/);
  assert.match(String(rejected.attributes.stack), /TypeError: rejected boom from the page\n\s+at .*bundle\.js/);
  const crumbs = (uncaught.attributes.breadcrumbs as { message: string }[]).map((b) => b.message);
  assert.ok(crumbs.includes("add_to_cart") && crumbs.includes("/app/cart"), `breadcrumbs: ${crumbs.join(", ")}`);
  assert.deepEqual(uncaught.attributes.user, { id: "browser-user" });
  assert.equal(uncaught.user_id, "browser-user");

  const vital = (n: string) => rows.find((r) => r.kind === "web_vital" && r.name === n)!;
  assert.ok(vital("CLS").value! > 0, "the late banner shifted the layout");
  assert.ok(vital("INP").value! >= 40, `INP ${vital("INP").value} covers the 60 ms click handler`);
  for (const n of ["LCP", "FCP", "TTFB"]) assert.ok(vital(n).value! >= 0);
  assert.ok(rows.every((r) => r.release === "browser-test@1"));
  // Delivery around an unload is at least once: a send the browser aborts when the page goes may
  // already have landed, and its events go again with the keepalive flush, so a view can repeat
  // (seen once in many runs). Exactly once needs event ids deduplicated by ingest: not built yet.
  const views = rows.filter((r) => r.kind === "page_view").map((r) => r.name);
  assert.deepEqual([...new Set(views)].sort(), ["/app/", "/app/cart"], "a view for each path, and no other");
  assert.ok(views.length <= 4, `at most one repeat per path: ${views.join(", ")}`);
});
