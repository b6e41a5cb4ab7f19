// durability: the app's tab load (heartbeats and autosaves of N tabs) on the
// durable SQLite engine, whose mutations answer only after an fsync'd
// commit, and the same load on the old in-memory engine in the same run;
// then the time until a restarted backend first answers, and its memory,
// with 100,000 and 1,000,000 small documents in its data dir.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConvexHttpClient } from "convex/browser";
import { api } from "../convex/_generated/api.js";
import { REPO_ROOT, startBackend } from "../local-backend/test/helpers.js";
import { Catalog } from "../local-backend/src/store/catalog.js";
import { SqliteStore } from "../local-backend/src/store/sqliteStore.js";
import { Transaction } from "../local-backend/src/store/transaction.js";
import { backendMemory, type BackendMemory } from "./lib/backend.js";
import { measureLoad, type LoadResult } from "./load.js";
import { round } from "./lib/stats.js";

export type RestartResult = { docs: number; first_answer_ms: number; backend_memory_mb: BackendMemory };
export type DurabilityResult = {
  load: Record<string, { sqlite: LoadResult; memory: LoadResult }>;
  restart: RestartResult[];
};

const APP_DIR = path.join(REPO_ROOT, "convex");

function startApp(engine: "sqlite" | "memory", dataDir?: string) {
  return startBackend({
    functionsDir: APP_DIR,
    dataDir,
    extraArgs: ["--run", "seed:ensureDemoData", "--engine", engine],
    readyTimeoutMs: 300_000,
  });
}

/** Writes `count` small documents straight into a data dir's store, in large transactions. */
function fill(dataDir: string, count: number): void {
  const store = new SqliteStore(dataDir);
  try {
    const catalog = new Catalog(store);
    const batch = 20_000;
    for (let done = 0; done < count; done += batch) {
      store.transaction(() => {
        const ts = Date.now() * 1000 + done;
        const txn = new Transaction(store, catalog, ts, ts);
        for (let i = done; i < Math.min(count, done + batch); i++) {
          txn.insert("benchFiller", { n: i, label: `doc ${i}` });
        }
        catalog.persist();
        store.setGlobal("max_ts", ts);
      });
    }
  } finally {
    store.close();
  }
}

async function measureRestart(docs: number): Promise<RestartResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-durable-"));
  try {
    // A first start seeds the app's catalog; then the data dir gets its documents.
    await (await startApp("sqlite", dataDir)).stop();
    fill(dataDir, docs);
    const t0 = performance.now();
    const backend = await startApp("sqlite", dataDir);
    try {
      await new ConvexHttpClient(backend.url, { logger: false }).query(api.catalog.services, {});
      const first_answer_ms = round(performance.now() - t0);
      return { docs, first_answer_ms, backend_memory_mb: await backendMemory(backend) };
    } finally {
      await backend.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function measureDurability(options: {
  loads: number[];
  seconds: number;
  restartDocs: number[];
}): Promise<DurabilityResult> {
  const load: DurabilityResult["load"] = {};
  for (const n of options.loads) {
    const figures: Partial<Record<"sqlite" | "memory", LoadResult>> = {};
    for (const engine of ["sqlite", "memory"] as const) {
      console.log(`  ${engine} engine, ${n} tabs for ${options.seconds} s…`);
      const backend = await startApp(engine);
      try {
        figures[engine] = await measureLoad(n, options.seconds, backend);
      } finally {
        await backend.stop();
      }
    }
    load[n] = figures as { sqlite: LoadResult; memory: LoadResult };
  }
  const restart: RestartResult[] = [];
  for (const docs of options.restartDocs) {
    console.log(`  restart with ${docs} documents…`);
    restart.push(await measureRestart(docs));
  }
  return { load, restart };
}
