// Reading a small JSON request body against a zod schema, for the functions Vigil's scheduler calls.
import type { z } from "zod";

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
