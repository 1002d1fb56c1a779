// The demo: a tenant, an admin, an ingest key and a realistic stream of events, then what was stored.
export async function demo(_url: string, _args: string[]): Promise<void> {
  console.log("demo: not yet");
}
