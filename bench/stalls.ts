// stalls: can one client stall everyone? A bystander socket subscribes to a
// simple query (and drops it) every 20 ms while (1) one socket subscribes to
// 300 availability:month queries in different time zones in a single
// ModifyQuerySet, and (2) 40 clients sign up with a password at once
// (scrypt). Its latencies during each load are the figures. (3) A socket that
// subscribes and never reads while writes keep changing its query: the
// backend's RSS before, at its peak and after.
import { randomUUID } from "node:crypto";
import { convexToJson } from "convex/values";
import WebSocket from "ws";
import { api } from "../convex/_generated/api.js";
import { anyApi } from "convex/server";
import { connectMessage, startBackend, syncUrl } from "../local-backend/test/helpers.js";
import { ClientPool, backendMemory, startAppBackend, type Backend } from "./lib/backend.js";
import { demoClinic } from "./lib/appTabs.js";
import { latencySummary, round } from "./lib/stats.js";

export type StallLatency = { p50: number; p95: number; p99: number; max: number; samples: number };
export type StallsResult = {
  query_ms_during_300_subscription_batch: StallLatency & { batch_ms: number };
  query_ms_during_40_signups: StallLatency & { signups_ms: number; signup_errors: number };
  stalled_reader_rss_mb: { before: number; peak: number; after: number; closed_by_server: boolean };
};

/** A raw sync socket that has sent Connect and a first ModifyQuerySet with `modifications`. */
async function subscribedSocket(
  backend: Backend,
  modifications: Record<string, unknown>[],
): Promise<WebSocket> {
  const ws = new WebSocket(syncUrl(backend));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify(connectMessage()));
  ws.send(JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications }));
  return ws;
}

/** A raw sync socket whose `subscribeOnce` adds catalog:services and resolves when its result arrives. */
async function bystanderSocket(backend: Backend) {
  const ws = new WebSocket(syncUrl(backend));
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify(connectMessage()));
  let version = 0;
  let waiting: (() => void) | null = null;
  ws.on("message", (data) => {
    const message = JSON.parse(Buffer.from(data as Buffer).toString("utf8")) as { type: string };
    if (message.type === "Transition") waiting?.();
  });
  const modify = (modification: Record<string, unknown>) =>
    new Promise<void>((resolve) => {
      waiting = resolve;
      ws.send(
        JSON.stringify({
          type: "ModifyQuerySet",
          baseVersion: version,
          newVersion: ++version,
          modifications: [modification],
        }),
      );
    });
  return {
    async subscribeOnce(queryId: number): Promise<void> {
      await modify({ type: "Add", queryId, udfPath: "catalog:services", args: [{}] });
      await modify({ type: "Remove", queryId });
    },
    close: () => ws.terminate(),
  };
}

/** Runs `load` while a bystander subscribes to a simple query every 20 ms; the bystander's latencies. */
async function probeDuring(
  backend: Backend,
  load: () => Promise<void>,
): Promise<StallLatency & { load_ms: number }> {
  const bystander = await bystanderSocket(backend);
  const latencies: number[] = [];
  let done = false;
  const probe = (async () => {
    for (let queryId = 0; !done; queryId++) {
      const started = performance.now();
      await bystander.subscribeOnce(queryId);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  await load();
  const loadMs = performance.now() - started;
  done = true;
  await probe;
  bystander.close();
  return {
    ...latencySummary(latencies),
    max: round(Math.max(...latencies)),
    samples: latencies.length,
    load_ms: round(loadMs, 0),
  };
}

/** One raw socket subscribing to `count` month queries (one per time zone) at once; resolves on its Transition. */
async function subscriptionBatch(backend: Backend, count: number): Promise<void> {
  const setup = new ClientPool();
  const clinic = await demoClinic(setup.ws(backend));
  await setup.closeAll();
  const zones = Intl.supportedValuesOf("timeZone").slice(0, count);
  const now = new Date();
  // Next month: a whole month of free times to count, for every provider.
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().slice(0, 7);
  const ws = await subscribedSocket(
    backend,
    zones.map((timeZone, queryId) => ({
      type: "Add",
      queryId,
      udfPath: "availability:month",
      args: [
        convexToJson({ serviceId: clinic.serviceId, providerChoice: clinic.providerId, timeZone, month }),
      ],
    })),
  );
  const transition = new Promise<void>((resolve) =>
    ws.on("message", (data) => {
      const message = JSON.parse(Buffer.from(data as Buffer).toString("utf8")) as { type: string };
      if (message.type === "Transition") resolve();
    }),
  );
  await transition;
  ws.terminate();
}

async function signUps(backend: Backend, pool: ClientPool, count: number): Promise<number> {
  const run = Date.now().toString(36);
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      pool.http(backend).action(api.auth.signIn, {
        provider: "password",
        params: {
          email: `bench-${run}-${i}@example.com`,
          password: `bench passphrase ${i} long`,
          flow: "signUp",
        },
      }),
    ),
  );
  return outcomes.filter((o) => o.status === "rejected").length;
}

/**
 * A socket subscribed to a chat channel (the conformance fixture's
 * messages:list) that never reads, while a writer adds 120 messages of 60 KB:
 * every message makes the list the socket is sent 60 KB longer (435 MB in all).
 */
async function stalledReader() {
  const backend = await startBackend();
  const pool = new ClientPool();
  try {
    const before = (await backendMemory(backend)).rssMb;
    const channel = randomUUID();
    const ws = await subscribedSocket(backend, [
      { type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel }] },
    ]);
    // Stop reading: the kernel's buffers fill, then whatever the backend queues.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const writer = pool.ws(backend);
    const body = "x".repeat(60_000);
    let peak = before;
    for (let i = 0; i < 120; i++) {
      await writer.mutation(anyApi.messages.send, { channel, author: "writer", body });
      if (i % 10 === 9) peak = Math.max(peak, (await backendMemory(backend)).rssMb);
    }
    // The paused client cannot see its socket close; the backend's own count of subscriptions can.
    const closedByServer = (await backend.metrics()).subscriptions === 0;
    ws.terminate();
    const after = (await backendMemory(backend)).rssMb;
    return { before, peak, after, closed_by_server: closedByServer };
  } finally {
    await pool.closeAll();
    await backend.stop();
  }
}

export async function measureStalls(): Promise<StallsResult> {
  const backend = await startAppBackend();
  const pool = new ClientPool();
  try {
    const batch = await probeDuring(backend, () => subscriptionBatch(backend, 300));
    const { load_ms: batchMs, ...batchLatency } = batch;
    let signupErrors = 0;
    const signups = await probeDuring(backend, async () => {
      signupErrors = await signUps(backend, pool, 40);
    });
    const { load_ms: signupsMs, ...signupLatency } = signups;
    const reader = await stalledReader();
    return {
      query_ms_during_300_subscription_batch: { ...batchLatency, batch_ms: batchMs },
      query_ms_during_40_signups: { ...signupLatency, signups_ms: signupsMs, signup_errors: signupErrors },
      stalled_reader_rss_mb: reader,
    };
  } finally {
    await pool.closeAll();
    await backend.stop();
  }
}
