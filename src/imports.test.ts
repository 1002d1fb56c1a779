// The SDK's modules import one another without a cycle (type-only and dynamic imports included), so
// each reads top to bottom and can be loaded, bundled and tested alone.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const SRC = fileURLToPath(new URL(".", import.meta.url));

/** Each module of src (tests and fixtures aside) and the modules of src it imports. */
function graph(): Map<string, string[]> {
  const modules = readdirSync(SRC).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  const edges = new Map<string, string[]>();
  for (const file of modules) {
    const text = readFileSync(SRC + file, "utf8");
    const targets = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)["']\.\/([\w.-]+\.ts)["']/g)].map((m) => m[1]);
    edges.set(file, [...new Set(targets)].filter((t) => modules.includes(t)));
  }
  return edges;
}

/** The first import cycle found, as a path that ends where it starts; null when there is none. */
function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === "done") return null;
    if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
    state.set(node, "open");
    path.push(node);
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of [...edges.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

test("the cycle finder finds a cycle through a dynamic import and a type-only one", () => {
  const edges = new Map([["vigil.ts", ["browser.ts", "queue.ts"]], ["browser.ts", ["vigil.ts"]], ["queue.ts", []]]);
  assert.deepEqual(findCycle(edges), ["browser.ts", "vigil.ts", "browser.ts"]);
});

test("no module of src imports itself back through any chain of imports", () => {
  const edges = graph();
  assert.ok(edges.get("vigil.ts")?.includes("browser.ts"), "the parser sees vigil.ts's dynamic import of browser.ts");
  assert.ok(edges.get("browser.ts")?.includes("types.ts"), "and browser.ts's type-only import");
  const cycle = findCycle(edges);
  assert.equal(cycle, null, `import cycle: ${cycle?.join(" -> ")}`);
});

test("browser.ts and the parts of the client do not import the client", () => {
  const edges = graph();
  for (const part of ["browser.ts", "queue.ts", "track.ts", "recorders.ts", "trace-fetch.ts", "types.ts", "runtime.ts"]) {
    assert.ok(edges.has(part), `${part} exists`);
    assert.ok(!edges.get(part)!.includes("vigil.ts"), `${part} imports vigil.ts`);
  }
});
