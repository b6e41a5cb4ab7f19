// One writer at a time: mutations take turns in arrival order; committing
// the write group jumps the queue, so a steady stream of mutations cannot
// hold back the fsync their answers wait for.
export class WriterLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];
  private readonly urgent: (() => void)[] = [];

  acquire(priority: boolean): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => (priority ? this.urgent : this.waiting).push(resolve));
  }

  release(): void {
    const next = this.urgent.shift() ?? this.waiting.shift();
    if (next === undefined) this.held = false;
    else next();
  }
}
