// Finished scheduled jobs are deleted once they have been complete for 7
// days, as on Convex ("Scheduled function results are available for 7 days
// after they have completed", docs/scheduling/scheduled-functions.mdx; the
// backend's SCHEDULED_JOB_RETENTION knob), so `_scheduled_functions` does
// not grow forever. Jobs are found through the table's completedTime index,
// in batches, by a sweep that runs at start and then periodically.
// LOCAL_BACKEND_SCHEDULED_JOB_RETENTION_MS shortens the window (for tests).
import { host, rootTimeout } from "./hostContext.js";
import { Transaction } from "./store/transaction.js";
import type { SqliteEngine } from "./sqliteEngine.js";
import { describeError } from "./engine.js";

const TABLE = "_scheduled_functions";
const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const BATCH = 100;

export class ScheduledJobRetention {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  readonly retentionMs: number;

  constructor(private readonly engine: SqliteEngine) {
    const configured = Number(process.env.LOCAL_BACKEND_SCHEDULED_JOB_RETENTION_MS);
    this.retentionMs = Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_RETENTION_MS;
  }

  start(): void {
    void this.sweep();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) host.clearTimeout(this.timer);
  }

  private async sweep(): Promise<void> {
    try {
      const cutoff = Date.now() - this.retentionMs;
      for (let expired = this.expired(cutoff); expired.length > 0; expired = this.expired(cutoff)) {
        if (this.stopped) return;
        await this.engine.mutate((txn) => {
          for (const id of expired) if (txn.get(id, TABLE) !== null) txn.delete(id, TABLE);
        });
        if (expired.length < BATCH) break;
      }
    } catch (error) {
      host.console.error(`Deleting expired scheduled jobs failed: ${describeError(error)}`);
    }
    if (this.stopped) return;
    this.timer = rootTimeout(() => void this.sweep(), Math.min(this.retentionMs, MAX_SWEEP_INTERVAL_MS));
    this.timer.unref();
  }

  /** Jobs completed (success, failure or cancel) at or before `cutoff`. */
  private expired(cutoff: number): string[] {
    const txn = new Transaction(this.engine.store, this.engine.catalog, null, this.engine.snapshotTs);
    const stream = txn.stream({
      source: {
        type: "IndexRange",
        indexName: `${TABLE}.by_completed_time`,
        range: [
          { type: "Gte", fieldPath: "completedTime", value: 0 },
          { type: "Lte", fieldPath: "completedTime", value: cutoff },
        ],
        order: "asc",
      },
      operators: [{ limit: BATCH }],
    });
    const ids: string[] = [];
    for (let doc = stream.next(); doc !== null; doc = stream.next()) ids.push(doc._id);
    return ids;
  }
}
