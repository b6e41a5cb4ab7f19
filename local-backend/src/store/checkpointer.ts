// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs
// inside the COMMIT that takes the WAL past 1000 pages: it copies them into
// the database file and fsyncs it on the thread that committed, a stall of
// several milliseconds every few hundred commits in which the backend
// answers nothing (a restoring tab's query included). The engine turns the
// writer's automatic checkpoints off; this worker thread's own connection
// runs a passive checkpoint every few commits instead, one at a time, which
// holds back neither writers nor readers. If the worker fails, the writer
// checkpoints for itself again.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Write groups committed between checkpoints (each a few WAL pages: about SQLite's 1000-page default). */
const COMMITS_PER_CHECKPOINT = 200;

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  let failure = null;
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    failure = String(error);
  }
  parentPort.postMessage(failure);
});
`;

export type CheckpointTarget = {
  readonly file: string;
  /** Pages the WAL may grow by before a COMMIT checkpoints it itself (0: never). */
  autoCheckpoint(pages: number): void;
};

export class Checkpointer {
  private readonly worker: Worker;
  private commits = 0;
  private running = false;
  private failed = false;
  private closed = false;

  private readonly log: (line: string) => void;
  private readonly commitsPerCheckpoint: number;

  constructor(
    private readonly store: CheckpointTarget,
    options: { log?: (line: string) => void; commitsPerCheckpoint?: number } = {},
  ) {
    this.log = options.log ?? (() => undefined);
    this.commitsPerCheckpoint = options.commitsPerCheckpoint ?? COMMITS_PER_CHECKPOINT;
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER, { eval: true, workerData: { file: store.file, driver } });
    this.worker.unref();
    this.worker.on("message", (failure: string | null) => {
      this.running = false;
      if (failure !== null) this.fail(failure);
      else this.maybeRun();
    });
    this.worker.on("error", (error) => this.fail(error.message));
    store.autoCheckpoint(0);
  }

  /** Counts a committed write group; every so many, checkpoints (in the worker). */
  afterCommit(): void {
    this.commits += 1;
    this.maybeRun();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.failed) this.worker.postMessage("close");
  }

  private maybeRun(): void {
    if (this.running || this.failed || this.closed || this.commits < this.commitsPerCheckpoint) return;
    this.commits = 0;
    this.running = true;
    this.worker.postMessage("checkpoint");
  }

  private fail(reason: string): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.log(`WAL checkpoints moved back to the writer: ${reason}`);
    this.store.autoCheckpoint(1000);
    void this.worker.terminate();
  }
}
