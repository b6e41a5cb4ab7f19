// Crash safety: 40 clients write in a loop, and the backend is SIGKILLed at
// a random moment, five times over, restarting on the same data dir. Every
// acknowledged mutation must be there after each restart, and no mutation
// half applied (each writes a message and moves its counter together).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { anyApi } from "convex/server";
import { ConvexHttpClient } from "convex/browser";
import { startBackend, uid, waitFor, type Backend } from "./helpers.js";

const api = anyApi;
const CLIENTS = 40;
const CRASHES = 5;
const dataDir = mkdtempSync(path.join(tmpdir(), "local-backend-crash-"));
let backend: Backend | null = null;

afterAll(async () => {
  await backend?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Writer = { name: string; acknowledged: number; inFlight: number | null };

/** Each writer sends seq 1, 2, 3… one at a time, until its requests start failing. */
async function writeUntilKilled(url: string, writer: Writer): Promise<void> {
  const client = new ConvexHttpClient(url, { logger: false });
  for (;;) {
    const seq = writer.acknowledged + 1;
    writer.inFlight = seq;
    try {
      await client.mutation(api.counters.appendAndCount, { name: writer.name, seq });
    } catch {
      return;
    }
    writer.acknowledged = seq;
    writer.inFlight = null;
  }
}

test(`${CRASHES} SIGKILLs in the middle of a ${CLIENTS}-client write load lose no acknowledged write and leave none half applied`, async () => {
  const writers: Writer[] = Array.from({ length: CLIENTS }, (_, i) => ({
    name: uid(`crash-${i}`),
    acknowledged: 0,
    inFlight: null,
  }));
  let totalAcknowledged = 0;
  backend = await startBackend({ dataDir });
  for (let crash = 0; crash < CRASHES; crash++) {
    const url = backend.url;
    const load = Promise.all(writers.map((writer) => writeUntilKilled(url, writer)));
    // Kill at a random moment once the load is under way.
    const before = writers.reduce((sum, w) => sum + w.acknowledged, 0);
    const target = before + 20 + Math.floor(Math.random() * 300);
    await waitFor(() => writers.reduce((sum, w) => sum + w.acknowledged, 0) >= target, {
      timeoutMs: 30_000,
      intervalMs: 1,
      message: "the write load",
    });
    const killed = backend;
    const exited = new Promise((resolve) => killed.process.once("exit", resolve));
    killed.process.kill("SIGKILL");
    await exited;
    await load;

    backend = await startBackend({ dataDir });
    const http = new ConvexHttpClient(backend.url, { logger: false });
    for (const writer of writers) {
      const counter = (await http.query(api.counters.get, { name: writer.name })) as { value: number } | null;
      const messages = (await http.query(api.messages.list, { channel: writer.name })) as { body: string }[];
      const value = counter?.value ?? 0;
      // Acknowledged: present. The one in flight at the kill: all there or not at all.
      expect(value).toBeGreaterThanOrEqual(writer.acknowledged);
      expect(value).toBeLessThanOrEqual(writer.inFlight ?? writer.acknowledged);
      expect(messages.map((m) => Number(m.body))).toEqual(Array.from({ length: value }, (_, i) => i + 1));
      writer.acknowledged = value;
      writer.inFlight = null;
    }
    totalAcknowledged = writers.reduce((sum, w) => sum + w.acknowledged, 0);
  }
  expect(totalAcknowledged).toBeGreaterThan(CRASHES * 20);
});
