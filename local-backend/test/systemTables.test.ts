// The `_scheduled_functions` system table as Convex exposes it, read through
// `ctx.db.system` in live queries with the real `convex` clients: job
// documents with Convex's fields (name as a canonical path with `.js`, args,
// scheduledTime, completedTime, state) that re-run subscriptions on every
// state change, through the transitions Convex's backend makes:
// crates/model/src/scheduled_jobs/types.rs (ScheduledJobState: Pending;
// InProgress "only applies to actions"; Success; Failed(error); Canceled)
// and mod.rs (`complete` sets completed_ts; completing a canceled job is a
// no-op; `cancel` applies to Pending and InProgress jobs only).
import { expect, test } from "vitest";
import type { DocumentByName, SystemDataModel } from "convex/server";
import { api } from "./fixtures/conformance/convex/_generated/api.js";
import { startBackend, uid, watch, type Watched } from "./helpers.js";
import { useFixtureBackend } from "./fixtureBackend.js";

const { backend, clients } = useFixtureBackend();

type Job = DocumentByName<SystemDataModel, "_scheduled_functions">;
type Kind = Job["state"]["kind"];

/** The distinct state kinds a watched job went through, in order. */
function kinds(watched: Watched<Job | null>): Kind[] {
  const seen: Kind[] = [];
  for (const job of watched.values)
    if (job !== null && seen[seen.length - 1] !== job.state.kind) seen.push(job.state.kind);
  return seen;
}

test("an action job goes pending → inProgress → success in a live query, with Convex's fields", async () => {
  const client = clients.ws(backend());
  const listed = watch(client, api.jobs.list, {});
  await listed.waitFor(() => true);
  const signal = uid("signal");
  const id = await client.mutation(api.jobs.scheduleWaiter, { signal });
  const job = watch(client, api.jobs.get, { id });

  const running = await job.waitFor((j) => j?.state.kind === "inProgress", { what: "inProgress" });
  expect(running).toEqual({
    _id: id,
    _creationTime: expect.any(Number),
    // Convex records the canonicalized UDF path: the module with `.js`.
    name: "jobs.js:waitForSignal",
    args: [{ signal }],
    scheduledTime: expect.any(Number),
    state: { kind: "inProgress" },
  });
  await listed.waitFor((jobs) => jobs.some((j) => j._id === id && j.state.kind === "inProgress"), {
    what: "the list query to show the running job",
  });

  await client.mutation(api.counters.set, { name: signal, value: 1 });
  const done = await job.waitFor((j) => j?.state.kind === "success", { what: "success" });
  expect(done!.completedTime).toBeGreaterThanOrEqual(done!.scheduledTime);
  expect(["pending", "inProgress", "success"]).toEqual(expect.arrayContaining(kinds(job)));
  expect(kinds(job).slice(-2)).toEqual(["inProgress", "success"]);
  await listed.waitFor((jobs) => jobs.some((j) => j._id === id && j.state.kind === "success"), {
    what: "the list query to show the finished job",
  });
});

test("a mutation job goes pending → success without inProgress (that state only applies to actions)", async () => {
  const client = clients.ws(backend());
  const name = uid("mutation-job");
  const id = await client.mutation(api.counters.scheduleIncrement, { name, delayMs: 1500 });
  const job = watch(client, api.jobs.get, { id });
  const pending = await job.waitFor((j) => j !== null, { what: "the job" });
  expect(pending!.state).toEqual({ kind: "pending" });
  expect(pending!.name).toBe("counters.js:bumpInternal");
  expect(pending!.args).toEqual([{ name }]);
  expect(pending!.completedTime).toBeUndefined();

  const done = await job.waitFor((j) => j?.state.kind === "success", { what: "success" });
  expect(done!.completedTime).toBeGreaterThanOrEqual(done!.scheduledTime);
  expect(kinds(job)).toEqual(["pending", "success"]);
});

test("failing jobs end failed with their error and a completedTime", async () => {
  const client = clients.ws(backend());
  const ids = await client.mutation(api.jobs.scheduleFailures, {});
  const action = watch(client, api.jobs.get, { id: ids.action });
  const mutation = watch(client, api.jobs.get, { id: ids.mutation });
  const failedAction = await action.waitFor((j) => j?.state.kind === "failed", { what: "action failed" });
  const failedMutation = await mutation.waitFor((j) => j?.state.kind === "failed", {
    what: "mutation failed",
  });
  expect(failedAction!.state).toEqual({ kind: "failed", error: expect.stringContaining("action boom") });
  expect(failedMutation!.state).toEqual({ kind: "failed", error: expect.stringContaining("mutation boom") });
  expect(failedAction!.completedTime).toEqual(expect.any(Number));
  expect(failedMutation!.completedTime).toEqual(expect.any(Number));
  expect(kinds(mutation)).not.toContain("inProgress");
});

test("canceling a pending job marks it canceled with a completedTime, and it never runs", async () => {
  const client = clients.ws(backend());
  const name = uid("canceled");
  const id = await client.mutation(api.counters.scheduleIncrement, { name, delayMs: 60_000 });
  const job = watch(client, api.jobs.get, { id });
  await job.waitFor((j) => j?.state.kind === "pending");
  await client.mutation(api.jobs.cancel, { id });
  const canceled = await job.waitFor((j) => j?.state.kind === "canceled", { what: "canceled" });
  expect(canceled!.state).toEqual({ kind: "canceled" });
  expect(canceled!.completedTime).toEqual(expect.any(Number));
  expect(await clients.http(backend()).query(api.counters.get, { name })).toBeNull();
});

test("canceling a running action marks it canceled, and its finish does not overwrite that", async () => {
  const client = clients.ws(backend());
  const signal = uid("cancel-running");
  const id = await client.mutation(api.jobs.scheduleWaiter, { signal });
  const job = watch(client, api.jobs.get, { id });
  await job.waitFor((j) => j?.state.kind === "inProgress", { what: "inProgress" });
  await client.mutation(api.jobs.cancel, { id });
  await job.waitFor((j) => j?.state.kind === "canceled", { what: "canceled" });

  // Let the action finish; it records that it did.
  const finished = watch(client, api.counters.get, { name: `${signal}:done` });
  await client.mutation(api.counters.set, { name: signal, value: 1 });
  await finished.waitFor((row) => row?.value === 1, { what: "the action to finish" });
  expect((await clients.http(backend()).query(api.jobs.get, { id }))!.state).toEqual({ kind: "canceled" });
});

test("an action schedules through ctx.scheduler, and the job is recorded like a mutation's", async () => {
  const http = clients.http(backend());
  const name = uid("from-action");
  const id = await http.action(api.jobs.scheduleFromAction, { name, delayMs: 0 });
  const job = watch(clients.ws(backend()), api.jobs.get, { id });
  const done = await job.waitFor((j) => j?.state.kind === "success", { what: "success" });
  expect(done!.name).toBe("counters.js:bumpInternal");
  expect(await http.query(api.counters.get, { name })).toMatchObject({ value: 1 });
});

test("finished jobs are deleted once their retention is over (Convex keeps results 7 days: docs/scheduling/scheduled-functions.mdx); pending ones stay", async () => {
  const short = await startBackend({ env: { LOCAL_BACKEND_SCHEDULED_JOB_RETENTION_MS: "1000" } });
  try {
    const client = clients.ws(short);
    const finished = await client.mutation(api.counters.scheduleIncrement, {
      name: uid("short"),
      delayMs: 0,
    });
    const later = await client.mutation(api.counters.scheduleIncrement, {
      name: uid("later"),
      delayMs: 60_000,
    });
    const job = watch(client, api.jobs.get, { id: finished });
    await job.waitFor((j) => j?.state.kind === "success", { what: "success" });
    await job.waitFor((j) => j === null, { what: "the finished job to be deleted", from: job.values.length });
    expect((await clients.http(short).query(api.jobs.get, { id: later }))?.state).toEqual({
      kind: "pending",
    });
  } finally {
    await short.stop();
  }
});
