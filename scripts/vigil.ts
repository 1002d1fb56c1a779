// The `vigil` CLI: the local stack, the demo, the tests and the benchmarks (`npm run vigil -- <command>`).
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { z } from "zod";
import { down, migrate, reset, stackInfo, up } from "./lib/stack.ts";

const USAGE = `usage: npm run vigil -- <command>

  up        start the local stack (.vigil/local, on the port it had), apply the migrations and
            schedule maintenance with pg_cron (once: a schedule you chose is kept)
  down      stop the local stack
  reset     throw the local stack away and start a fresh one
  migrate   apply pending migrations (to DATABASE_URL when set)
  psql      open psql on the local stack (or DATABASE_URL)
  url       print the connection URL
  gen-types write src/database.types.ts from a freshly migrated database's catalog (or DATABASE_URL's)
  demo      run the demo on the local stack (or DATABASE_URL)
  test      run every test suite on a throwaway stack (or DATABASE_URL)
  bench     run the benchmarks (--quick for a CI-sized run)
  schema    write supabase/schema.sql: the schema a fresh database gets from the migrations
  deploy    report a deployment, run smoke checks, request a rollback (deploy --help)
  dashboard serve the console on 127.0.0.1 [--as <email or user id>] [--port N]; --build <file> for a hosted project
  status    a terminal summary of a tenant [--tenant slug] [--since 1h] [--json]
  backup    run | verify <id> | drill | prune | list: consistent, verified backups (docs/backups.md)
  restore   restore <id> into a scratch schema (--into-schema) or the original tables (--into public --confirm <id>)
  distribute place the tables on a Citus cluster as vigil.scale_out_plan() says [--dry-run] (docs/scale-out.md)
  help      print this (also --help, -h)`;

const Command = z.enum(["up", "down", "reset", "migrate", "psql", "url", "gen-types", "demo", "test", "bench", "schema", "deploy", "dashboard", "status", "backup", "restore", "distribute", "help"], {
  error: (issue) => `unknown command ${JSON.stringify(issue.input)}\n\n${USAGE}`,
});

async function databaseUrl(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  return (await up("local", { quiet: true })).url;
}

async function main() {
  const [given = "help", ...rest] = process.argv.slice(2);
  // --help and -h are how most command-line tools are asked for their usage.
  const raw = given === "--help" || given === "-h" ? "help" : given;
  const parsed = Command.safeParse(raw);
  if (!parsed.success) {
    console.error(parsed.error.issues[0].message);
    process.exit(2);
  }
  switch (parsed.data) {
    case "help":
      console.log(USAGE);
      return;
    case "up": {
      const s = await up("local");
      console.log(s.url);
      return;
    }
    case "down":
      down("local");
      return;
    case "reset":
      console.log((await reset("local")).url);
      return;
    case "migrate":
      if (process.env.DATABASE_URL) migrate(process.env.DATABASE_URL);
      else await up("local");
      return;
    case "url":
      console.log(process.env.DATABASE_URL ?? stackInfo("local")?.url ?? (await up("local", { quiet: true })).url);
      return;
    case "psql": {
      const r = spawnSync("psql", ["-X", "-d", await databaseUrl(), ...rest], { stdio: "inherit" });
      process.exit(r.status ?? 1);
    }
    case "gen-types": {
      const { genTypes } = await import("./gen-types.ts");
      await genTypes(process.env.DATABASE_URL);
      return;
    }
    case "demo": {
      const { demo } = await import("./demo.ts");
      await demo(await databaseUrl(), rest);
      return;
    }
    case "test": {
      const { runTests } = await import("./test.ts");
      process.exit(await runTests(rest));
    }
    case "schema": {
      const { freshSchema, SCHEMA_FILE } = await import("./lib/schema.ts");
      writeFileSync(SCHEMA_FILE, await freshSchema());
      console.log(`wrote ${relative(process.cwd(), SCHEMA_FILE)}`);
      return;
    }
    case "deploy":
      process.exit(await (await import("./commands/deploy.ts")).deployCommand(rest));
    case "dashboard":
      await (await import("./commands/dashboard.ts")).dashboardCommand(databaseUrl, rest);
      return;
    case "status":
      process.exit(await (await import("./commands/status.ts")).statusCommand(await databaseUrl(), rest));
    case "backup":
    case "restore": {
      const { backupCommand } = await import("./commands/backup.ts");
      process.exit(await backupCommand(await databaseUrl(), parsed.data, rest));
    }
    case "distribute":
      process.exit(await (await import("./commands/distribute.ts")).distributeCommand(await databaseUrl(), rest));
    case "bench": {
      const { runBench } = await import("../bench/run.ts");
      process.exit(await runBench(rest));
    }
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
