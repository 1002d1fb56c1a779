// The edge functions' outbound guard: the same verdicts as the SQL guard on the shared case list,
// every resolved address checked, the connection pinned to the checked address, no redirect followed.
import assert from "node:assert/strict";
import { addressRefusal, checkOutbound, guardedRequest, type Lookup, type OutboundPurpose, type RefusalReason, systemLookup, urlRefusal }
  from "../../functions/_shared/outbound.ts";
import { connectTest } from "./_support/db.ts";

interface Case {
  url: string;
  purpose: OutboundPurpose;
  allow_loopback?: boolean;
  reason: RefusalReason | null;
}
const CASES: Case[] = JSON.parse(await Deno.readTextFile(new URL("../outbound-cases.json", import.meta.url))).cases;

const fixed = (map: Record<string, string[]>): Lookup => (host) =>
  Promise.resolve((map[host] ?? []).map((address) => ({ address, family: address.includes(":") ? 6 as const : 4 as const })));

Deno.test("the edge guard gives every shared case the verdict and reason the SQL guard gives", async () => {
  assert.ok(CASES.length >= 150, "the shared case list is read whole");
  const wrong = CASES.map((c) => ({ ...c, got: urlRefusal(c.url, c.purpose, c.allow_loopback ?? false) }))
    .filter((c) => c.got !== c.reason);
  assert.deepEqual(wrong, [], "the edge guard disagrees with the case list");

  // And against the SQL guard itself, in one round trip, so the two cannot drift apart.
  const sql = connectTest();
  try {
    const rows = await sql<{ i: number; got: string | null }[]>`
      select (c.ordinality - 1)::int as i, vigil._outbound_url_refusal(c.value ->> 'url', c.value ->> 'purpose',
             coalesce((c.value ->> 'allow_loopback')::boolean, false)) as got
      from jsonb_array_elements(${sql.json(CASES as never)}) with ordinality c`;
    const differ = rows.filter((r) => r.got !== urlRefusal(CASES[r.i].url, CASES[r.i].purpose, CASES[r.i].allow_loopback ?? false))
      .map((r) => ({ ...CASES[r.i], sql: r.got }));
    assert.deepEqual(differ, [], "the SQL and edge guards disagree");
  } finally {
    await sql.end();
  }
});

Deno.test("every address a name resolves to is checked: one private record among public ones refuses the name", async () => {
  const lookup = fixed({ "hooks.example.com": ["93.184.216.34", "10.0.0.7"], "v6.example.com": ["2606:4700::1111", "::ffff:a9fe:a9fe"] });
  const mixed = await checkOutbound("https://hooks.example.com/x", { purpose: "channel", allowLoopback: true, lookup });
  assert.equal(mixed.ok, false);
  assert.equal(!mixed.ok && mixed.reason, "private");
  assert.match(!mixed.ok ? mixed.error : "", /\(hooks\.example\.com resolves to 10\.0\.0\.7\); no request was sent/);
  const mapped = await checkOutbound("https://v6.example.com/x", { purpose: "channel", allowLoopback: false, lookup });
  assert.equal(!mapped.ok && mapped.reason, "link-local", "an IPv4-mapped AAAA record is judged by its IPv4 address");
  const rebound = await checkOutbound("https://rebind.example.com/", { purpose: "channel", allowLoopback: false,
    lookup: fixed({ "rebind.example.com": ["127.0.0.1"] }) });
  assert.equal(!rebound.ok && rebound.reason, "loopback", "a public-looking name that resolves to loopback is refused");
});

Deno.test("the system resolver reads /etc/hosts, so localhost is refused by its address as well as by its name", async () => {
  const found = await systemLookup("localhost");
  assert.ok(found.length > 0);
  for (const a of found) assert.equal(addressRefusal(a.address), "loopback", a.address);
});

Deno.test("a request goes to the address that was checked, not to a second DNS answer", async () => {
  const seen: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    seen.push(req.headers.get("host") ?? "");
    return new Response("pinned");
  });
  let calls = 0;
  // A rebinding resolver: loopback (allowed here) the first time, the metadata address afterwards.
  const lookup: Lookup = () => Promise.resolve([{ address: calls++ === 0 ? "127.0.0.1" : "169.254.169.254", family: 4 }]);
  try {
    const res = await guardedRequest({ url: `http://status.example.com:${server.addr.port}/health`, method: "GET", headers: {} },
      { purpose: "monitor", allowLoopback: true, lookup });
    assert.equal(res.refused, false);
    assert.equal(!res.refused && res.response.text, "pinned");
    assert.equal(calls, 1, "the name is resolved once, by the guard");
    assert.deepEqual(seen, [`status.example.com:${server.addr.port}`], "the Host header still names the URL's host");
  } finally {
    await server.shutdown();
  }
});

Deno.test("a redirect comes back as it is and is never followed", async () => {
  const inside: string[] = [];
  const internal = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    inside.push(req.url);
    return new Response("internal secret");
  });
  const hook = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response(null, { status: 302, headers: { location: `http://127.0.0.1:${internal.addr.port}/admin` } }));
  try {
    const res = await guardedRequest({ url: `http://127.0.0.1:${hook.addr.port}/hook`, method: "POST", headers: {}, body: "{}" },
      { purpose: "channel", allowLoopback: true, lookup: systemLookup });
    assert.equal(!res.refused && res.response.status, 302);
    assert.deepEqual(inside, [], "the internal server was never called");
  } finally {
    await Promise.all([internal.shutdown(), hook.shutdown()]);
  }
});
