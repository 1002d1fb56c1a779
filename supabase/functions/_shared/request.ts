// Reading a small JSON request body against a zod schema, for the functions Vigil's scheduler calls.
import type { z } from "zod";
import { hasBearer } from "./auth.ts";

/** A JSON answer: every function answers {data, error}. */
export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** The body parsed by `schema` (an empty body is `{}`), or the message to answer 400 with. */
export async function parseJsonBody<T>(req: Request, schema: z.ZodType<T>, example: string): Promise<{ data: T; error: null } | { data: null; error: string }> {
  let body: unknown;
  try {
    const raw = await req.text();
    body = raw.trim() ? JSON.parse(raw) : {};
  } catch {
    return { data: null, error: `The body must be JSON, e.g. ${example}.` };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { data: parsed.data, error: null };
  return { data: null, error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") };
}

/**
 * How every call of Vigil's scheduler starts: the service role key as a Bearer token (else 401,
 * naming `what`), POST (else 405), and a JSON body `schema` accepts (else 400). The body, or the answer
 * to give instead.
 */
export async function serviceCall<T>(req: Request, serviceKey: string, what: string, schema: z.ZodType<T>, example: string):
  Promise<{ data: T; refusal: null } | { data: null; refusal: Response }> {
  if (!hasBearer(req, serviceKey)) {
    return { data: null, refusal: json(401, { data: null, error: `${what} requires the service role key as a Bearer token.` }) };
  }
  if (req.method !== "POST") return { data: null, refusal: json(405, { data: null, error: "Use POST." }) };
  const parsed = await parseJsonBody(req, schema, example);
  if (parsed.error !== null) return { data: null, refusal: json(400, { data: null, error: parsed.error }) };
  return { data: parsed.data, refusal: null };
}
