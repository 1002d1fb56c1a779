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

Deno.test("the SQL and edge guards agree on 6,000 generated URLs mixing every spelling, port, scheme and purpose", async () => {
  // A seeded generator, so a failure is reproducible: hosts in every spelling the parsers know.
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T,>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const num = () => pick([0, 1, 10, 16, 31, 32, 64, 100, 127, 169, 172, 192, 224, 254, 255, 256, 65535, 16777215, 2130706433, 4294967295]);
  const spell = (n: number) =>
    pick([String(n), "0x" + n.toString(16), "0X" + n.toString(16).toUpperCase(), "0" + n.toString(8), "00" + n, n + "x"]);
  const octet = () => num() % 256;
  const hex = () => Math.floor(rnd() * 65536).toString(16);
  const NAMES = ["localhost", "LocalHost.", "a.localhost", "metadata", "metadata.google.internal", "hooks.example.com",
    "x.internal", "printer.local", "db", "xn--bcher-kva.example", "bücher.example", "ex ample.com", "exa%6dple.com",
    "%6c%6f%63alhost", "%zz", "a..b", "-a.com", "a_b.example.com", "１２７.０.０.１", "ｌｏｃａｌｈｏｓｔ", "127。0。0。1",
    "example.com..", "EXAMPLE.COM"];
  const host = (): string => {
    switch (Math.floor(rnd() * 9)) {
      case 0:
        return Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => spell(num())).join(".");
      case 1:
        return `${octet()}.${octet()}.${octet()}.${octet()}`;
      case 2: {
        const groups = Array.from({ length: 1 + Math.floor(rnd() * 8) },
          () => pick([hex(), "0", "ffff", "fe80", "fc00", "64", "ff9b", "2001", "db8", "1", ""]));
        return `[${groups.join(":")}${pick(["", "::", ":1", "::1", `:${octet()}.${octet()}.0.1`, "%25eth0"])}]`;
      }
      case 3:
        return `[${pick(["::", "::ffff:", "64:ff9b::", "::ffff:0:", "2002:", "fe80::", "2606:4700::"])}${
          pick([hex(), `${num() % 300}.${octet()}.${octet()}.${octet()}`, "7f00:1", "a9fe:a9fe", ""])}]`;
      case 4:
        return pick(NAMES);
      case 5:
        return `${pick(["a", "hooks", "api"])}.${pick(["example.com", "example.org", "test", "co.uk"])}${pick(["", ".", ".."])}`;
      case 6:
        return `${pick(["user@", "u:p@", "@", ""])}${pick(["127.0.0.1", "hooks.example.com", "8.8.8.8"])}`;
      case 7:
        return encodeURIComponent(pick(["127.0.0.1", "localhost", "10.0.0.1", "8.8.8.8"]))
          .replace(/\./g, pick([".", "%2e", "%2E"])).replace(/1/g, pick(["1", "%31"]));
      default:
        return `${spell(num())}.${spell(num())}`;
    }
  };
  const urls: { url: string; purpose: OutboundPurpose; allow: boolean }[] = [];
  for (let i = 0; i < 6000; i++) {
    const scheme = pick(["https", "https", "https", "HTTPS", "http", "tcp", "ftp"]);
    const port = rnd() < 0.8 ? pick(["", ":443", ":8080"]) : pick([":0", ":65536", ":", ":x", ":00443"]);
    const path = pick(["", "/", "/x?y=1", "#f", "/a b", "/\\"]);
    urls.push({ url: `${scheme}://${host()}${port}${path}`, purpose: pick<OutboundPurpose>(["channel", "provider", "monitor"]), allow: rnd() < 0.3 });
  }
  const sql = connectTest();
  try {
    const rows = await sql<{ i: number; got: string | null }[]>`
      select (c.ordinality - 1)::int as i,
             vigil._outbound_url_refusal(c.value ->> 'url', c.value ->> 'purpose', (c.value ->> 'allow')::boolean) as got
      from jsonb_array_elements(${sql.json(urls as never)}) with ordinality c`;
    assert.equal(rows.length, urls.length);
    const differ = rows.filter((r) => r.got !== urlRefusal(urls[r.i].url, urls[r.i].purpose, urls[r.i].allow))
      .map((r) => ({ ...urls[r.i], sql: r.got, edge: urlRefusal(urls[r.i].url, urls[r.i].purpose, urls[r.i].allow) }));
    assert.deepEqual(differ.slice(0, 10), [], `${differ.length} generated URLs get different verdicts`);
    const allowed = rows.filter((r) => r.got === null).length;
    assert.ok(allowed > 300 && allowed < urls.length - 1000, "the generated URLs mix allowed and refused ones");
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

// A self-signed certificate for guard.test (valid until 2126), made for this test alone.
const GUARD_TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBmDCCAT6gAwIBAgIUboflFgTHgyzXpSQVcFrqiQFlj4gwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKZ3VhcmQudGVzdDAgFw0yNjEyMDIwMzQ0MjBaGA8yMTI2MTEw
ODAzNDQyMFowFTETMBEGA1UEAwwKZ3VhcmQudGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABHyj2Uwkouhb9rBsTXRmfm3TrX2qjhkQj6rDV6OYC6WcGLhhMdB1
01NUtQCvqpVkCLEYKU8JYqsrtHI4Wa9IEnGjajBoMB0GA1UdDgQWBBRsOfb1o5hi
oiekqnBMbWVjbG/3tDAfBgNVHSMEGDAWgBRsOfb1o5hioiekqnBMbWVjbG/3tDAP
BgNVHRMBAf8EBTADAQH/MBUGA1UdEQQOMAyCCmd1YXJkLnRlc3QwCgYIKoZIzj0E
AwIDSAAwRQIhAIK8Uhs1IKa+Zgy4xiDQ8qUiyRnGgindURCPqNzsBbxJAiAFWCKT
VbDIzXl34h2XssdH0PcY5brSFhoJHeRbQ5QxVA==
-----END CERTIFICATE-----`;
const GUARD_TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg0LGnmyJVm0KCh8uh
b+7vOSvHok7oroXn1wRZwQmUIeuhRANCAAR8o9lMJKLoW/awbE10Zn5t0619qo4Z
EI+qw1ejmAulnBi4YTHQddNTVLUAr6qVZAixGClPCWKrK7RyOFmvSBJx
-----END PRIVATE KEY-----`;

Deno.test("a pinned https request still verifies the certificate against the URL's host name", async () => {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, cert: GUARD_TEST_CERT, key: GUARD_TEST_KEY, onListen: () => {} },
    (req) => new Response(`hello ${req.headers.get("host")}`));
  const lookup: Lookup = () => Promise.resolve([{ address: "127.0.0.1", family: 4 }]);
  const policy = { purpose: "channel" as const, allowLoopback: true, lookup };
  try {
    const ok = await guardedRequest({ url: `https://guard.test:${server.addr.port}/`, method: "GET", headers: {} }, policy,
      { ca: [GUARD_TEST_CERT] });
    assert.equal(!ok.refused && ok.response.text, `hello guard.test:${server.addr.port}`, "TLS to the pinned address, SNI and Host of the URL");
    await assert.rejects(
      guardedRequest({ url: `https://other.test:${server.addr.port}/`, method: "GET", headers: {} }, policy, { ca: [GUARD_TEST_CERT] }),
      (e: Error) => /ERR_TLS_CERT_ALTNAME_INVALID/.test((e as { code?: string }).code ?? "") || assert.fail(e.message),
      "a certificate for another name is refused although the address is the same",
    );
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
