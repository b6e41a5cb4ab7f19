// load: N simulated tabs (Node ConvexClients, one WebSocket each), each
// subscribed to what a tab at the details step watches, heartbeating every
// 10 s and autosaving every 2 s (the most the tab does while typing).
// Latency is the client's: call to resolve, which includes the re-run of
// the tab's own draft subscription.
import type { ConvexClient } from "convex/browser";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "../convex/_generated/api.js";
import {
  ClientPool,
  backendMemory,
  startAppBackend,
  watch,
  type Backend,
  type BackendMemory,
} from "./lib/backend.js";
import { demoClinic, newSessionId, toTimeStep } from "./lib/appTabs.js";
import { latencySummary, percentile, round } from "./lib/stats.js";

const BEAT_EVERY_MS = 10_000;
const SAVE_EVERY_MS = 2_000;

export type LoadResult = {
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  mutations: number;
  mutations_per_s: number;
  beat_p95: number;
  save_p95: number;
  backend_memory_mb: BackendMemory;
};

type Tab = { client: ConvexClient; sessionId: SessionId };

async function openTabs(n: number, make: () => ConvexClient, clinic: Parameters<typeof toTimeStep>[2]) {
  const tabs: Tab[] = [];
  for (let batch = 0; batch < n; batch += 50) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(50, n - batch) }, async () => {
        const tab = { client: make(), sessionId: newSessionId() };
        await toTimeStep(tab.client, tab.sessionId, clinic);
        for (const query of [api.drafts.get, api.holds.mine, api.sessions.notice]) {
          watch(tab.client, query, { sessionId: tab.sessionId });
        }
        return tab;
      }),
    );
    tabs.push(...opened);
  }
  return tabs;
}

/** On a fresh backend, or on `existing` (one started by hand, e.g. under a profiler). */
export async function measureLoad(
  n: number,
  seconds: number,
  existing?: Pick<Backend, "url">,
): Promise<LoadResult> {
  const backend = existing ?? (await startAppBackend());
  const pool = new ClientPool();
  try {
    const clinic = await demoClinic(pool.ws(backend));
    const tabs = await openTabs(n, () => pool.ws(backend), clinic);
    const beats: number[] = [];
    const saves: number[] = [];
    let errors = 0;
    const firstError: string[] = [];
    const begin = Date.now() + 500;
    const end = begin + seconds * 1000;
    const timed = async (into: number[], call: () => Promise<unknown>) => {
      const t0 = performance.now();
      try {
        await call();
        into.push(performance.now() - t0);
      } catch (error) {
        errors++;
        if (firstError.length === 0) firstError.push(String(error));
      }
    };
    const every = async (period: number, offset: number, act: (k: number) => Promise<void>) => {
      for (let k = 0, at = begin + offset; at < end; k++, at += period) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
        await act(k);
      }
    };
    await Promise.all(
      tabs.flatMap(({ client, sessionId }, i) => [
        every(BEAT_EVERY_MS, Math.floor((i * BEAT_EVERY_MS) / n), (k) =>
          timed(beats, () => client.mutation(api.heartbeats.beat, { sessionId, seq: k + 1, visible: true })),
        ),
        every(SAVE_EVERY_MS, Math.floor((i * SAVE_EVERY_MS) / n), (k) =>
          timed(saves, () =>
            client.mutation(api.drafts.saveDetails, {
              sessionId,
              rev: k + 1,
              details: { name: `Tab ${i}`, email: "", phone: "", notes: "typing ".repeat(1 + (k % 40)) },
            }),
          ),
        ),
      ]),
    );
    const all = [...beats, ...saves];
    if (firstError.length > 0) console.warn(`  N=${n}: first error: ${firstError[0]}`);
    return {
      ...latencySummary(all),
      errors,
      mutations: all.length + errors,
      mutations_per_s: round((all.length + errors) / seconds),
      beat_p95: round(percentile(beats, 95)),
      save_p95: round(percentile(saves, 95)),
      backend_memory_mb: await backendMemory(backend),
    };
  } finally {
    await pool.closeAll();
    if (existing === undefined) await (backend as Backend).stop();
  }
}
