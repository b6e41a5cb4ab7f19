// What the store knows about tables: the table-name ↔ table-number registry
// that document IDs carry (persisted in globals, so IDs decode after a
// restart), and each table's indexes with their key fields: the schema's,
// then _creationTime and _id, plus the system indexes every table has.
import type { GenericSchema, SchemaDefinition } from "convex/server";
import { TableNumbers, newDocumentId, tableOfDocumentId } from "../documentIds.js";
import type { SqliteStore } from "./sqliteStore.js";
import type { ValidatorJson } from "./validate.js";

export type IndexDef = { id: string; table: string; name: string; keyFields: string[] };
export type SearchIndexDef = { table: string; name: string; searchField: string; filterFields: string[] };
export type VectorIndexDef = {
  table: string;
  name: string;
  vectorField: string;
  dimensions: number;
  filterFields: string[];
};
type TableExport = {
  documentType: ValidatorJson;
  indexes: { indexDescriptor: string; fields: string[] }[];
  searchIndexes?: { indexDescriptor: string; searchField: string; filterFields: string[] }[];
  vectorIndexes?: {
    indexDescriptor: string;
    vectorField: string;
    dimensions: number;
    filterFields: string[];
  }[];
};
export type Schema = SchemaDefinition<GenericSchema, boolean> | null;

const SYSTEM_TABLES: Record<string, { name: string; fields: string[] }[]> = {
  _scheduled_functions: [
    { name: "by_state_time", fields: ["state.kind", "scheduledTime"] },
    { name: "by_completed_time", fields: ["completedTime"] },
  ],
  _storage: [{ name: "by_sha256", fields: ["sha256"] }],
};

export class Catalog {
  private readonly numbers: TableNumbers;
  private schemaIndexes = new Map<string, IndexDef[]>();
  private validators = new Map<string, ValidatorJson>();
  private searchIndexes = new Map<string, SearchIndexDef>();
  private vectorIndexes = new Map<string, VectorIndexDef>();
  private registryChanged = false;
  schemaValidation = false;

  constructor(private readonly store: SqliteStore) {
    this.numbers = new TableNumbers(Object.entries(store.getGlobal<Record<string, number>>("tables") ?? {}));
  }

  /** Replaces the schema's tables and indexes (system indexes always stay). */
  setSchema(schema: Schema): void {
    this.schemaIndexes.clear();
    this.validators.clear();
    this.searchIndexes.clear();
    this.vectorIndexes.clear();
    this.schemaValidation = schema?.schemaValidation ?? false;
    for (const [table, definition] of Object.entries(schema?.tables ?? {})) {
      const exported = (definition as unknown as { export(): TableExport }).export();
      this.validators.set(table, exported.documentType);
      for (const { indexDescriptor: name, ...index } of exported.searchIndexes ?? [])
        this.searchIndexes.set(`${table}.${name}`, { table, name, ...index });
      for (const { indexDescriptor: name, ...index } of exported.vectorIndexes ?? [])
        this.vectorIndexes.set(`${table}.${name}`, { table, name, ...index });
      this.schemaIndexes.set(
        table,
        exported.indexes.map((index) => ({
          id: `${table}.${index.indexDescriptor}`,
          table,
          name: index.indexDescriptor,
          keyFields: [...index.fields, "_creationTime", "_id"],
        })),
      );
    }
  }

  schemaTables(): string[] {
    return [...this.validators.keys()];
  }

  validatorOf(table: string): ValidatorJson | undefined {
    return this.schemaValidation ? this.validators.get(table) : undefined;
  }

  /** Every index a table's documents are kept in. */
  indexesOf(table: string): IndexDef[] {
    const system = [
      { id: `${table}.by_id`, table, name: "by_id", keyFields: ["_id"] },
      {
        id: `${table}.by_creation_time`,
        table,
        name: "by_creation_time",
        keyFields: ["_creationTime", "_id"],
      },
      ...(SYSTEM_TABLES[table] ?? []).map((index) => ({
        id: `${table}.${index.name}`,
        table,
        name: index.name,
        keyFields: [...index.fields, "_creationTime", "_id"],
      })),
    ];
    return [...system, ...(this.schemaIndexes.get(table) ?? [])];
  }

  /** An index by its "table.index" name, or null if it is not declared. */
  index(indexName: string): IndexDef | null {
    const [table, name] = indexName.split(".");
    return this.indexesOf(table).find((index) => index.name === name) ?? null;
  }

  /** A search index by its "table.index" name, or null if the schema does not declare it. */
  searchIndex(indexName: string): SearchIndexDef | null {
    return this.searchIndexes.get(indexName) ?? null;
  }

  /** A vector index by its "table.index" name, or null if the schema does not declare it. */
  vectorIndex(indexName: string): VectorIndexDef | null {
    return this.vectorIndexes.get(indexName) ?? null;
  }

  tables(): string[] {
    return this.numbers.entries().map(([name]) => name);
  }

  /** The number a known table's IDs carry. */
  tableNumber(table: string): number {
    return this.numbers.numberOf(table);
  }

  newId(table: string): string {
    const known = this.numbers.entries().length;
    const id = newDocumentId(this.numbers, table);
    if (this.numbers.entries().length !== known) this.registryChanged = true;
    return id;
  }

  /** Writes a grown registry; called inside the write group that is about to commit. */
  persist(): void {
    if (!this.registryChanged) return;
    this.store.setGlobal("tables", Object.fromEntries(this.numbers.entries()));
    // A new table's indexes have been kept since its first write: record them as built.
    const built = this.store.getGlobal<Record<string, string[]>>("indexes") ?? {};
    for (const [table] of this.numbers.entries())
      for (const index of this.indexesOf(table)) built[index.id] ??= index.keyFields;
    this.store.setGlobal("indexes", built);
    this.registryChanged = false;
  }

  /** The table an ID belongs to, or null if it is not an ID of this deployment. */
  tableOf(id: string): string | null {
    return tableOfDocumentId(this.numbers, id);
  }
}
