// Scheduled functions, kept in the `_scheduled_functions` system table like
// a deployment's, so they survive a restart. Due jobs are found through the
// table's (state, scheduledTime) index; one timer waits for the next. A
// scheduled mutation runs in one transaction with its job's completion, so a
// crash before its commit leaves it pending and it runs again; an action is
// marked in progress first, and one interrupted by a crash is marked failed
// on the next start, as Convex does.
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { normalizeUdfPath, describeError } from "./engine.js";
import { host, rootTimeout } from "./hostContext.js";
import type { Doc } from "./readSet.js";
import { Transaction } from "./store/transaction.js";
import type { SqliteEngine } from "./sqliteEngine.js";
import { restoreErrorData } from "./runOutcome.js";

const TABLE = "_scheduled_functions";
const BATCH = 64;
const MAX_TIMER_MS = 60_000;

type JobState = { kind: "pending" | "inProgress" | "success" | "failed" | "canceled"; error?: string };
type Job = Doc & { name: string; args: Value[]; scheduledTime: number; state: JobState };

export class JobScheduler {
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Set<string>();
  private stopped = false;

  constructor(private readonly engine: SqliteEngine) {}

  /** Called by the `schedule` syscall inside a mutation: inserts the job. */
  schedule(txn: Transaction, args: Record<string, unknown>): string {
    const name =
      typeof args.name === "string"
        ? args.name
        : typeof args.functionHandle === "string"
          ? args.functionHandle.split(";").pop()!
          : null;
    if (name === null) throw new Error("Scheduling a function reference into a component is not supported.");
    const fnArgs = jsonToConvex(args.args as JSONValue);
    return txn.insert(TABLE, {
      name: canonicalUdfPath(name),
      args: [fnArgs],
      scheduledTime: (args.ts as number) * 1000,
      state: { kind: "pending" },
    });
  }

  cancel(txn: Transaction, id: string): void {
    const job = txn.get(id, TABLE) as Job | null;
    if (job === null) throw new Error(`Scheduled function ${id} not found`);
    if (job.state.kind === "pending" || job.state.kind === "inProgress")
      txn.patch(id, { state: { kind: "canceled" }, completedTime: Date.now() });
  }

  /** Marks actions a crash interrupted as failed, then runs what is due. */
  async start(): Promise<void> {
    const interrupted = this.jobs("inProgress", Infinity);
    if (interrupted.length > 0) {
      await this.engine.mutate((txn) => {
        for (const job of interrupted)
          txn.patch(job._id, {
            state: { kind: "failed", error: "Transient error while executing action" },
            completedTime: Date.now(),
          });
      });
    }
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) host.clearTimeout(this.timer);
  }

  /** Looks for due jobs now (after a commit that touched the table, or a timer). */
  wake(): void {
    if (this.stopped) return;
    if (this.timer !== null) host.clearTimeout(this.timer);
    this.timer = null;
    for (const job of this.jobs("pending", Date.now())) {
      if (this.running.has(job._id)) continue;
      this.running.add(job._id);
      void this.run(job).finally(() => {
        this.running.delete(job._id);
        this.wake();
      });
    }
    const next = this.jobs("pending", Infinity, this.running.size + 1).find(
      (job) => !this.running.has(job._id),
    );
    if (next !== undefined) {
      const delay = Math.min(Math.max(0, next.scheduledTime - Date.now()), MAX_TIMER_MS);
      this.timer = rootTimeout(() => this.wake(), delay);
      this.timer.unref();
    }
  }

  private jobs(kind: JobState["kind"], dueBy: number, limit = BATCH): Job[] {
    const txn = new Transaction(this.engine.store, this.engine.catalog, null, this.engine.snapshotTs);
    const range = [{ type: "Eq" as const, fieldPath: "state.kind", value: kind }];
    if (dueBy !== Infinity)
      range.push({ type: "Lte" as never, fieldPath: "scheduledTime", value: dueBy as never });
    const stream = txn.stream({
      source: { type: "IndexRange", indexName: `${TABLE}.by_state_time`, range, order: "asc" },
      operators: [{ limit }],
    });
    const out: Job[] = [];
    for (let doc = stream.next(); doc !== null; doc = stream.next()) out.push(doc as Job);
    return out;
  }

  private async run(job: Job): Promise<void> {
    const info = await this.engine.describe(job.name);
    const args = (job.args[0] ?? {}) as Record<string, Value>;
    try {
      if (info?.kind === "mutation") await this.runMutation(job, args);
      else if (info?.kind === "action") await this.runAction(job, args);
      else await this.finish(job._id, { kind: "failed", error: `${job.name} is not a mutation or action` });
    } catch (error) {
      host.console.error(`Scheduled ${job.name} (${job._id}): ${describeError(error)}`);
    }
  }

  /** The mutation and its job's completion commit together, or neither does. */
  private async runMutation(job: Job, args: Record<string, Value>): Promise<void> {
    const engine = this.engine;
    const failure = await engine.mutate(async (txn) => {
      const current = txn.get(job._id, TABLE) as Job | null;
      if (current === null || current.state.kind !== "pending") return null;
      try {
        await engine.runScheduled(job.name, () =>
          engine.nested(txn, (child) => engine.invoke("mutation", job.name, args, null, child)),
        );
      } catch (error) {
        return error;
      }
      txn.patch(job._id, { state: { kind: "success" }, completedTime: Date.now() });
      return null;
    });
    if (failure !== null) {
      logFailure(job, failure);
      await this.finish(job._id, { kind: "failed", error: describeError(restoreErrorData(failure)) });
    }
  }

  private async runAction(job: Job, args: Record<string, Value>): Promise<void> {
    const started = await this.engine.mutate((txn) => {
      const current = txn.get(job._id, TABLE) as Job | null;
      if (current === null || current.state.kind !== "pending") return false;
      txn.patch(job._id, { state: { kind: "inProgress" } });
      return true;
    });
    if (!started) return;
    try {
      await this.engine.runScheduled(job.name, () => this.engine.actionValue(job.name, args, null));
      await this.finish(job._id, { kind: "success" });
    } catch (error) {
      logFailure(job, error);
      await this.finish(job._id, { kind: "failed", error: describeError(restoreErrorData(error)) });
    }
  }

  private async finish(id: string, state: JobState): Promise<void> {
    await this.engine.mutate((txn) => {
      const job = txn.get(id, TABLE) as Job | null;
      if (job !== null && job.state.kind !== "canceled")
        txn.patch(id, { state: convexToJson(state), completedTime: Date.now() });
    });
  }
}

/**
 * A job's `name` as Convex records it: the module path with its `.js`
 * extension, e.g. `messages.js:sendMessage` (sync_types' canonicalized UDF
 * path, which `PublicScheduledJob.name` carries).
 */
function canonicalUdfPath(path: string): string {
  const [modulePath, exportName] = normalizeUdfPath(path).split(":");
  return `${modulePath}.js:${exportName}`;
}

function logFailure(job: Job, error: unknown): void {
  host.console.error(
    `Error when running scheduled function ${job.name}: ${describeError(restoreErrorData(error))}`,
  );
}
