// What an error event says about a thrown value: its type, message and stack, whatever was thrown,
// and a fingerprint that groups the same bug together.

export function describeError(error: unknown): { type: string; message: string; stack?: string } {
  if (error instanceof Error) {
    return { type: error.name || error.constructor?.name || "Error", message: String(error.message), stack: error.stack };
  }
  if (error && typeof error === "object") {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    if (typeof e.message === "string") {
      return { type: typeof e.name === "string" && e.name ? e.name : "Error", message: e.message, stack: typeof e.stack === "string" ? e.stack : undefined };
    }
  }
  let message: string;
  try {
    message = typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
  } catch {
    message = String(error);
  }
  return { type: "NonError", message };
}

// FNV-1a over the error type, the message with numbers and ids blanked, and the first stack frame:
// the same bug gives the same group whatever the ids in its message.
export function fingerprintOf(type: string, message: string, stack?: string): string {
  const frame = stack?.split("\n").map((l) => l.trim()).find((l) => l.startsWith("at ") || l.includes("@")) ?? "";
  const text = `${type}|${message.replace(/[0-9a-f]{8,}|\d+/gi, "#")}|${frame.replace(/:\d+:\d+\)?$/, "")}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
