// Set-up that must run before anything else: npm packages and the Debian packages the local stack needs.
// Plain Node with no dependencies, because it runs before `npm ci` has installed any.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const say = (msg) => console.log(`[setup] ${msg}`);

// The PostgreSQL 15 server with pg_cron and pgTAP, and pg_prove: what `supabase start` gives in
// Docker, taken from the machine's own packages instead.
const APT_PACKAGES = [
  "postgresql-15",
  "postgresql-client-15",
  "postgresql-15-cron",
  "postgresql-15-pgtap",
  "libtap-parser-sourcehandler-pgtap-perl",
  // The PL/pgSQL linter `npm test` runs over Vigil's functions (suite plpgsql_check).
  "postgresql-15-plpgsql-check",
  // The SDK's browser test drives Debian's Chromium with playwright-core (which downloads no browser).
  "chromium",
];

// node_modules is current when it was installed from this very lock file: its hash is kept beside it.
// A hash, not mtimes: a checkout, a rebase or a copy changes the lock's mtime without changing it.
function npmPackages() {
  const lock = join(root, "package-lock.json");
  const stamp = join(root, "node_modules", ".vigil-lock-sha256");
  const want = createHash("sha256").update(readFileSync(lock)).digest("hex");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === want) return;
  // `npm ci` installs exactly the locked versions and never writes the lock: a clean clone stays clean.
  // The lock lists deno's builds for every platform, as `npm install` writes it; npm ci installs only
  // this machine's and needs the registry to serve no other.
  say("installing npm packages (npm ci, exactly as package-lock.json says)");
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, `${want}\n`);
}

function missingDebianPackages() {
  return APT_PACKAGES.filter((pkg) => {
    const r = spawnSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8" });
    return r.status !== 0 || !r.stdout.includes("install ok installed");
  });
}

function debianPackages() {
  if (!existsSync("/etc/debian_version")) {
    say("not a Debian machine: install PostgreSQL 15 with pg_cron, pgTAP and pg_prove yourself, or set DATABASE_URL");
    return;
  }
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(`[setup] missing Debian packages: ${missing.join(" ")}\n[setup] run: sudo apt-get install -y ${missing.join(" ")}`);
    process.exit(1);
  }
  say(`installing Debian packages: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-q"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...missing], { stdio: "inherit", env });
}

npmPackages();
debianPackages();
