// Every ```sql and ```ts example in README.md and docs/*.md runs as written, in document order, on a
// fresh stack of its own per document; where the document shows the output, the real output says the same.
// SQL blocks go through psql as a DBA (the \gset variables of one block carry to the next); TypeScript
// blocks run on Node against the local API (scripts/lib/local-api.ts) with the givens of
// scripts/lib/example-prelude.ts. A block that is not meant to run says why on the line above its fence:
// <!-- not run: the reason -->.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import postgres from "postgres";
import { localToken, startLocalApi } from "./lib/local-api.ts";
import { clone, destroy, down, PSQL, ROOT, stackDir, start, up } from "./lib/stack.ts";

export interface Example {
  doc: string;
  line: number;
  lang: "sql" | "ts";
  code: string;
  /** The reason given in a `<!-- not run: ... -->` marker, when the block is not meant to run. */
  notRun?: string;
  /** The plain fenced block right after this one: what the document says it prints. */
  output?: string;
}

/** README.md, then every page of docs/, so pages added later are covered without a change here. */
export function documents(): string[] {
  return ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

export function examples(doc: string, text: string): Example[] {
  const lines = text.split("\n");
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end === -1) break;
    const lang = open[1];
    if (lang === "sql" || lang === "ts") {
      const example: Example = { doc, line: i + 1, lang, code: lines.slice(i + 1, end).join("\n") };
      const marker = /<!--\s*not run:\s*(.*?)\s*-->/.exec(lines[i - 1] ?? "");
      if (marker) example.notRun = marker[1];
      if (lines[end + 1] === "```") {
        const close = lines.findIndex((l, j) => j > end + 1 && /^```\s*$/.test(l));
        if (close !== -1) {
          example.output = lines.slice(end + 2, close).join("\n");
          found.push(example);
          i = close;
          continue;
        }
      }
      found.push(example);
    }
    i = end;
  }
  return found;
}

/**
 * The words of an output, with what changes from run to run (ids, times, timings) replaced by a
 * placeholder, and without psql's table rules and alignment.
 */
export function words(text: string): string[] {
  return text
    .replace(/^psql:<stdin>:\d+: /gm, "")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
    .replace(/vigil-[0-9a-f]{32}/g, "vigil-<hash>")
    .replace(/\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}(?::\d{2})?|Z)?)?/g, "<time>")
    .replace(/"(ms|duration_ms|elapsed_seconds|items_per_second|eta_seconds)": [\d.]+/g, '"$1": <n>')
    .split(/[\s|,{}[\]:"()]+|\.\.\.|…/)
    .filter((w) => w && !/^[-+]+$/.test(w));
}

/** The first documented word the real output lacks (in order; the document may leave words out), or null. */
export function missingWord(documented: string, actual: string): string | null {
  const real = words(actual);
  let at = 0;
  for (const word of words(documented)) {
    while (at < real.length && real[at] !== word) at++;
    if (at === real.length) return word;
    at++;
  }
  return null;
}

/** An error the block did not announce: announced errors appear in its comments or its documented output. */
function unannouncedError(example: Example, out: string): string | undefined {
  const said = `${example.code}\n${example.output ?? ""}`;
  return [...out.matchAll(/^(?:psql:<stdin>:\d+: )?(?:ERROR|FATAL):\s+(.*)$/gm)].map((m) => m[1]).find((e) => !said.includes(e));
}

function runSql(url: string, example: Example, vars: Map<string, string>): string {
  const names = new Set([...vars.keys(), ...[...example.code.matchAll(/\bas\s+(\w+)\s*\\gset/g)].map((m) => m[1])]);
  const script = [
    ...[...vars].map(([k, v]) => `\\set ${k} '${v}'`),
    example.code,
    ...[...names].map((k) => `\\echo @@var ${k} :${k}`),
  ].join("\n");
  // stderr into the same pipe, so an error shows where it happened among the results.
  const r = spawnSync("sh", ["-c", 'exec "$0" "$@" 2>&1', PSQL, "-X", "-d", url, "-f", "-"], { input: script, encoding: "utf8" });
  const out: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const v = /^@@var (\w+) (.*)$/.exec(line);
    if (!v) out.push(line);
    else if (v[2] !== `:${v[1]}`) vars.set(v[1], v[2]);
  }
  return out.join("\n");
}

function runTs(file: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // `source`: the package's own name resolves to src/ here, as dist/ does for an installed copy.
    const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", file], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

const ONLY = process.env.VIGIL_EXAMPLES; // one page, for example VIGIL_EXAMPLES=docs/alerting.md
// Named scratch-<pid>-<word>, so an interrupted `npm test` removes them as it removes its own.
const TEMPLATE = `scratch-${process.pid}-examples`;

before(async () => {
  await up(TEMPLATE, { durable: false, quiet: true, schedule: false });
  down(TEMPLATE, { quiet: true });
});
after(() => {
  destroy(TEMPLATE);
});

test("the parser finds fenced sql and ts blocks, the output block after one, and the not-run marker", () => {
  const text = ["```sql", "select 1;", "```", "```", " ?column?", "```", "", "<!-- not run: needs Deno -->", "```ts", "Deno.exit()", "```", "```sh", "ls", "```"].join("\n");
  assert.deepEqual(examples("x.md", text), [
    { doc: "x.md", line: 1, lang: "sql", code: "select 1;", output: " ?column?" },
    { doc: "x.md", line: 9, lang: "ts", code: "Deno.exit()", notRun: "needs Deno" },
  ]);
  assert.equal(missingWord("state | value\nfiring | 0.150 | …", "state | value | n\n-------\n firing | 0.150 | 40"), null);
  assert.equal(missingWord("firing | 0.150", "nodata |"), "firing");
});

for (const doc of documents().filter((d) => !ONLY || d === ONLY)) {
  const all = examples(doc, readFileSync(join(ROOT, doc), "utf8"));
  for (const example of all.filter((e) => e.notRun !== undefined)) {
    test(`${doc}:${example.line} says why it is not run`, () => assert.ok(example.notRun, "the marker gives a reason"));
  }
  const runnable = all.filter((e) => e.notRun === undefined);
  if (runnable.length === 0) continue;

  describe(`${doc}: its examples run in order on a fresh stack`, () => {
    const name = `scratch-${process.pid}-${doc.replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
    const vars = new Map<string, string>();
    let url = "";
    let sql: postgres.Sql;
    let api: Awaited<ReturnType<typeof startLocalApi>>;
    let env: Record<string, string> = {};

    before(async () => {
      await clone(TEMPLATE, name);
      url = (await start(name, { durable: false })).url;
      sql = postgres(url, { onnotice: () => {}, max: 2 });
      if (!runnable.some((e) => e.lang === "ts")) return;
      // The givens of the TypeScript examples: a signed-in user, a teammate, and a tenant with an ingest key.
      const [user, teammate] = await sql<{ id: string }[]>`
        insert into auth.users (id, email, role, aud)
        values (gen_random_uuid(), 'you@example.com', 'authenticated', 'authenticated'),
               (gen_random_uuid(), 'teammate@example.com', 'authenticated', 'authenticated')
        returning id`;
      const [{ t }] = await sql`select vigil_api.create_tenant('Examples', 'examples', ${user.id}::uuid) as t`;
      const [{ k }] = await sql`select vigil_api.create_ingest_key(${t.id}::uuid, 'examples', null, 100000) as k`;
      api = await startLocalApi(sql);
      env = {
        SUPABASE_URL: api.url,
        VIGIL_EXAMPLE_ANON_KEY: localToken({ role: "anon" }),
        VIGIL_EXAMPLE_USER_KEY: localToken({ role: "authenticated", sub: user.id, email: "you@example.com" }),
        VIGIL_EXAMPLE_INGEST_KEY: k.key,
        VIGIL_EXAMPLE_TENANT: t.id,
        VIGIL_EXAMPLE_TEAMMATE: teammate.id,
      };
    });
    after(async () => {
      await api?.close();
      await sql?.end();
      destroy(name);
    });

    for (const example of runnable) {
      test(`${doc}:${example.line} (${example.lang})`, async () => {
        if (example.lang === "sql") {
          const out = runSql(url, example, vars);
          const error = unannouncedError(example, out);
          assert.equal(error, undefined, `${doc}:${example.line} failed:\n${out}`);
          if (example.output !== undefined) {
            const missing = missingWord(example.output, out);
            assert.equal(missing, null, `${doc}:${example.line}: the documented output says "${missing}", the real output:\n${out}`);
          }
        } else {
          // Inside the repository (the stack's folder, removed with it), so the package's own name resolves.
          const dir = join(stackDir(name), "examples");
          mkdirSync(dir, { recursive: true });
          const file = join(dir, `${doc.replace(/\W+/g, "-")}-${example.line}.ts`);
          writeFileSync(file, `import ${JSON.stringify(join(ROOT, "scripts", "lib", "example-prelude.ts"))};\n${example.code}\n`);
          api.failures.length = 0;
          const r = await runTs(file, env);
          assert.equal(r.code, 0, `${doc}:${example.line} failed:\n${r.out}`);
          // supabase-js answers a refused call with { error } rather than a throw: an RPC the example
          // calls must succeed unless the line calling it says it fails.
          const refused = api.failures.filter((f) => {
            const fn = /\/rpc\/(\w+):/.exec(f)?.[1];
            return fn !== undefined && !example.code.split("\n").some((l) => l.includes(`"${fn}"`) && /error/i.test(l));
          });
          assert.deepEqual(refused, [], `${doc}:${example.line}: the local API refused what the example calls`);
        }
      });
    }
  });
}
