// What a query read, so that a commit re-runs only the subscriptions whose
// results it could have changed: index ranges scanned, documents fetched by
// ID, and whole tables (full scans, search, count).
import { compareValues, jsonToConvex, type Value } from "convex/values";

export type RangeExpr = {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  value: unknown;
};

type Range = { table: string; exprs: { type: RangeExpr["type"]; path: string[]; value: Value | undefined }[] };

export type Doc = Record<string, Value | undefined> & { _id: string };

export class ReadSet {
  readonly ids = new Set<string>();
  readonly tables = new Set<string>();
  readonly ranges: Range[] = [];
  /** Documents returned to the function (for metrics). */
  docsRead = 0;

  addRange(table: string, exprs: RangeExpr[]): void {
    this.ranges.push({
      table,
      exprs: exprs.map((e) => ({
        type: e.type,
        path: e.fieldPath.split("."),
        value: decodeBound(e.value),
      })),
    });
  }

  /** Does this read set contain `doc` (a version of a document in `table`)? */
  contains(table: string, doc: Doc | null): boolean {
    if (doc === null) return false;
    if (this.tables.has(table) || this.ids.has(doc._id)) return true;
    return this.ranges.some((r) => r.table === table && r.exprs.every((e) => matches(doc, e)));
  }

  touchesTable(table: string): boolean {
    return this.tables.has(table) || this.ranges.some((r) => r.table === table) || this.ids.size > 0;
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

export function tableOfId(id: string): string {
  return id.replace(/^[0-9]+/, "");
}
