#!/usr/bin/env node
// `npx vigil …`: the CLI is TypeScript, loaded through tsx's loader (the same as `npm run vigil`).
import { register } from "tsx/esm/api";

register();
await import("./vigil.ts");
