// Load check for the local backend:
//
//   npx tsx local-backend/scripts/load-check.ts [--clients 200] [--seconds 10] [--url http://127.0.0.1:3210]
//
// Starts a backend on the conformance fixture (or uses --url, which must serve
// that fixture, on this machine), connects N ConvexClients, each subscribed to
// its own counter row, and has each write its own row once a second (starts
// staggered across the first second). Prints mutation latency percentiles
// (client-side, call to resolve) and re-runs per write from /_local/metrics,
// which must be about 1.0: each write re-ran only its writer's subscription.
// Exits non-zero if any check FAILs.
import { parseArgs } from "node:util";
import type { ConvexClient } from "convex/browser";
import { api } from "../test/fixtures/conformance/convex/_generated/api.js";
import {
  ClientPool,
  count,
  startBackend,
  watch,
  withTimeout,
  type Backend,
  type Metrics,
  type Watched,
} from "../test/helpers.js";

const P95_LIMIT_MS = 50;
const RERUNS_PER_WRITE_TOLERANCE = 0.05;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      clients: { type: "string", default: "200" },
      seconds: { type: "string", default: "10" },
      url: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "Usage: npx tsx local-backend/scripts/load-check.ts [--clients 200] [--seconds 10] [--url http://127.0.0.1:PORT]",
    );
    process.exit(0);
  }
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  if (!Number.isInteger(clients) || clients < 1 || clients > 2000)
    throw new Error(`--clients must be 1..2000, got ${values.clients}`);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600)
    throw new Error(`--seconds must be 1..600, got ${values.seconds}`);
  if (values.url !== undefined) {
    const host = new URL(values.url).hostname;
    if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) {
      throw new Error(`--url must point at this machine (127.0.0.1/localhost), got ${values.url}`);
    }
  }
  return { clients, seconds, url: values.url?.replace(/\/+$/, "") };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

async function fetchMetrics(url: string): Promise<Metrics> {
  const response = await fetch(`${url}/_local/metrics`);
  if (!response.ok) throw new Error(`GET ${url}/_local/metrics: HTTP ${response.status}`);
  return (await response.json()) as Metrics;
}

const sleepUntil = (time: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, time - Date.now())));

async function main(): Promise<number> {
  const options = parseOptions();
  let backend: Backend | undefined;
  let url = options.url;
  if (url === undefined) {
    console.log("Starting a local backend on the conformance fixture…");
    backend = await startBackend();
    url = backend.url;
  }
  const target = { url };
  const pool = new ClientPool();
  const run = `${process.pid}-${Date.now().toString(36)}`;
  try {
    console.log(`Connecting ${options.clients} clients to ${url}…`);
    const clients: {
      client: ConvexClient;
      name: string;
      watched: Watched<number | null>;
    }[] = [];
    for (let i = 0; i < options.clients; i++) {
      const client = pool.ws(target);
      const name = `load-${run}-${i}`;
      clients.push({
        client,
        name,
        watched: watch(client, api.counters.watch, { name }),
      });
    }
    await withTimeout(
      Promise.all(clients.map((c) => c.watched.waitFor(() => true, { timeoutMs: 120_000 }))),
      120_000,
      "every client's initial subscription result",
    );
    console.log(`All ${options.clients} subscriptions live. Writing for ${options.seconds} s…`);

    const before = await fetchMetrics(url);
    const latencies: number[] = [];
    const errors: string[] = [];
    const successes = new Map<string, number>();
    const start = Date.now() + 200;
    await Promise.all(
      clients.map(async ({ client, name }, i) => {
        const offset = Math.floor((i * 1000) / options.clients);
        for (let k = 0; k < options.seconds; k++) {
          await sleepUntil(start + offset + k * 1000);
          const t0 = performance.now();
          try {
            await withTimeout(client.mutation(api.counters.increment, { name }), 30_000, `increment ${name}`);
            latencies.push(performance.now() - t0);
            successes.set(name, (successes.get(name) ?? 0) + 1);
          } catch (error) {
            errors.push(error instanceof Error ? error.message : String(error));
          }
        }
      }),
    );
    // Each subscription must end up showing its own row's final value.
    await withTimeout(
      Promise.all(
        clients.map(({ name, watched }) => {
          const expected = successes.get(name) ?? 0;
          return expected === 0
            ? Promise.resolve(null)
            : watched.waitFor((value) => value === expected, {
                timeoutMs: 30_000,
              });
        }),
      ),
      60_000,
      "every subscription to show its final value",
    );
    const after = await fetchMetrics(url);

    const writes = latencies.length;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const p99 = percentile(sorted, 99);
    const max = sorted[sorted.length - 1] ?? NaN;
    const reruns =
      count(after.rerunsByFunction, "counters:watch") - count(before.rerunsByFunction, "counters:watch");
    const rerunsByTable = count(after.rerunsByTable, "counters") - count(before.rerunsByTable, "counters");
    const executions =
      count(after.executions, "counters:increment") - count(before.executions, "counters:increment");
    const perWrite = writes === 0 ? NaN : reruns / writes;
    const pushes = clients.reduce((sum, c) => sum + c.watched.values.length - 1, 0);

    const rerunsOk = Math.abs(perWrite - 1) <= RERUNS_PER_WRITE_TOLERANCE;
    const latencyOk = p95 < P95_LIMIT_MS;
    const errorsOk = errors.length === 0;
    const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

    console.log("");
    console.log(`clients                 ${options.clients}`);
    console.log(`duration                ${options.seconds} s`);
    console.log(
      `total mutations         ${writes + errors.length} (${writes} ok, ${executions} executed server-side)`,
    );
    console.log(
      `errors                  ${errors.length}${errors.length > 0 ? ` (first: ${errors[0]})` : ""}`,
    );
    console.log(
      `latency p50/p95/p99/max ${p50.toFixed(1)} / ${p95.toFixed(1)} / ${p99.toFixed(1)} / ${max.toFixed(1)} ms`,
    );
    console.log(
      `re-runs of counters:watch ${reruns} (table counters: ${rerunsByTable}); pushes seen by clients ${pushes}`,
    );
    console.log(`commits                 ${after.commits - before.commits}`);
    console.log("");
    console.log(
      `${verdict(rerunsOk)}  re-runs per write ${perWrite.toFixed(3)} (want 1.0 ± ${RERUNS_PER_WRITE_TOLERANCE})`,
    );
    console.log(
      `${verdict(latencyOk)}  p95 mutation latency ${p95.toFixed(1)} ms (want < ${P95_LIMIT_MS} ms)`,
    );
    console.log(`${verdict(errorsOk)}  ${errors.length} errors (want 0)`);
    return rerunsOk && latencyOk && errorsOk ? 0 : 1;
  } finally {
    await pool.closeAll();
    await backend?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`load-check: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
