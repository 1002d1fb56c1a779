// `vigil dashboard`: the console on 127.0.0.1 against the local stack (or DATABASE_URL). The local stack
// has no PostgREST and no Auth, so this server answers the page's one kind of request, POST
// /rest/v1/rpc/<fn> on vigil_api, as PostgREST would (scripts/lib/postgrest.ts), acting as the user picked
// on the page or named by --as. `--build <file>` writes the page for a hosted project instead.
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import postgres, { type Sql } from "postgres";
import { z } from "zod";
import { componentModule, pageHtml } from "../lib/dashboard-page.ts";
import { replayRpc, type Caller } from "../lib/postgrest.ts";

const COOKIE = "vigil_local_user";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface User {
  id: string;
  email: string | null;
}

export interface DashboardServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

async function findUser(sql: Sql, who: string): Promise<User | null> {
  const rows = UUID.test(who)
    ? await sql<User[]>`select id::text, email::text from auth.users where id = ${who}::uuid`
    : await sql<User[]>`select id::text, email::text from auth.users where lower(email) = lower(${who})`;
  return rows[0] ?? null;
}

function cookieUser(req: IncomingMessage): string | null {
  const m = new RegExp(`(?:^|;\\s*)${COOKIE}=([0-9a-f-]{36})`, "i").exec(req.headers.cookie ?? "");
  return m ? m[1] : null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) throw new Error("request body over 1 MB");
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: string | null, type = "application/json; charset=utf-8", headers: Record<string, string> = {}) {
  res.writeHead(status, { ...(body === null ? {} : { "content-type": type }), "cache-control": "no-store", ...headers });
  res.end(body ?? undefined);
}

/**
 * Serve the console. The caller is the cookie's user (set by the page's picker), else `as`, else anon;
 * a cookie naming a user who no longer exists counts as none.
 */
export async function startDashboardServer(opts: { sql: Sql; as?: string | null; port?: number }): Promise<DashboardServer> {
  const { sql } = opts;
  const fallback = opts.as ? await findUser(sql, opts.as) : null;
  if (opts.as && !fallback) throw new Error(`--as ${opts.as}: no such user in auth.users (give an email or a user id)`);
  const html = await pageHtml({ local: true, anonKey: "local" });
  const component = await componentModule();

  const callerOf = async (req: IncomingMessage): Promise<{ caller: Caller; user: User | null }> => {
    const id = cookieUser(req);
    const user = (id ? await findUser(sql, id) : null) ?? fallback;
    return { caller: user ? { role: "authenticated", user: user.id, email: user.email } : { role: "anon" }, user };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rpc = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/index.html")) return send(res, 200, html, "text/html; charset=utf-8");
    if (req.method === "GET" && url.pathname === "/vigil-dashboard.js") return send(res, 200, component, "text/javascript; charset=utf-8");
    if (req.method === "GET" && url.pathname === "/local/whoami") return send(res, 200, JSON.stringify({ user: (await callerOf(req)).user }));
    if (req.method === "GET" && url.pathname === "/local/users") {
      const users = await sql`
        select u.id::text, u.email::text,
               coalesce(array_agg(t.slug || ' (' || m.role || ')' order by t.slug) filter (where t.id is not null), '{}') as tenants
        from auth.users u left join vigil.members m on m.user_id = u.id left join vigil.tenants t on t.id = m.tenant_id
        group by u.id, u.email order by u.email nulls last limit 200`;
      return send(res, 200, JSON.stringify(users));
    }
    if (req.method === "POST" && url.pathname === "/local/sign-in") {
      const parsed = z.object({ user: z.string().regex(UUID, "user must be a user id") }).safeParse(JSON.parse(await readBody(req) || "{}"));
      if (!parsed.success) return send(res, 400, JSON.stringify({ message: parsed.error.issues[0].message }));
      const user = await findUser(sql, parsed.data.user);
      if (!user) return send(res, 404, JSON.stringify({ message: "no such user" }));
      return send(res, 200, JSON.stringify({ user }), undefined, { "set-cookie": `${COOKIE}=${user.id}; Path=/; HttpOnly; SameSite=Strict` });
    }
    if (req.method === "POST" && url.pathname === "/local/sign-out") {
      return send(res, 200, "{}", undefined, { "set-cookie": `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict` });
    }
    if (req.method === "POST" && rpc) {
      // supabase-js names the schema of a POST in Content-Profile; PostgREST's default is the first exposed one.
      const schema = String(req.headers["content-profile"] ?? "vigil_api");
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)) || "{}");
      } catch {
        return send(res, 400, JSON.stringify({ code: "PGRST102", message: "Empty or invalid json", details: null, hint: null }));
      }
      const answer = await replayRpc(sql, (await callerOf(req)).caller, decodeURIComponent(rpc[1]), body, schema);
      return send(res, answer.status, answer.body);
    }
    send(res, 404, JSON.stringify({ message: "not found" }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, JSON.stringify({ message: err instanceof Error ? err.message : String(err) })));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const USAGE = `usage: npm run vigil -- dashboard [--as <email or user id>] [--port N]
       npm run vigil -- dashboard --as <email or user id> --screenshot <file.png> [--window 1h]
       npm run vigil -- dashboard --build <file.html> --supabase-url <url> --anon-key <key>`;

/** The command: serve until interrupted, or build the hosted page. */
export async function dashboardCommand(databaseUrl: () => Promise<string>, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { as: { type: "string" }, port: { type: "string" }, build: { type: "string" }, screenshot: { type: "string" }, window: { type: "string" }, "supabase-url": { type: "string" }, "anon-key": { type: "string" } },
  });
  if (values.build) {
    if (!values["supabase-url"] || !values["anon-key"]) throw new Error(`--build needs --supabase-url and --anon-key\n${USAGE}`);
    writeFileSync(values.build, await pageHtml({ local: false, url: values["supabase-url"], anonKey: values["anon-key"] }));
    const module = values.build.replace(/\.html?$/, "") + ".js";
    writeFileSync(module, await componentModule());
    console.log(`wrote ${values.build} (the page) and ${module} (<vigil-dashboard>)`);
    return;
  }
  const port = values.port === undefined ? 0 : z.coerce.number().int().min(0).max(65535).parse(values.port);
  const sql = postgres(await databaseUrl(), { onnotice: () => {}, max: 4 });
  const s = await startDashboardServer({ sql, as: values.as ?? null, port });
  if (values.screenshot) {
    // For the README: the console as --as sees it, light, and a dark copy beside it.
    const { launchChromium, screenshotConsole } = await import("../lib/chromium.ts");
    const browser = await launchChromium();
    try {
      const page = `${s.url}?window=${values.window ?? "1h"}`;
      await screenshotConsole(browser, page, values.screenshot, "light");
      const dark = values.screenshot.replace(/(\.png)?$/, "-dark.png");
      await screenshotConsole(browser, page, dark, "dark");
      console.log(`wrote ${values.screenshot} and ${dark}`);
    } finally {
      await browser.close();
      await s.close();
      await sql.end();
    }
    return;
  }
  console.log(`Vigil console: ${s.url}${values.as ? ` (as ${values.as})` : " (pick a user on the page)"}\nCtrl-C to stop.`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await s.close();
  await sql.end();
}
