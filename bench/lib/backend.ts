// The benchmark's backends: the same local backend `npm run dev` uses,
// started through the conformance suite's helper (ephemeral ports, a fresh
// data dir, stopped on exit), on the app's functions or a variant's.
import type { Backend } from "../../local-backend/test/helpers.js";

export type { Backend };
export { ClientPool, startAppBackend, watch } from "../../local-backend/test/helpers.js";

export type BackendMemory = { rssMb: number; heapUsedMb: number };

/** The backend process's memory, as its own `process.memoryUsage()` reports it. */
export async function backendMemory(backend: Pick<Backend, "url">): Promise<BackendMemory> {
  const response = await fetch(`${backend.url}/_local/metrics`);
  const { memory } = (await response.json()) as { memory: NodeJS.MemoryUsage };
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed) };
}
