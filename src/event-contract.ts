// The event contract, for the SDK: the one definition lives beside the edge functions, which deploy bundles
// only from supabase/functions (the ingest function cleans batches with it).
export * from "../supabase/functions/_shared/event-contract.ts";
