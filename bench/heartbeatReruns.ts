// heartbeat_rerun_draft_queries vs session_doc_rerun_queries: the same tabs
// (each holding a time, subscribed to its draft and its day's availability)
// beat once a second; count the draft and availability query re-runs those
// beats cause, on the app and on a variant that keeps each tab in one
// session document (bench/sessionDoc).
import path from "node:path";
import type { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import { api } from "../convex/_generated/api.js";
import { REPO_ROOT, startBackend, waitFor } from "../local-backend/test/helpers.js";
import { ClientPool, startAppBackend, watch, type Backend } from "./lib/backend.js";
import { dayArgs, demoClinic, freeDays, holdNextFreeTime, newSessionId, toTimeStep } from "./lib/appTabs.js";

type HeartbeatRerunsResult = {
  heartbeat_rerun_draft_queries: number;
  session_doc_rerun_queries: number;
  tabs: number;
  beats_app: number;
  beats_session_doc: number;
  app_query_reruns_from_heartbeats: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;
const variant = {
  open: makeFunctionReference<"mutation">("tabs:open"),
  draft: makeFunctionReference<"query">("tabs:draft"),
  day: makeFunctionReference<"query">("tabs:day"),
  beat: makeFunctionReference<"mutation">("tabs:beat"),
};

type Tab = { client: ConvexClient; sessionId: string; date: string; start: number };

const sum = (record: Record<string, number> | undefined, match: (name: string) => boolean) =>
  Object.entries(record ?? {}).reduce((total, [name, n]) => total + (match(name) ? n : 0), 0);

/** Every tab beats once a second for `seconds`, staggered; returns how many beats landed. */
async function beatFor(tabs: Tab[], seconds: number, beat: (tab: Tab, seq: number) => Promise<unknown>) {
  let beats = 0;
  const start = Date.now() + 100;
  await Promise.all(
    tabs.map(async (tab, i) => {
      for (let k = 0; k < seconds; k++) {
        const at = start + k * 1000 + Math.floor((i * 1000) / tabs.length);
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
        await beat(tab, at);
        beats++;
      }
    }),
  );
  return beats;
}

async function appTabs(backend: Backend, pool: ClientPool, count: number): Promise<Tab[]> {
  const setup = pool.ws(backend);
  const clinic = await demoClinic(setup);
  const days = await freeDays(setup, clinic);
  const tabs: Tab[] = [];
  for (let i = 0; i < count; i++) {
    const client = pool.ws(backend);
    const sessionId = newSessionId();
    await toTimeStep(client, sessionId, clinic);
    const held = await holdNextFreeTime(client, sessionId, clinic, days);
    tabs.push({ client, sessionId, ...held });
    const [year, month] = held.date.split("-");
    for (const [query, args] of [
      [api.drafts.get, { sessionId }],
      [api.holds.mine, { sessionId }],
      [api.sessions.notice, { sessionId }],
      [api.availability.day, dayArgs(clinic, held.date)],
      [api.availability.month, { ...dayArgs(clinic, held.date), date: undefined, month: `${year}-${month}` }],
    ] as const) {
      watch(client, query, args as never);
    }
  }
  return tabs;
}

async function settled(backend: Backend): Promise<void> {
  // Subscriptions have answered once nothing has re-run for a moment.
  let last = -1;
  await waitFor(
    async () => {
      const total = sum((await backend.metrics()).rerunsByFunction, () => true);
      const still = total === last;
      last = total;
      return still;
    },
    { intervalMs: 300, timeoutMs: 30_000, message: "subscriptions to settle" },
  );
}

export async function measureHeartbeatReruns({ tabs: count, seconds }: { tabs: number; seconds: number }) {
  const pool = new ClientPool();
  const app = await startAppBackend();
  let appFigures;
  try {
    const tabs = await appTabs(app, pool, count);
    await settled(app);
    const before = await app.metrics();
    const beats = await beatFor(tabs, seconds, (tab, seq) =>
      tab.client.mutation(api.heartbeats.beat, { sessionId: tab.sessionId as never, seq, visible: true }),
    );
    await settled(app);
    const after = await app.metrics();
    const fromBeats = (m: typeof after, match: (name: string) => boolean) =>
      sum(m.rerunsByTableAndFunction.heartbeats, match);
    const isDraftOrAvailability = (name: string) =>
      name.startsWith("drafts:") || name.startsWith("availability:");
    appFigures = {
      heartbeat_rerun_draft_queries:
        fromBeats(after, isDraftOrAvailability) - fromBeats(before, isDraftOrAvailability),
      app_query_reruns_from_heartbeats: fromBeats(after, () => true) - fromBeats(before, () => true),
      beats_app: beats,
      tabs: tabs.map(({ date, start, sessionId }) => ({ date, start, sessionId })),
    };
  } finally {
    await pool.closeAll();
    await app.stop();
  }

  const docs = await startBackend({ functionsDir: path.join(REPO_ROOT, "bench", "sessionDoc", "convex") });
  try {
    const tabs: Tab[] = appFigures.tabs.map((tab) => ({ ...tab, client: pool.ws(docs) }));
    for (const tab of tabs) {
      await tab.client.mutation(variant.open, {
        sessionId: tab.sessionId,
        providerId: "maya",
        heldStart: tab.start,
      });
      const from = Date.parse(`${tab.date}T00:00:00Z`);
      watch(tab.client, variant.draft, { sessionId: tab.sessionId });
      watch(tab.client, variant.day, { providerId: "maya", from, to: from + DAY_MS });
    }
    await settled(docs);
    const before = await docs.metrics();
    const beats = await beatFor(tabs, seconds, (tab, seq) =>
      tab.client.mutation(variant.beat, { sessionId: tab.sessionId, seq }),
    );
    await settled(docs);
    const after = await docs.metrics();
    const isVariantRead = (name: string) => name === "tabs:draft" || name === "tabs:day";
    return {
      heartbeat_rerun_draft_queries: appFigures.heartbeat_rerun_draft_queries,
      session_doc_rerun_queries:
        sum(after.rerunsByFunction, isVariantRead) - sum(before.rerunsByFunction, isVariantRead),
      tabs: count,
      beats_app: appFigures.beats_app,
      beats_session_doc: beats,
      app_query_reruns_from_heartbeats: appFigures.app_query_reruns_from_heartbeats,
    } satisfies HeartbeatRerunsResult;
  } finally {
    await pool.closeAll();
    await docs.stop();
  }
}
