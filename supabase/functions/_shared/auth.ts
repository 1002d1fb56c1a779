// Secrets compared in constant time, for the functions the service role calls and the webhooks
// providers sign. No imports, so any function (and a Node script) loads it as it is.

/** Constant-time comparison, so a secret cannot be guessed byte by byte from response times. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Whether the request carries `key` as its Bearer token. */
export function hasBearer(req: Request, key: string): boolean {
  const token = (req.headers.get("authorization") ?? "").match(/^Bearer\s+(.+)$/i)?.[1] ?? "";
  return token !== "" && sameSecret(token, key);
}

/** HMAC of the body with the secret, hex: what a signed webhook carries (SHA-1 for Vercel, SHA-256 for ours). */
export async function hmacHex(hash: "SHA-1" | "SHA-256", secret: string, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, enc.encode(body));
  return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
}
