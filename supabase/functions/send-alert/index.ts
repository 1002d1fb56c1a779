// Entry point of the send-alert edge function: configuration, database and secrets wired to the handler.
import { parseSendAlertEnv } from "../_shared/env.ts";
import { serveFunction } from "../_shared/serve.ts";
import { createSendAlertHandler } from "./handler.ts";

serveFunction("send-alert", parseSendAlertEnv(Deno.env.toObject()), createSendAlertHandler);
