// The send queue: events wait here, bounded, until a batch goes out off the caller's path; one batch
// at a time, in order, retried with backoff when the transport says it may help.
import { toVigilError } from "./errors.ts";
import { LIMITS, makeEventSchema, type VigilEvent } from "./events.ts";
import { utf8Length } from "./text.ts";
import type { IngestResult, Transport } from "./transports.ts";
import type { Clock, VigilOptions, VigilStats } from "./types.ts";

// Where a queued event keeps its time until it is sent; a symbol, so JSON and zod never see it.
const AT: unique symbol = Symbol("vigil.at");
type Queued = VigilEvent & { [AT]: number };

// jsonb's text adds one space per ':' and ','; `{"a":1,"b":2}` grows by 23%. 1.35 bounds it for any
// event with short keys, so a batch sized here is never refused as over 1 MB.
const JSONB_OVERHEAD = 1.35;

export interface QueueConfig {
  transport: Transport;
  clock: Clock;
  random: () => number;
  options: Pick<VigilOptions, "batchSize" | "flushIntervalMs" | "maxQueue" | "maxBatchEvents" | "sampleRates" | "maxAttempts" | "backoffMs" | "maxBackoffMs">;
  /** Fills in the fields every event carries (session, source, release, user, trace) once it is kept. */
  stamp(event: VigilEvent): void;
  /** Debug output; silent unless the client was made with debug on. */
  say(message: string, detail?: unknown): void;
}

export interface Queue {
  /** Samples, stamps and queues one event (its own object: it is filled in place); never throws. */
  enqueue(event: VigilEvent): void;
  /** Sends everything queued now; with force, also during a backoff. */
  drain(force: boolean): Promise<void>;
  /** One keepalive request with what fits, started synchronously (the page is going away). */
  flushKeepalive(): Promise<void>;
  cancelTimer(): void;
  /** From now on every event is dropped and counted, and no retry is scheduled. */
  close(): void;
  readonly closed: boolean;
  stats(): VigilStats;
}

export function createQueue(config: QueueConfig): Queue {
  const { transport, clock, random, options, say } = config;
  const batchSize = Math.max(1, options.batchSize ?? 20);
  const flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 5000);
  const maxQueue = Math.max(1, options.maxQueue ?? 1000);
  const maxBatchEvents = Math.min(LIMITS.maxBatchEvents, Math.max(1, options.maxBatchEvents ?? 500));
  // Sized as the server counts (jsonb text), with a margin for what the estimate cannot see.
  const maxBatchBytes = Math.floor(LIMITS.maxBatchBytes * 0.9);
  // The shared schema, on the client's clock so occurred_at is judged against the time it was given.
  const schema = makeEventSchema(() => clock.now());
  // Browsers refuse keepalive requests once 64 KB are in flight.
  const keepaliveBytes = 60 * 1024;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoffMs = options.backoffMs ?? 1000;
  const maxBackoffMs = options.maxBackoffMs ?? 30000;

  const queue: Queued[] = [];
  let inFlight: VigilEvent[] = [];
  let timer: unknown = null;
  let timerDue = 0;
  let sending: Promise<void> | null = null;
  let attempt = 0;
  let backoffUntil = 0;
  let closed = false;
  const s: VigilStats = {
    queued: 0, sent: 0, dropped: 0, failed: 0, invalid: 0, overflow: 0, rejected: 0, sampledOut: 0, retries: 0, lastError: null,
  };

  const stats = (): VigilStats => ({ ...s, queued: queue.length + inFlight.length });

  function schedule(ms: number) {
    const due = clock.now() + ms;
    if (timer !== null && timerDue <= due) return;
    if (timer !== null) clock.clearTimeout(timer);
    timerDue = due;
    timer = clock.setTimeout(() => {
      timer = null;
      void drain(false);
    }, ms);
  }

  function enqueue(event: VigilEvent) {
    try {
      if (closed) {
        s.dropped++;
        return;
      }
      const rate = options.sampleRates?.[event.kind];
      if (rate !== undefined && rate < 1 && !(random() < rate)) {
        s.sampledOut++;
        return;
      }
      // Filled in place (every caller hands over an object of its own): no copies on the hot path.
      // occurred_at stays a number until the batch is built, as toISOString() would be a large share
      // of what a tracked call costs.
      const full = event as Queued;
      full[AT] = clock.now();
      config.stamp(full);
      queue.push(full);
      while (queue.length + inFlight.length > maxQueue && queue.length > 0) {
        queue.shift();
        s.dropped++;
        s.overflow++;
      }
      if (queue.length >= batchSize && clock.now() >= backoffUntil) schedule(0);
      else schedule(Math.max(flushIntervalMs, backoffUntil - clock.now()));
    } catch (err) {
      say("could not queue an event", err);
    }
  }

  // Validation happens here, off the caller's path: a zod parse per event is the costliest thing the
  // SDK does, and track() must stay within a few microseconds.
  function takeBatch(limitBytes: number): VigilEvent[] {
    const batch: VigilEvent[] = [];
    let bytes = 2;
    while (queue.length > 0 && batch.length < maxBatchEvents) {
      const head = queue[0];
      if (head.occurred_at === undefined) head.occurred_at = new Date(head[AT]).toISOString();
      delete (head as Partial<Queued>)[AT];
      const checked = schema.safeParse(head);
      if (!checked.success) {
        const bad = queue.shift();
        s.dropped++;
        s.invalid++;
        say(`dropped an invalid event: ${checked.error.issues[0]?.message ?? "invalid event"}`, bad);
        continue;
      }
      // Sent as given (the parse returns the given object unless cleaning changed it). The size is the
      // request's UTF-8 bytes; the server counts jsonb text, which adds a space after each ':' and ','.
      const size = utf8Length(JSON.stringify(head)) + 1;
      const cost = limitBytes === maxBatchBytes ? Math.ceil(size * JSONB_OVERHEAD) : size;
      if (batch.length > 0 && bytes + cost > limitBytes) break;
      // The parsed event is the given one unless cleaning changed it (a NUL, a lone surrogate).
      const event = checked.data === head ? queue.shift()! : (queue.shift(), checked.data);
      if (cost > limitBytes) {
        // One event bigger than a whole keepalive request: better lost than blocking the rest.
        s.dropped++;
        continue;
      }
      batch.push(event);
      bytes += cost;
    }
    return batch;
  }

  function applyResult(batch: VigilEvent[], data: IngestResult) {
    s.sent += data.accepted;
    s.rejected += data.rejected.length;
    for (const r of data.rejected) say(`the server rejected an event: ${r.reason}`, batch[r.index]);
  }

  // One batch at a time, in order. Returns when the queue is empty, a send failed (and a retry is
  // scheduled), or the batch was given up on.
  async function drain(force: boolean): Promise<void> {
    if (sending) {
      while (sending) await sending;
      if (!force) return;
    }
    if (!force && clock.now() < backoffUntil) {
      schedule(backoffUntil - clock.now());
      return;
    }
    const run = (async () => {
      while (queue.length > 0) {
        const batch = takeBatch(maxBatchBytes);
        if (batch.length === 0) continue;
        inFlight = batch;
        let result;
        try {
          result = await transport.send(batch);
        } catch (err) {
          result = { data: null, error: { message: String(err), status: 0, retryable: true } };
        }
        inFlight = [];
        if (result.error === null) {
          attempt = 0;
          backoffUntil = 0;
          applyResult(batch, result.data);
          continue;
        }
        // A custom transport may answer plain fields; stats carry the typed error all the same.
        s.lastError = toVigilError(result.error);
        attempt++;
        if (!result.error.retryable || attempt >= maxAttempts) {
          say(`gave up on ${batch.length} events: ${result.error.message}`);
          s.failed += batch.length;
          attempt = 0;
          backoffUntil = 0;
          if (!result.error.retryable) continue;
          // The server is still unwell: the rest waits for the next interval rather than a tight loop.
          if (queue.length > 0 && !closed) schedule(flushIntervalMs);
          return;
        }
        s.retries++;
        say(`send failed (attempt ${attempt} of ${maxAttempts}), retrying: ${result.error.message}`);
        // Back to the front, in order; the bound still holds, oldest first out.
        queue.unshift(...(batch as Queued[]));
        while (queue.length > maxQueue) {
          queue.shift();
          s.dropped++;
          s.overflow++;
        }
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (attempt - 1));
        const wait = Math.max(result.error.retryAfterMs ?? 0, delay * (0.5 + 0.5 * random()));
        backoffUntil = clock.now() + wait;
        if (timer !== null) clock.clearTimeout(timer);
        timer = null;
        if (!closed) schedule(wait);
        return;
      }
    })();
    sending = run;
    try {
      await run;
    } finally {
      if (sending === run) sending = null;
    }
  }

  // The page is going away: whatever is started synchronously now is all that will be started. One
  // keepalive request (browsers allow 64 KB of them in flight), its outcome counted if the page lives.
  function flushKeepalive() {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
    const batch = takeBatch(transport.supportsKeepalive ? keepaliveBytes : maxBatchBytes);
    if (batch.length === 0) return Promise.resolve();
    return transport.send(batch, { keepalive: transport.supportsKeepalive === true }).then(
      (r) => {
        if (r.error === null) applyResult(batch, r.data);
        else {
          s.lastError = toVigilError(r.error);
          s.failed += batch.length;
        }
      },
      () => {
        s.failed += batch.length;
      },
    );
  }

  function cancelTimer() {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  return {
    enqueue,
    drain,
    flushKeepalive,
    cancelTimer,
    close: () => {
      closed = true;
    },
    get closed() {
      return closed;
    },
    stats,
  };
}
