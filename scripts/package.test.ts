// The npm package as a stranger gets it: `npm pack` (which builds dist/ in prepack), the tarball's
// contents, then an install into an empty project whose plain Node script imports createVigil and sends
// an event to the ingest edge function's handler, which stores it in the local database.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import postgres from "postgres";
import { startLocalApi } from "./lib/local-api.ts";
import { ROOT } from "./lib/stack.ts";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is required: run through `npm test`");
const sql = postgres(url, { onnotice: () => {}, max: 2 });
const NAME = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).name as string;
const work = mkdtempSync(join(tmpdir(), "vigil-pack-"));
let tarball = "";

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false" } });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

before(() => {
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", work], ROOT)) as { filename: string }[];
  tarball = join(work, packed.filename);
});
after(async () => {
  await sql.end();
  rmSync(work, { recursive: true, force: true });
});

test("the tarball holds the built SDK, its declarations, the migrations and the edge functions, and nothing of the tests", () => {
  const files = run("tar", ["-tzf", tarball], work).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
  for (const needed of ["package.json", "README.md", "dist/index.js", "dist/events.js", "dist/types/src/index.d.ts",
    "dist/types/src/events.d.ts", "dist/cli.js", "supabase/migrations/20261123000100_schemas.sql", "supabase/functions/ingest/index.ts"]) {
    assert.ok(files.includes(needed), `${needed} is packed`);
  }
  const unwanted = files.filter((f) => /\.test\.ts$|(^|\/)tests?\/|fixtures\/|^src\/|^scripts\/|^bench\/|\.vigil\//.test(f));
  assert.deepEqual(unwanted, []);
});

test("installed from the tarball into an empty project, plain Node imports createVigil and its event arrives", async () => {
  const [{ t }] = await sql`select vigil_api.create_tenant('Package', ${`package-${process.pid}-${Date.now()}`}) as t`;
  const [{ k }] = await sql`select vigil_api.create_ingest_key(${t.id}::uuid, 'pack', null, 1000) as k`;
  // The ingest edge function's own handler, on the local database.
  const api = await startLocalApi(sql);
  try {
    const project = join(work, "consumer");
    run("mkdir", ["-p", project], work);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    run("npm", ["install", "--prefer-offline", tarball], project);
    writeFileSync(join(project, "send.mjs"), `
      import { createVigil, httpTransport } from ${JSON.stringify(NAME)};
      const [url, key] = process.argv.slice(2);
      const vigil = createVigil({ transport: httpTransport({ url, key }), release: "packed@1" });
      console.log(await vigil.track("packed.checkout", () => 42));
      await vigil.flush();
      console.log(JSON.stringify(vigil.stats()));
    `);
    const out = await new Promise<string>((resolve, reject) => {
      // Asynchronously, so this process's server can answer the child's request.
      import("node:child_process").then(({ execFile }) =>
        execFile(process.execPath, ["send.mjs", `${api.url}/functions/v1/ingest`, k.key], { cwd: project },
          (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))));
    });
    const [returned, stats] = out.trim().split("\n");
    assert.equal(returned, "42", "track() returns what the function returned");
    assert.equal(JSON.parse(stats).sent, 1);
    const rows = await sql`select kind, name, release from vigil.events where tenant_id = ${t.id}`;
    assert.deepEqual(rows.map((r) => ({ ...r })), [{ kind: "operation", name: "packed.checkout", release: "packed@1" }]);

    // The CI command is installed with it: `npx supabase-vigil deploy` answers with its usage.
    const help = spawnSync("npx", ["--no-install", "supabase-vigil", "deploy", "--help"], { cwd: project, encoding: "utf8" });
    assert.match(`${help.stdout}${help.stderr}`, /report[\s\S]*smoke[\s\S]*rollback/, "npx supabase-vigil deploy --help prints the deploy usage");

    // The declarations type a consumer's TypeScript: track() keeps the function's return type.
    writeFileSync(join(project, "typed.ts"), `
      import { createVigil, httpTransport, type VigilStats } from ${JSON.stringify(NAME)};
      import { validateEvent } from ${JSON.stringify(`${NAME}/events`)};
      const vigil = createVigil({ transport: httpTransport({ url: "http://127.0.0.1:9", key: "vk_x" }) });
      const n: number = await vigil.track("checkout", () => 42);
      const s: VigilStats = vigil.stats();
      export const seen = [n, s.queued, validateEvent({ kind: "operation", name: "x" })];
    `);
    run(join(ROOT, "node_modules", ".bin", "tsc"), ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext",
      "--target", "es2022", "--lib", "es2022,dom", "--typeRoots", join(ROOT, "node_modules", "@types"), "--types", "node", "typed.ts"], project);
  } finally {
    await api.close();
  }
});
