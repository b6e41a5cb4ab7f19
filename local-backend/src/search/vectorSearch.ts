// `ctx.vectorSearch` in actions, answered as Convex answers it
// (crates/vector/src): the query vector must have the index's dimensions,
// at most 256 results (10 by default), filters only on the index's filter
// fields (`q.eq` and `q.or` of them), results by cosine similarity, best
// first, as `{ _id, _score }`. Scores every document of the table: a local
// stand-in for Convex's vector index, not a performance model of it.
import type { JSONValue } from "convex/values";
import type { Doc } from "../readSet.js";
import { fieldValue, filterMatches, type FilterJson, type Transaction } from "../store/transaction.js";
import { limits } from "../limits/convexLimits.js";
import { tableDocuments } from "./tableDocuments.js";

const DEFAULT_LIMIT = 10;

export type VectorQuery = {
  indexName: string;
  limit?: number;
  vector: number[];
  expressions: JSONValue | null;
};
export type VectorResult = { _id: string; _score: number };

export function vectorSearch(txn: Transaction, query: VectorQuery): VectorResult[] {
  const [table, name] = query.indexName.split(".");
  const index = txn.catalog.vectorIndex(query.indexName);
  if (index === null)
    throw new Error(
      `Cannot use vector index "${name}" for table "${table}" because it is not declared in the schema.`,
    );
  if (query.vector.length !== index.dimensions)
    throw new Error(
      `Expected a vector with dimensions ${index.dimensions}, received ${query.vector.length}.`,
    );
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (limit > limits.vectorResults)
    throw new Error(`Vector queries can fetch at most ${limits.vectorResults} results, requested ${limit}.`);
  const filter = query.expressions as FilterJson | null;
  if (filter !== null) checkFilterFields(filter, index.filterFields, query.indexName);
  const scored: { doc: Doc; score: number }[] = [];
  for (const doc of tableDocuments(txn, table)) {
    const vector = fieldValue(doc, index.vectorField);
    if (!Array.isArray(vector) || vector.length !== index.dimensions) continue;
    if (filter !== null && !filterMatches([filter], doc)) continue;
    scored.push({ doc, score: cosine(query.vector, vector as number[]) });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, limit).map(({ doc, score }) => ({ _id: doc._id, _score: score }));
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Vector filters may only compare the index's filter fields (`q.eq`, combined with `q.or`). */
function checkFilterFields(expr: FilterJson, filterFields: string[], indexName: string): void {
  const [op, operand] = Object.entries(expr)[0] ?? [];
  if (op === "$or") {
    for (const inner of operand as FilterJson[]) checkFilterFields(inner, filterFields, indexName);
    return;
  }
  const field = op === "$eq" ? ((operand as FilterJson[])[0]?.$field as string | undefined) : undefined;
  if (field === undefined || !filterFields.includes(field))
    throw new Error(
      `Vector query against ${indexName} filters on ${field === undefined ? "an expression" : `"${field}"`}, which isn't indexed for filtering in \`filterFields\`.`,
    );
}
