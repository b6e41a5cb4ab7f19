// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs
// inside the COMMIT that takes the WAL past 1000 pages: it copies them into
// the database file and fsyncs it on the thread that committed, a stall of
// several milliseconds every few hundred commits in which the backend
// answers nothing (a restoring tab's query included). The engine turns the
// writer's automatic checkpoints off; a worker thread runs a passive
// checkpoint every so many commits instead (or a second after the last, so a
// large write is not left in the WAL), one at a time, which holds back
// neither writers nor readers. Its connection is open only while it
// checkpoints, and the store closes after it, so the store's own connection
// stays the last to close (which checkpoints and removes the WAL, as before).
// If the worker fails, the writer checkpoints for itself again.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { host, rootTimeout } from "../hostContext.js";

/** Write groups committed between checkpoints (each a few WAL pages: about SQLite's 1000-page default). */
const COMMITS_PER_CHECKPOINT = 200;
/** A checkpoint runs this long after a commit at the latest. */
const CHECKPOINT_DELAY_MS = 1_000;

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
parentPort.on("message", () => {
  let failure = null;
  try {
    const db = new Database(workerData.file);
    try {
      db.pragma("wal_checkpoint(PASSIVE)");
    } finally {
      db.close();
    }
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

  private timer: NodeJS.Timeout | null = null;
  private readonly log: (line: string) => void;
  private readonly commitsPerCheckpoint: number;
  private readonly delayMs: number;

  constructor(
    private readonly store: CheckpointTarget,
    options: { log?: (line: string) => void; commitsPerCheckpoint?: number; delayMs?: number } = {},
  ) {
    this.log = options.log ?? (() => undefined);
    this.commitsPerCheckpoint = options.commitsPerCheckpoint ?? COMMITS_PER_CHECKPOINT;
    this.delayMs = options.delayMs ?? CHECKPOINT_DELAY_MS;
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER, { eval: true, workerData: { file: store.file, driver } });
    this.worker.unref();
    this.worker.on("message", (failure: string | null) => {
      this.running = false;
      if (failure !== null) this.fail(failure);
      else this.next();
    });
    this.worker.on("error", (error) => {
      this.running = false;
      this.fail(error.message);
    });
    store.autoCheckpoint(0);
  }

  /** Counts a committed write group; checkpoints (in the worker) after so many, or soon after the last. */
  afterCommit(): void {
    this.commits += 1;
    this.next();
  }

  /** Stops checkpointing; resolves once no checkpoint runs (at once if none does), so the store may close. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.disarm();
    }
    if (!this.running) {
      void this.worker.terminate();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        void this.worker.terminate();
        resolve();
      };
      this.worker.once("message", done).once("error", done).once("exit", done);
    });
  }

  /** Starts a checkpoint if enough commits wait for one, or arms the timer for the ones that do. */
  private next(): void {
    if (this.running || this.failed || this.closed || this.commits === 0) return;
    if (this.commits >= this.commitsPerCheckpoint) return this.run();
    if (this.timer !== null) return;
    this.timer = rootTimeout(() => {
      this.timer = null;
      if (!this.running && !this.failed && !this.closed && this.commits > 0) this.run();
    }, this.delayMs);
    this.timer.unref();
  }

  private run(): void {
    this.disarm();
    this.commits = 0;
    this.running = true;
    this.worker.postMessage("checkpoint");
  }

  private disarm(): void {
    if (this.timer !== null) host.clearTimeout(this.timer);
    this.timer = null;
  }

  private fail(reason: string): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    this.disarm();
    this.log(`WAL checkpoints moved back to the writer: ${reason}`);
    this.store.autoCheckpoint(1000);
    void this.worker.terminate();
  }
}
