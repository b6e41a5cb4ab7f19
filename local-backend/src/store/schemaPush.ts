// A schema push against stored data: which existing documents the new
// schema would reject (the push is refused if any), and bringing the
// `indexes` table in line with the declared indexes (backfilling new ones,
// dropping removed ones) in one durable transaction.
import type { Catalog, Schema } from "./catalog.js";
import type { SqliteStore } from "./sqliteStore.js";
import { indexKey, Transaction } from "./transaction.js";
import { validate, ValidationError, type ValidatorJson } from "./validate.js";

const HEAD = Number.MAX_SAFE_INTEGER;

/** Latest live documents of a table, in creation order, read through its by_creation_time index. */
export function* tableDocuments(store: SqliteStore, catalog: Catalog, table: string) {
  const txn = new Transaction(store, catalog, null, HEAD);
  const stream = txn.stream({ source: { type: "FullTableScan", tableName: table }, operators: [] });
  for (let doc = stream.next(); doc !== null; doc = stream.next()) yield doc;
}

/** What a schema declares, as one string (to tell whether a push changes anything). */
export function schemaFingerprint(schema: Schema): string {
  if (schema === null) return "null";
  const tables = Object.entries(schema.tables).map(([name, definition]) => [
    name,
    (definition as unknown as { export(): unknown }).export(),
  ]);
  return JSON.stringify({ validation: schema.schemaValidation, tables });
}

export function schemaViolations(store: SqliteStore, catalog: Catalog, schema: Schema): string[] {
  if (schema === null || !schema.schemaValidation) return [];
  const violations: string[] = [];
  for (const [table, definition] of Object.entries(schema.tables)) {
    const { documentType } = (
      definition as unknown as { export(): { documentType: ValidatorJson } }
    ).export();
    for (const doc of tableDocuments(store, catalog, table)) {
      try {
        const { _id, _creationTime, ...fields } = doc;
        validate(documentType, fields, (id) => catalog.tableOf(id));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        violations.push(`Document ${doc._id} in table "${table}": ${error.message.split("\n").join(" ")}`);
      }
    }
  }
  return violations;
}

/** Declared index definitions vs stored ones: backfill the new, drop the gone. */
export function reconcileIndexes(store: SqliteStore, catalog: Catalog): void {
  const stored = store.getGlobal<Record<string, string[]>>("indexes") ?? {};
  const declared: Record<string, string[]> = {};
  const tables = new Set([...catalog.tables(), ...catalog.schemaTables()]);
  for (const table of tables)
    for (const index of catalog.indexesOf(table)) declared[index.id] = index.keyFields;
  store.transaction(() => {
    for (const [id, fields] of Object.entries(stored)) {
      if (JSON.stringify(declared[id]) !== JSON.stringify(fields)) store.deleteIndex(id);
    }
    for (const [id, fields] of Object.entries(declared)) {
      if (JSON.stringify(stored[id]) === JSON.stringify(fields)) continue;
      const [table] = id.split(".");
      const index = catalog.index(id)!;
      // Read through the table's by_creation_time index, which every write keeps.
      for (const doc of tableDocuments(store, catalog, table)) {
        const row = store.getDoc("writer", doc._id, HEAD)!;
        store.putIndex(id, indexKey(index, doc), row.ts, false, doc._id);
      }
    }
    store.setGlobal("indexes", declared);
  });
}
