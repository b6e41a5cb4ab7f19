// Orders writes against query runs. A query run (exclusive) sees no client
// mutation half-done: it waits for the mutations in progress and holds new
// ones back. Mutations pass one at a time (the engine runs them one at a time
// anyway), so a query waits for at most the one in progress, never for a
// queue of them: 40 sign-ups, each hashing a password inside its mutation,
// delay a query by one hash, not by forty.
export class WriteGate {
  private active = 0;
  /** Mutations waiting to start, in arrival order; started with `active` already counted. */
  private readonly waitingWriters: (() => void)[] = [];
  private exclusiveHeld: Promise<void> | null = null;
  private onIdle: (() => void) | null = null;

  constructor(private readonly maxWriters = 1) {}

  async run<T>(mutation: () => Promise<T>): Promise<T> {
    if (this.exclusiveHeld !== null || this.active >= this.maxWriters || this.waitingWriters.length > 0) {
      await new Promise<void>((resolve) => this.waitingWriters.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await mutation();
    } finally {
      this.active--;
      if (this.active === 0) this.onIdle?.();
      this.startWaitingWriters();
    }
  }

  /** Runs `work` with no mutation in progress or starting. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.exclusiveHeld !== null) await this.exclusiveHeld;
    let release!: () => void;
    this.exclusiveHeld = new Promise((resolve) => (release = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
      this.onIdle = null;
      return await work();
    } finally {
      this.exclusiveHeld = null;
      release();
      this.startWaitingWriters();
    }
  }

  private startWaitingWriters(): void {
    while (this.exclusiveHeld === null && this.active < this.maxWriters && this.waitingWriters.length > 0) {
      this.active++;
      this.waitingWriters.shift()!();
    }
  }
}
