// What a query read, so that a commit re-runs only the subscriptions whose
// results it could have changed: index ranges scanned, documents fetched by
// ID, and whole tables (full scans, search, count).
import { compareValues, jsonToConvex, type Value } from "convex/values";

export type RangeExpr = {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  value: unknown;
};

/** A bound on an index key (the index's fields, then _creationTime and _id). */
export type KeyBound = { key: (Value | undefined)[]; inclusive: boolean };

type Range = {
  table: string;
  exprs: { type: RangeExpr["type"]; path: string[]; value: Value | undefined }[];
  /** The index's key fields, needed only when the range is bounded by keys. */
  keyPaths: string[][];
  lower?: KeyBound;
  upper?: KeyBound;
};

export type Doc = Record<string, Value | undefined> & { _id: string };

export class ReadSet {
  readonly ids = new Set<string>();
  readonly tables = new Set<string>();
  /** The tables of the documents in `ids`. */
  private readonly idTables = new Set<string>();
  readonly ranges: Range[] = [];
  /** Documents returned to the function (for metrics). */
  docsRead = 0;
  /** Every table in ids, tables and ranges; computed once the read set is complete. */
  private readTables: Set<string> | null = null;

  /** A document read by ID (`table` is null for an ID of no known table). */
  addId(id: string, table: string | null): void {
    this.ids.add(id);
    if (table !== null) this.idTables.add(table);
  }

  /**
   * Adds an index range. `lower`/`upper` narrow it to the part actually
   * scanned (e.g. up to the last document a `.first()` read), in ascending
   * key order over `keyFields`.
   */
  addRange(
    table: string,
    exprs: RangeExpr[],
    keyFields: string[] = [],
    lower?: KeyBound,
    upper?: KeyBound,
  ): void {
    this.ranges.push({
      table,
      exprs: exprs.map((e) => ({
        type: e.type,
        path: e.fieldPath.split("."),
        value: decodeBound(e.value),
      })),
      keyPaths: keyFields.map((f) => f.split(".")),
      lower,
      upper,
    });
  }

  /** Does this read set contain `doc` (a version of a document in `table`)? */
  contains(table: string, doc: Doc | null): boolean {
    if (doc === null) return false;
    if (this.tables.has(table) || this.ids.has(doc._id)) return true;
    return this.ranges.some(
      (r) =>
        r.table === table &&
        r.exprs.every((e) => matches(doc, e)) &&
        (r.lower === undefined || withinBound(doc, r.keyPaths, r.lower, 1)) &&
        (r.upper === undefined || withinBound(doc, r.keyPaths, r.upper, -1)),
    );
  }

  touchesTable(table: string): boolean {
    return this.tables.has(table) || this.ranges.some((r) => r.table === table) || this.ids.size > 0;
  }

  /**
   * Whether any of `tables` holds something this read set read: a cheap
   * first check, so a commit skips most subscriptions without testing each
   * written document against each range.
   */
  mayContainAny(tables: Set<string>): boolean {
    if (this.readTables === null) {
      this.readTables = new Set([...this.tables, ...this.idTables, ...this.ranges.map((r) => r.table)]);
    }
    for (const table of tables) if (this.readTables.has(table)) return true;
    return false;
  }
}

function decodeBound(value: unknown): Value | undefined {
  if (typeof value === "object" && value !== null && "$undefined" in value) return undefined;
  return jsonToConvex(value as never);
}

function fieldValue(doc: Doc, path: string[]): Value | undefined {
  let current: unknown = doc;
  for (const part of path) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current as Value | undefined;
}

function compareKeys(doc: Doc, keyPaths: string[][], key: (Value | undefined)[]): number {
  for (let i = 0; i < keyPaths.length && i < key.length; i++) {
    const cmp = compareValues(fieldValue(doc, keyPaths[i]), key[i]);
    if (cmp !== 0) return cmp;
  }
  return 0;
}

/** side 1: doc must be above the bound; side -1: below it. */
function withinBound(doc: Doc, keyPaths: string[][], bound: KeyBound, side: 1 | -1): boolean {
  const cmp = compareKeys(doc, keyPaths, bound.key) * side;
  return cmp > 0 || (cmp === 0 && bound.inclusive);
}

function matches(doc: Doc, expr: Range["exprs"][number]): boolean {
  const cmp = compareValues(fieldValue(doc, expr.path), expr.value);
  switch (expr.type) {
    case "Eq":
      return cmp === 0;
    case "Gt":
      return cmp > 0;
    case "Gte":
      return cmp >= 0;
    case "Lt":
      return cmp < 0;
    case "Lte":
      return cmp <= 0;
  }
}
