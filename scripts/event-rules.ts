// Rewrites the event rules table in docs/security-model.md from the contract (src/event-contract.ts):
// `npx tsx scripts/event-rules.ts`. src/event-contract.test.ts fails while the committed table differs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCleaning, renderRulesTable } from "../src/event-contract.ts";
import { ROOT } from "./lib/stack.ts";

export const RULES_BEGIN = "<!-- event-rules:begin (rendered from src/event-contract.ts; a test checks it) -->";
export const RULES_END = "<!-- event-rules:end -->";

const file = join(ROOT, "docs", "security-model.md");
const text = readFileSync(file, "utf8");
const a = text.indexOf(RULES_BEGIN);
const b = text.indexOf(RULES_END);
if (a < 0 || b < a) throw new Error(`docs/security-model.md has no ${RULES_BEGIN} ... ${RULES_END} section`);
writeFileSync(file, `${text.slice(0, a + RULES_BEGIN.length)}\n${renderRulesTable()}\n\n${renderCleaning()}\n${text.slice(b)}`);
console.log("wrote the event rules table in docs/security-model.md");
