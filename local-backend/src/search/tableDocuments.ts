// Every live document of a table at a transaction's read timestamp, in
// creation order, read straight from the store: search and vector queries
// rank them first and count as read only the results they then return.
import type { Doc } from "../readSet.js";
import { afterPrefix, encodeKey } from "../store/indexKey.js";
import type { Transaction } from "../store/transaction.js";

const BATCH = 512;

export function* tableDocuments(txn: Transaction, table: string): Generator<Doc> {
  const index = txn.catalog.index(`${table}.by_creation_time`);
  if (index === null) return;
  const base = encodeKey([]);
  let lower = { key: base, inclusive: true };
  const upper = { key: afterPrefix(base), inclusive: false };
  for (;;) {
    const rows = txn.scan(index, lower, upper, "asc", BATCH);
    for (const row of rows) {
      if (row.deleted) continue;
      const doc = txn.load(row.document_id);
      if (doc !== null) yield doc;
    }
    if (rows.length < BATCH) return;
    lower = { key: rows[rows.length - 1].key, inclusive: false };
  }
}
