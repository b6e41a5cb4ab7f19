// Counters that tests and benchmarks read from GET /_local/metrics, e.g. to
// prove that a heartbeat write re-ran no draft query.
export class Metrics {
  commits = 0;
  readonly rerunsByFunction = new Map<string, number>();
  readonly rerunsByTable = new Map<string, number>();

  rerun(udfPath: string, tables: Iterable<string>): void {
    bump(this.rerunsByFunction, udfPath);
    for (const table of tables) bump(this.rerunsByTable, table);
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
