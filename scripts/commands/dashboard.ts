// `vigil dashboard`: the console on 127.0.0.1 against the local stack (or DATABASE_URL). The local stack
// has no PostgREST and no Auth, so this server answers the page's one kind of request, POST
// /rest/v1/rpc/<fn> on vigil_api, as PostgREST would (scripts/lib/postgrest.ts), acting as the user picked
// on the page or named by --as. `--build <file>` writes the page for a hosted project instead.
import { writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import postgres, { type Sql } from "postgres";
import { z } from "zod";
import { componentModule, pageHtml } from "../lib/dashboard-page.ts";
import { callerOf as callerOfClaims, replayRpc, type Caller } from "../lib/postgrest.ts";

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
 * The hosted page's sign-in, for its browser test: the one Supabase Auth request the page makes,
 * `POST /auth/v1/token?grant_type=password`, answered in GoTrue's shape with an HS256 access token
 * signed by a key made at start-up, for the users of `passwords` (email -> password) alone. There is no
 * GoTrue locally and auth.users holds no password, so the test names the credentials it signs in with.
 */
export interface PasswordSignIn {
  passwords: Record<string, string>;
}

const ANON_KEY = "local";

/** `a === b` in time that does not depend on where they differ. */
function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Serve the console. The caller is the cookie's user (set by the page's picker), else `as`, else anon;
 * a cookie naming a user who no longer exists counts as none. With `passwordSignIn`, the page is served
 * as it is built for a hosted project whose Supabase URL is this server: it signs in with email and
 * password, and the caller of an RPC is whoever its bearer token names, once its signature is checked.
 */
export async function startDashboardServer(opts: { sql: Sql; as?: string | null; port?: number; passwordSignIn?: PasswordSignIn }): Promise<DashboardServer> {
  const { sql } = opts;
  const fallback = opts.as ? await findUser(sql, opts.as) : null;
  if (opts.as && !fallback) throw new Error(`--as ${opts.as}: no such user in auth.users (give an email or a user id)`);
  const component = await componentModule();
  const jwtKey = randomBytes(32);
  let html = "";

  const callerOf = async (req: IncomingMessage): Promise<{ caller: Caller; user: User | null }> => {
    if (opts.passwordSignIn) return { caller: await bearerCaller(req), user: null };
    const id = cookieUser(req);
    const user = (id ? await findUser(sql, id) : null) ?? fallback;
    return { caller: user ? { role: "authenticated", user: user.id, email: user.email } : { role: "anon" }, user };
  };

  // As PostgREST: the anon key is anon; any other bearer must be a token this server signed (HS256
  // only), whose claims then are the request's; a bad one is refused, never downgraded to anon.
  const bearerCaller = async (req: IncomingMessage): Promise<Caller> => {
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""))?.[1];
    if (!token || token === ANON_KEY) return { role: "anon" };
    const { payload } = await jwtVerify(token, jwtKey, { algorithms: ["HS256"], audience: "authenticated" });
    return callerOfClaims(payload);
  };

  // GoTrue's answer to a password grant: the session (access and refresh token, expiry) and the user.
  const passwordGrant = async (req: IncomingMessage, res: ServerResponse) => {
    const parsed = z.object({ email: z.string(), password: z.string() }).safeParse(JSON.parse((await readBody(req)) || "{}"));
    const email = parsed.success ? parsed.data.email.toLowerCase() : "";
    const known = opts.passwordSignIn!.passwords[email];
    const user = parsed.success && known !== undefined && sameText(known, parsed.data.password) ? await findUser(sql, email) : null;
    if (!user) return send(res, 400, JSON.stringify({ code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" }));
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = 3600;
    const sessionId = randomUUID();
    const accessToken = await new SignJWT({ email: user.email, role: "authenticated", session_id: sessionId, aal: "aal1", is_anonymous: false })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" }).setSubject(user.id).setAudience("authenticated")
      .setIssuer(`http://${req.headers.host}/auth/v1`).setIssuedAt(now).setExpirationTime(now + expiresIn).sign(jwtKey);
    send(res, 200, JSON.stringify({
      access_token: accessToken, token_type: "bearer", expires_in: expiresIn, expires_at: now + expiresIn,
      refresh_token: randomBytes(16).toString("hex"),
      user: { id: user.id, aud: "authenticated", role: "authenticated", email: user.email, app_metadata: { provider: "email", providers: ["email"] },
              user_metadata: {}, identities: [], created_at: new Date().toISOString(), updated_at: new Date().toISOString(), is_anonymous: false },
    }));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const rpc = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(url.pathname);
    if (opts.passwordSignIn && req.method === "POST" && url.pathname === "/auth/v1/token" && url.searchParams.get("grant_type") === "password") {
      return await passwordGrant(req, res);
    }
    // The hosted page signs in with Supabase Auth: the picker's routes are not there for it.
    if (opts.passwordSignIn && url.pathname.startsWith("/local/")) return send(res, 404, JSON.stringify({ message: "not found" }));
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
      let caller: Caller;
      try {
        caller = (await callerOf(req)).caller;
      } catch {
        return send(res, 401, JSON.stringify({ code: "PGRST301", message: "JWT could not be verified", details: null, hint: null }));
      }
      const answer = await replayRpc(sql, caller, decodeURIComponent(rpc[1]), body, schema);
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
  // The hosted build names its Supabase URL, which is this server's, known once it listens.
  html = await pageHtml(opts.passwordSignIn ? { local: false, url: `http://127.0.0.1:${port}`, anonKey: ANON_KEY } : { local: true, anonKey: ANON_KEY });
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
