// Lets a flush see one snapshot: while it drains commits and re-runs the
// affected queries, no client mutation may commit, so every result in a
// Transition reflects the same writes. Client mutations pass the gate
// together; a flush waits for those in progress and holds new ones back.
export class WriteGate {
  private active = 0;
  private closed: Promise<void> | null = null;
  private onIdle: (() => void) | null = null;

  async run<T>(mutation: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.active++;
    try {
      return await mutation();
    } finally {
      this.active--;
      if (this.active === 0) this.onIdle?.();
    }
  }

  /** Runs `work` with no client mutation in progress or starting. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    let reopen!: () => void;
    this.closed = new Promise((resolve) => (reopen = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
      this.onIdle = null;
      return await work();
    } finally {
      this.closed = null;
      reopen();
    }
  }
}
