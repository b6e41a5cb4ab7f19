// Durability: the local backend keeps everything across a restart on the same
// data dir (documents with their IDs and creation times, env vars and auth
// keys, scheduled functions), after a clean stop and after a SIGKILL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { anyApi } from "convex/server";
import { ClientPool, startBackend, uid, waitFor, type Backend } from "./helpers.js";

const api = anyApi;
const dataDir = mkdtempSync(path.join(tmpdir(), "local-backend-durable-"));
const clients = new ClientPool();
let backend: Backend | null = null;

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function restart(how: "SIGTERM" | "SIGKILL", downUntil = 0): Promise<Backend> {
  if (backend !== null) {
    const exited = new Promise((resolve) => backend!.process.once("exit", resolve));
    backend.process.kill(how);
    await exited;
  }
  await waitFor(() => Date.now() > downUntil, { message: "the backend to have been down long enough" });
  backend = await startBackend({ dataDir });
  return backend;
}

test("documents keep their IDs, creation times and values, and env vars and auth keys stay, across a stop and a SIGKILL", async () => {
  let b = await restart("SIGTERM");
  const channel = uid("durable");
  const http = () => clients.http(b);
  for (const body of ["one", "two", "three"]) {
    await http().mutation(api.messages.send, { channel, author: "a", body });
  }
  await http().mutation(api.counters.set, { name: channel, value: 41 });
  await http().mutation(api.counters.increment, { name: channel });
  const messages = await http().query(api.messages.list, { channel });
  const counter = await http().query(api.counters.get, { name: channel });
  const jwks = await b.env.get("JWKS");
  await b.env.set("DURABLE_VAR", "kept");

  b = await restart("SIGTERM");
  expect(await http().query(api.messages.list, { channel })).toEqual(messages);
  expect(await http().query(api.counters.get, { name: channel })).toEqual(counter);
  expect(await b.env.get("JWKS")).toBe(jwks);
  expect(await b.env.get("DURABLE_VAR")).toBe("kept");

  // Acknowledged writes survive a SIGKILL straight after their answer.
  await http().mutation(api.messages.send, { channel, author: "a", body: "four" });
  await http().mutation(api.messages.remove, { id: (messages as { _id: string }[])[0]._id });
  const acknowledged = await http().query(api.messages.list, { channel });
  b = await restart("SIGKILL");
  expect(await http().query(api.messages.list, { channel })).toEqual(acknowledged);
  // New documents still get fresh, working IDs.
  await http().mutation(api.messages.send, { channel, author: "a", body: "five" });
  expect(await http().query(api.messages.list, { channel })).toHaveLength(4);
});

test("a scheduled function that falls due while the backend is down runs once on the next start, and never again", async () => {
  let b = await restart("SIGTERM");
  const name = uid("scheduled");
  const http = () => clients.http(b);
  const at = Date.now() + 1500;
  const jobId = (await http().mutation(api.counters.scheduleIncrementAt, { name, at })) as string;
  expect(await http().query(api.counters.jobState, { id: jobId })).toBe("pending");
  b = await restart("SIGKILL", at);
  await waitFor(async () => (await http().query(api.counters.jobState, { id: jobId })) === "success", {
    message: "the job to run after the restart",
  });
  expect(((await http().query(api.counters.get, { name })) as { value: number }).value).toBe(1);
  expect((await b.metrics()).executions["counters:bumpInternal"]).toBe(1);

  b = await restart("SIGTERM");
  expect(await http().query(api.counters.jobState, { id: jobId })).toBe("success");
  expect(((await http().query(api.counters.get, { name })) as { value: number }).value).toBe(1);
  expect((await b.metrics()).executions["counters:bumpInternal"] ?? 0).toBe(0);
});

test("an action a crash interrupts is marked failed on the next start, and does not run again", async () => {
  let b = await restart("SIGTERM");
  const http = () => clients.http(b);
  const jobId = (await http().mutation(api.counters.scheduleHang, {})) as string;
  await waitFor(async () => (await http().query(api.counters.jobState, { id: jobId })) === "inProgress", {
    message: "the action to start",
  });
  b = await restart("SIGKILL");
  expect(await http().query(api.counters.jobState, { id: jobId })).toBe("failed");
  expect((await b.metrics()).executions["actions:hang"] ?? 0).toBe(0);
});
