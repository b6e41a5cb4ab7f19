// One transaction over the store: reads at a snapshot timestamp (a query) or
// at the head of the write group (a mutation, which also writes new versions
// at its own timestamp, inside a savepoint). Keeps every index current on
// each write, and records what changed for subscriptions.
import {
  compareValues,
  convexToJson,
  getDocumentSize,
  jsonToConvex,
  type JSONValue,
  type Value,
} from "convex/values";
import type { Doc } from "../readSet.js";
import { afterPrefix, encodeKey } from "./indexKey.js";
import type { Catalog, IndexDef } from "./catalog.js";
import type { Conn, KeyBound, SqliteStore } from "./sqliteStore.js";
import { validate } from "./validate.js";
import { checkDocumentLimits, TransactionUsage } from "../limits/transactionUsage.js";
import { SearchStream } from "../search/searchStream.js";

export type Change = { table: string; oldDoc: Doc | null; newDoc: Doc | null };
export type RangeExprJson = { type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte"; fieldPath: string; value: JSONValue };
export type QuerySourceJson =
  | { type: "FullTableScan"; tableName: string; order?: "asc" | "desc" | null }
  | { type: "IndexRange"; indexName: string; range: RangeExprJson[]; order?: "asc" | "desc" | null }
  | { type: "Search"; indexName: string };
export type QueryJson = {
  source: QuerySourceJson;
  operators: ({ filter: FilterJson } | { limit: number })[];
};
export type FilterJson = Record<string, unknown>;
/** What reading a query's results needs: an index range (QueryStream) or a search (SearchStream). */
export type DocStream = Pick<QueryStream, "order" | "nextRaw" | "hasMore" | "matches" | "next" | "cursorOf">;
export type PageArgs = {
  query: QueryJson;
  cursor: string | null;
  endCursor?: string | null;
  pageSize: number;
  maximumRowsRead?: number;
  maximumBytesRead?: number;
};

export const END_CURSOR = "_end_cursor";
const HEAD = Number.MAX_SAFE_INTEGER;

export class Transaction {
  /** Documents this transaction changed: their version before it, and now. */
  readonly changes = new Map<string, Change>();
  private readonly prevTs = new Map<string, number | null>();
  /** What it read and wrote, against Convex's limits (shared with its nested transactions). */
  usage = new TransactionUsage();

  constructor(
    readonly store: SqliteStore,
    readonly catalog: Catalog,
    /** Set for a mutation: the commit timestamp of its writes. */
    readonly writeTs: number | null,
    /** For a query: the snapshot it reads. */
    readonly snapshotTs: number,
    private readonly newCreationTime: () => number = () => Date.now(),
  ) {}

  get conn(): Conn {
    return this.writeTs === null ? "reader" : "writer";
  }
  private get readTs(): number {
    return this.writeTs === null ? this.snapshotTs : HEAD;
  }

  /** A nested transaction (ctx.runMutation inside a mutation); merge() it on success. */
  child(): Transaction {
    const child = new Transaction(
      this.store,
      this.catalog,
      this.writeTs,
      this.snapshotTs,
      this.newCreationTime,
    );
    child.usage = this.usage;
    return child;
  }

  merge(child: Transaction): void {
    for (const [id, change] of child.changes) {
      const mine = this.changes.get(id);
      this.changes.set(id, mine === undefined ? change : { ...mine, newDoc: change.newDoc });
    }
    for (const [id, ts] of child.prevTs) if (!this.prevTs.has(id)) this.prevTs.set(id, ts);
  }

  tableOf(id: string): string | null {
    return this.catalog.tableOf(id);
  }

  private version(id: string): { doc: Doc; ts: number } | null {
    const row = this.store.getDoc(this.conn, id, this.readTs);
    if (row === undefined || row.deleted || row.json === null) return null;
    return { doc: jsonToConvex(JSON.parse(row.json) as JSONValue) as Doc, ts: row.ts };
  }

  get(id: string, table?: string): Doc | null {
    const actual = this.tableOf(id);
    if (actual === null) return null;
    if (table !== undefined && table !== actual) return null;
    const doc = this.version(id)?.doc ?? null;
    if (doc !== null) this.usage.read(doc);
    return doc;
  }

  // ---- writes ----

  private requireWritable(): number {
    if (this.writeTs === null) throw new Error("Can't write to the database in a query.");
    return this.writeTs;
  }

  private checkDocument(table: string, doc: Doc): void {
    const validator = this.catalog.validatorOf(table);
    if (validator === undefined) return;
    const { _id, _creationTime, ...fields } = doc;
    try {
      validate(validator, fields, (id) => this.tableOf(id));
    } catch (error) {
      throw new Error(
        `Failed to insert or update a document in table "${table}" because it does not match the schema: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  insert(table: string, value: Record<string, Value>): string {
    this.requireWritable();
    if (table.startsWith("_") && !(table in SYSTEM_WRITABLE))
      throw new Error(`Cannot insert into system table "${table}"`);
    const fields = withoutUndefined(value);
    if ("_id" in fields || "_creationTime" in fields)
      throw new Error("System fields _id and _creationTime cannot be set on insert");
    const _id = this.catalog.newId(table);
    const doc = { ...fields, _id, _creationTime: this.newCreationTime() } as Doc;
    if (!table.startsWith("_")) this.checkDocument(table, doc);
    this.write(table, _id, null, doc);
    return _id;
  }

  private existing(id: string, table: string | undefined, verb: string): { table: string; doc: Doc } {
    const actual = this.tableOf(id);
    if (actual === null || (table !== undefined && table !== actual))
      throw new Error(
        `Invalid argument \`id\` for \`db.${verb}\`: "${id}" is not an ID of table "${table ?? "?"}"`,
      );
    const current = this.version(id);
    if (current === null) throw new Error(`${capitalize(verb)} on nonexistent document ID ${id}`);
    return { table: actual, doc: current.doc };
  }

  patch(id: string, value: Record<string, JSONValue>, table?: string): void {
    this.requireWritable();
    const { table: actual, doc } = this.existing(id, table, "patch");
    const next: Record<string, Value | undefined> = { ...doc };
    for (const [field, json] of Object.entries(value)) {
      if (field === "_id" || field === "_creationTime") {
        if (JSON.stringify(json) !== JSON.stringify(convexToJson(doc[field] as Value)))
          throw new Error(`Provided \`${field}\` does not match the document's \`${field}\``);
        continue;
      }
      const decoded = decodeField(json);
      if (decoded === undefined) delete next[field];
      else next[field] = decoded;
    }
    if (!actual.startsWith("_")) this.checkDocument(actual, next as Doc);
    this.write(actual, id, doc, next as Doc);
  }

  replace(id: string, value: Record<string, JSONValue>, table?: string): void {
    this.requireWritable();
    const { table: actual, doc } = this.existing(id, table, "replace");
    const next: Record<string, Value | undefined> = {};
    for (const [field, json] of Object.entries(value)) {
      if (field === "_id" || field === "_creationTime") continue;
      const decoded = decodeField(json);
      if (decoded !== undefined) next[field] = decoded;
    }
    next._id = doc._id;
    next._creationTime = doc._creationTime;
    if (!actual.startsWith("_")) this.checkDocument(actual, next as Doc);
    this.write(actual, id, doc, next as Doc);
  }

  delete(id: string, table?: string): void {
    this.requireWritable();
    const { table: actual, doc } = this.existing(id, table, "delete");
    this.write(actual, id, doc, null);
  }

  /** Writes a document version at this transaction's timestamp and keeps every index current. */
  write(table: string, id: string, oldDoc: Doc | null, newDoc: Doc | null): void {
    const ts = this.requireWritable();
    if (!table.startsWith("_")) {
      if (newDoc !== null) checkDocumentLimits(newDoc);
      this.usage.write(newDoc);
    }
    if (!this.prevTs.has(id)) {
      const before = this.store.getDoc("writer", id, HEAD);
      this.prevTs.set(id, before === undefined ? null : before.ts);
    }
    const json = newDoc === null ? null : JSON.stringify(convexToJson(newDoc));
    this.store.putDoc(id, ts, table, json, this.prevTs.get(id) ?? null);
    for (const index of this.catalog.indexesOf(table)) {
      const oldKey = oldDoc === null ? null : indexKey(index, oldDoc);
      const newKey = newDoc === null ? null : indexKey(index, newDoc);
      if (oldKey !== null && newKey !== null && oldKey.equals(newKey)) continue;
      if (oldKey !== null) this.store.putIndex(index.id, oldKey, ts, true, id);
      if (newKey !== null) this.store.putIndex(index.id, newKey, ts, false, id);
    }
    const previous = this.changes.get(id);
    this.changes.set(id, { table, oldDoc: previous === undefined ? oldDoc : previous.oldDoc, newDoc });
  }

  // ---- queries ----

  /** A stream of a query's documents in index order, after filters and limit. */
  stream(query: QueryJson, cursor: string | null = null): DocStream {
    if (query.source.type === "Search") return new SearchStream(this, query, cursor);
    return new QueryStream(this, query, cursor);
  }

  count(table: string): number {
    const stream = this.stream({ source: { type: "FullTableScan", tableName: table }, operators: [] });
    let n = 0;
    while (stream.next() !== null) n++;
    return n;
  }

  paginate(args: PageArgs): {
    page: Doc[];
    isDone: boolean;
    continueCursor: string;
    splitCursor: string | null;
    pageStatus: "SplitRecommended" | "SplitRequired" | null;
  } {
    const source = this.stream(args.query, args.cursor);
    const empty = { page: [], isDone: true, continueCursor: END_CURSOR, splitCursor: null, pageStatus: null };
    if (args.cursor === END_CURSOR) return empty;
    const endKey =
      args.endCursor && args.endCursor !== END_CURSOR ? encodeKey(parseCursor(args.endCursor)) : null;
    const direction = source.order === "asc" ? 1 : -1;
    const page: Doc[] = [];
    const readCursors: string[] = [];
    let continueCursor = END_CURSOR;
    let pageStatus: "SplitRecommended" | "SplitRequired" | null = null;
    let bytesRead = 0;
    for (let entry = source.nextRaw(); entry !== null; entry = source.nextRaw()) {
      const cursor = source.cursorOf(entry.doc);
      if (endKey !== null) {
        const cmp = Buffer.compare(entry.key, endKey) * direction;
        if (cmp >= 0) {
          if (cmp === 0) {
            readCursors.push(cursor);
            if (source.matches(entry.doc)) page.push(entry.doc);
            continueCursor = cursor;
          }
          break;
        }
      }
      readCursors.push(cursor);
      bytesRead += getDocumentSize(entry.doc as never);
      if (source.matches(entry.doc)) page.push(entry.doc);
      if (
        (args.maximumRowsRead && readCursors.length >= args.maximumRowsRead) ||
        (args.maximumBytesRead && bytesRead >= args.maximumBytesRead)
      ) {
        pageStatus = "SplitRequired";
        continueCursor = cursor;
        break;
      }
      if (!args.endCursor && page.length >= args.pageSize) {
        if (source.hasMore()) continueCursor = cursor;
        break;
      }
    }
    let splitCursor: string | null = null;
    if (
      readCursors.length >= 2 &&
      (pageStatus === "SplitRequired" || readCursors.length > args.pageSize + 1)
    ) {
      pageStatus ??= "SplitRecommended";
      splitCursor = readCursors[Math.floor((readCursors.length - 1) / 2)];
    }
    return { page, isDone: continueCursor === END_CURSOR, continueCursor, splitCursor, pageStatus };
  }

  /** @internal: latest entries of an index range at this transaction's read timestamp. */
  scan(index: IndexDef, lower: KeyBound, upper: KeyBound, order: "asc" | "desc", limit: number) {
    return this.store.scanIndex(this.conn, index.id, lower, upper, this.readTs, order, limit);
  }

  /** @internal */
  load(id: string): Doc | null {
    return this.version(id)?.doc ?? null;
  }
}

const SYSTEM_WRITABLE = { _scheduled_functions: true, _storage: true };

/** A query's documents, fetched from its index range in batches. */
export class QueryStream {
  readonly order: "asc" | "desc";
  private readonly index: IndexDef;
  private lower: KeyBound;
  private upper: KeyBound;
  private readonly filters: FilterJson[];
  /** How many more documents the query's limit allows. */
  remaining: number;
  private buffer: { key: Buffer; doc: Doc }[] = [];
  private exhausted = false;
  private batch = 16;

  constructor(
    private readonly txn: Transaction,
    query: QueryJson,
    cursor: string | null = null,
  ) {
    const source = query.source;
    if (source.type === "Search") throw new Error("Full-text search is not supported by the local backend.");
    this.order = source.order ?? "asc";
    const indexName =
      source.type === "FullTableScan" ? `${source.tableName}.by_creation_time` : source.indexName;
    const [table, name] = indexName.split(".");
    const index = txn.catalog.index(indexName);
    if (index === null)
      throw new Error(
        `Cannot use index "${name}" for table "${table}" because it is not declared in the schema.`,
      );
    this.index = index;
    ({ lower: this.lower, upper: this.upper } = rangeBounds(
      index,
      source.type === "IndexRange" ? source.range : [],
    ));
    if (cursor !== null && cursor !== END_CURSOR) {
      const after = { key: encodeKey(parseCursor(cursor)), inclusive: false };
      if (this.order === "asc") {
        if (Buffer.compare(after.key, this.lower.key) >= 0) this.lower = after;
      } else if (Buffer.compare(after.key, this.upper.key) <= 0) this.upper = after;
    }
    this.filters = query.operators.flatMap((op) => ("filter" in op ? [op.filter] : []));
    const limit = query.operators.find((op): op is { limit: number } => "limit" in op);
    this.remaining = limit === undefined ? Infinity : limit.limit;
    if (this.remaining < this.batch) this.batch = Math.max(1, this.remaining);
  }

  private fill(): void {
    while (this.buffer.length === 0 && !this.exhausted) {
      const rows = this.txn.scan(this.index, this.lower, this.upper, this.order, this.batch);
      if (rows.length < this.batch) this.exhausted = true;
      if (rows.length > 0) {
        const last = { key: rows[rows.length - 1].key, inclusive: false };
        if (this.order === "asc") this.lower = last;
        else this.upper = last;
      }
      for (const row of rows) {
        if (row.deleted) continue;
        const doc = this.txn.load(row.document_id);
        if (doc === null) continue;
        this.txn.usage.read(doc);
        this.buffer.push({ key: row.key, doc });
      }
      this.batch = Math.min(this.batch * 2, 512);
    }
  }

  /** The next document of the range, before filters and limit. */
  nextRaw(): { key: Buffer; doc: Doc } | null {
    this.fill();
    return this.buffer.shift() ?? null;
  }

  hasMore(): boolean {
    this.fill();
    return this.buffer.length > 0;
  }

  matches(doc: Doc): boolean {
    return filterMatches(this.filters, doc);
  }

  next(): Doc | null {
    return nextMatching(this);
  }

  cursorOf(doc: Doc): string {
    return JSON.stringify(
      this.index.keyFields.map((field) => {
        const value = fieldValue(doc, field);
        return value === undefined ? null : JSON.stringify(convexToJson(value));
      }),
    );
  }
}

/** A stream's next document that passes its filters, while its limit allows (then counted). */
export function nextMatching(stream: {
  remaining: number;
  nextRaw(): { doc: Doc } | null;
  matches(doc: Doc): boolean;
}): Doc | null {
  while (stream.remaining > 0) {
    const entry = stream.nextRaw();
    if (entry === null) return null;
    if (!stream.matches(entry.doc)) continue;
    stream.remaining--;
    return entry.doc;
  }
  return null;
}

export function parseCursor(cursor: string): (Value | undefined)[] {
  return (JSON.parse(cursor) as (string | null)[]).map((k) =>
    k === null ? undefined : jsonToConvex(JSON.parse(k) as JSONValue),
  );
}

export function fieldValue(doc: Doc, fieldPath: string): Value | undefined {
  let current: unknown = doc;
  for (const part of fieldPath.split(".")) {
    if (
      current === null ||
      typeof current !== "object" ||
      Array.isArray(current) ||
      current instanceof ArrayBuffer
    )
      return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current as Value | undefined;
}

export function indexKey(index: IndexDef, doc: Doc): Buffer {
  return encodeKey(index.keyFields.map((field) => fieldValue(doc, field)));
}

function decodeField(json: JSONValue): Value | undefined {
  if (typeof json === "object" && json !== null && !Array.isArray(json) && "$undefined" in json)
    return undefined;
  return jsonToConvex(json);
}

function withoutUndefined(value: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function capitalize(word: string): string {
  return word[0].toUpperCase() + word.slice(1);
}

/**
 * An index range (equalities on a prefix of the index's fields, then at most
 * a lower and an upper bound on the next one) as bounds on encoded keys.
 */
function rangeBounds(index: IndexDef, range: RangeExprJson[]): { lower: KeyBound; upper: KeyBound } {
  const fields = index.keyFields;
  const prefix: (Value | undefined)[] = [];
  let i = 0;
  for (; i < range.length && range[i].type === "Eq"; i++) {
    if (range[i].fieldPath !== fields[prefix.length])
      throw new Error(
        `Incorrect field used in \`withIndex\`, expected "${fields[prefix.length]}", got "${range[i].fieldPath}"`,
      );
    prefix.push(decodeField(range[i].value));
  }
  const base = encodeKey(prefix);
  let lower: KeyBound = { key: base, inclusive: true };
  let upper: KeyBound = { key: afterPrefix(base), inclusive: false };
  const boundField = fields[prefix.length];
  let sawLower = false;
  let sawUpper = false;
  for (; i < range.length; i++) {
    const expr = range[i];
    if (expr.type === "Eq")
      throw new Error("Incorrect operator used in `withIndex`: `.eq` after a range bound");
    if (expr.fieldPath !== boundField)
      throw new Error(
        `Incorrect field used in \`withIndex\`, expected "${boundField}", got "${expr.fieldPath}"`,
      );
    const key = encodeKey([...prefix, decodeField(expr.value)]);
    if (expr.type === "Gt" || expr.type === "Gte") {
      if (sawLower) throw new Error("Incorrect operator used in `withIndex`: two lower bounds");
      sawLower = true;
      lower = expr.type === "Gte" ? { key, inclusive: true } : { key: afterPrefix(key), inclusive: true };
    } else {
      if (sawUpper) throw new Error("Incorrect operator used in `withIndex`: two upper bounds");
      sawUpper = true;
      upper = expr.type === "Lt" ? { key, inclusive: false } : { key: afterPrefix(key), inclusive: false };
    }
  }
  return { lower, upper };
}

// ---- filter expressions (`.filter(q => …)`) ----

/** Whether a document passes every `.filter(...)` expression. */
export function filterMatches(filters: FilterJson[], doc: Doc): boolean {
  return filters.every((filter) => truthy(evaluate(filter, doc)));
}

function truthy(value: Value | undefined): boolean {
  return value === true;
}

function evaluate(expr: FilterJson, doc: Doc): Value | undefined {
  const [op, operand] = Object.entries(expr)[0] ?? [];
  const args = operand as FilterJson[];
  const binary = () => [evaluate(args[0], doc), evaluate(args[1], doc)] as const;
  switch (op) {
    case "$field":
      return fieldValue(doc, operand as string);
    case "$literal":
      return decodeField(operand as JSONValue);
    case "$eq":
      return compareValues(...binary()) === 0;
    case "$neq":
      return compareValues(...binary()) !== 0;
    case "$lt":
      return compareValues(...binary()) < 0;
    case "$lte":
      return compareValues(...binary()) <= 0;
    case "$gt":
      return compareValues(...binary()) > 0;
    case "$gte":
      return compareValues(...binary()) >= 0;
    case "$and":
      return args.every((a) => truthy(evaluate(a, doc)));
    case "$or":
      return args.some((a) => truthy(evaluate(a, doc)));
    case "$not":
      return !truthy(evaluate(operand as FilterJson, doc));
    case "$neg": {
      const v = evaluate(operand as FilterJson, doc);
      return typeof v === "bigint" ? -v : -(v as number);
    }
    case "$add":
    case "$sub":
    case "$mul":
    case "$div":
    case "$mod": {
      const [a, b] = binary() as unknown as [number, number];
      if (op === "$add") return a + b;
      if (op === "$sub") return a - b;
      if (op === "$mul") return a * b;
      if (op === "$div") return a / b;
      return a % b;
    }
  }
  throw new Error(`Unsupported filter expression ${JSON.stringify(expr)}`);
}
