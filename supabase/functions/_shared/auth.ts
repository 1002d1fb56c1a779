// The service role check of the functions that only Vigil's own scheduler calls (send-alert, health-check).

/** Constant-time comparison, so the key cannot be guessed byte by byte from response times. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Whether the request carries the service role key as its Bearer token. */
export function hasServiceKey(req: Request, serviceKey: string): boolean {
  const token = (req.headers.get("authorization") ?? "").match(/^Bearer\s+(.+)$/i)?.[1] ?? "";
  return token !== "" && sameSecret(token, serviceKey);
}
