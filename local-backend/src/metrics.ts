// Counters that tests and benchmarks read from GET /_local/metrics, e.g. to
// prove that a heartbeat write re-ran no draft query.
export class Metrics {
  commits = 0;
  readonly rerunsByFunction = new Map<string, number>();
  readonly rerunsByTable = new Map<string, number>();
  /** table -> query -> re-runs that writes to that table caused. */
  readonly rerunsByTableAndFunction = new Map<string, Map<string, number>>();
  /** query -> documents its runs read (index range results and gets), summed. */
  readonly docsRead = new Map<string, number>();

  rerun(udfPath: string, tables: Iterable<string>): void {
    bump(this.rerunsByFunction, udfPath);
    for (const table of tables) {
      bump(this.rerunsByTable, table);
      let byFunction = this.rerunsByTableAndFunction.get(table);
      if (byFunction === undefined)
        this.rerunsByTableAndFunction.set(table, (byFunction = new Map<string, number>()));
      bump(byFunction, udfPath);
    }
  }

  read(udfPath: string, docs: number): void {
    bump(this.docsRead, udfPath, docs);
  }

  toJSON() {
    return {
      rerunsByFunction: Object.fromEntries(this.rerunsByFunction),
      rerunsByTable: Object.fromEntries(this.rerunsByTable),
      rerunsByTableAndFunction: Object.fromEntries(
        [...this.rerunsByTableAndFunction].map(([table, byFunction]) => [
          table,
          Object.fromEntries(byFunction),
        ]),
      ),
      docsRead: Object.fromEntries(this.docsRead),
      commits: this.commits,
    };
  }
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
