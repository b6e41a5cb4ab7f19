// The syscalls that Convex functions make (the durable engine's own, or
// convex-test's for the in-memory comparison engine); these hooks watch them to learn what a query read (index ranges up to the last document
// it consumed, pages between their cursors, documents by ID), which documents
// a transaction wrote, and to keep a re-run paginated query's page end.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { execStorage, type ExecContext } from "./execContext.js";
import type { Doc, RangeExpr } from "./readSet.js";

/** What the hooks report to: the live engine. */
export type HookTarget = {
  recordWrite(id: string): void;
  keyFields(source: QuerySource): string[];
  tableOf(id: string): string | null;
};

let activeEngine: HookTarget | null = null;
let hooksInstalled = false;

export type QuerySource =
  | { type: "IndexRange"; indexName: string; range: RangeExpr[]; order?: "asc" | "desc" }
  | { type: "FullTableScan"; tableName: string; order?: "asc" | "desc" }
  | { type: "Search"; indexName: string };

type Syscall = (op: string, json: string) => string;
type AsyncSyscall = (op: string, json: string) => Promise<string>;

const END_CURSOR = "_end_cursor";

function sourceTable(source: QuerySource): string {
  return source.type === "FullTableScan" ? source.tableName : source.indexName.split(".")[0];
}

export function keyOf(doc: Doc, fields: string[]): (Value | undefined)[] {
  return fields.map(
    (f) =>
      f
        .split(".")
        .reduce<unknown>(
          (v, part) =>
            v !== null && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined,
          doc,
        ) as Value | undefined,
  );
}

function parseCursor(cursor: string): (Value | undefined)[] {
  return (JSON.parse(cursor) as (string | null)[]).map((k) =>
    k === null ? undefined : jsonToConvex(JSON.parse(k) as JSONValue),
  );
}

export function parseJournal(journal: string | null): string | null {
  if (journal === null) return null;
  try {
    const endCursor = (JSON.parse(journal) as { endCursor?: unknown }).endCursor;
    return typeof endCursor === "string" ? endCursor : null;
  } catch {
    return null;
  }
}

/** A paginated query re-run keeps the page end it had (its journal), so pages stay gapless. */
export function beforeSyscall(op: string, json: string): string {
  if (op !== "1.0/queryPage") return json;
  const context = execStorage.getStore();
  if (context?.pageEnd === undefined || context.pageEnd === null) return json;
  const args = JSON.parse(json) as { endCursor?: string | null };
  if (args.endCursor !== undefined && args.endCursor !== null) return json;
  return JSON.stringify({ ...args, endCursor: context.pageEnd });
}

function recordPage(context: ExecContext, json: string, result: string): string {
  const args = JSON.parse(json) as {
    query: { source: QuerySource };
    cursor: string | null;
    endCursor?: string | null;
  };
  const page = JSON.parse(result) as { page: unknown[]; isDone: boolean; continueCursor: string };
  const pinned = args.endCursor !== undefined && args.endCursor !== null && args.endCursor !== END_CURSOR;
  if (pinned && page.continueCursor !== args.endCursor) {
    // The document at the pinned end was deleted; the page still ends there.
    page.continueCursor = args.endCursor!;
    page.isDone = false;
    result = JSON.stringify(page);
  }
  const end = args.endCursor ?? (page.isDone ? END_CURSOR : page.continueCursor);
  if (context.readSet === undefined) return result;
  context.readSet.docsRead += page.page.length;
  if (context.streams !== undefined) context.pageEnd = end;
  const source = args.query.source;
  if (source.type === "Search") {
    context.readSet.tables.add(sourceTable(source));
    return result;
  }
  if (args.cursor === END_CURSOR) return result;
  const keyFields = activeEngine?.keyFields(source) ?? [];
  const start =
    args.cursor === null || keyFields.length === 0
      ? undefined
      : { key: parseCursor(args.cursor), inclusive: false };
  const stop =
    end === END_CURSOR || keyFields.length === 0 ? undefined : { key: parseCursor(end), inclusive: true };
  const desc = source.order === "desc";
  context.readSet.addRange(
    sourceTable(source),
    source.type === "IndexRange" ? source.range : [],
    keyFields,
    desc ? stop : start,
    desc ? start : stop,
  );
  return result;
}

export function afterSyscall(op: string, json: string, result: string): string {
  const context = execStorage.getStore();
  switch (op) {
    case "1.0/queryStream": {
      if (context?.readSet === undefined) break;
      const { source, operators } = (
        JSON.parse(json) as { query: { source: QuerySource; operators: { limit?: number }[] } }
      ).query;
      if (source.type === "Search") {
        context.readSet.tables.add(sourceTable(source));
        break;
      }
      const { queryId } = JSON.parse(result) as { queryId: number };
      context.streams?.set(queryId, {
        table: sourceTable(source),
        range: source.type === "IndexRange" ? source.range : [],
        keyFields: activeEngine?.keyFields(source) ?? [],
        order: source.order ?? "asc",
        limit: operators.find((o) => o.limit !== undefined)?.limit ?? null,
        returned: 0,
        last: null,
        done: false,
      });
      break;
    }
    case "1.0/queryStreamNext": {
      const stream = context?.streams?.get((JSON.parse(json) as { queryId: number }).queryId);
      if (stream === undefined) break;
      const next = JSON.parse(result) as { value: JSONValue; done: boolean };
      if (!next.done) {
        stream.last = jsonToConvex(next.value) as Doc;
        stream.returned++;
      } else if (stream.limit === null || stream.returned < stream.limit) {
        stream.done = true;
      }
      if (context?.readSet && !next.done) context.readSet.docsRead++;
      break;
    }
    case "1.0/queryPage":
      return context === undefined ? result : recordPage(context, json, result);
    case "1.0/get": {
      if (context?.readSet === undefined) break;
      const { id } = JSON.parse(json) as { id: string };
      context.readSet.addId(id, activeEngine?.tableOf(id) ?? null);
      if (result !== "null") context.readSet.docsRead++;
      break;
    }
    case "1.0/count":
      context?.readSet?.tables.add((JSON.parse(json) as { table: string }).table);
      break;
    case "1.0/insert":
      activeEngine?.recordWrite((JSON.parse(result) as { _id: string })._id);
      break;
    case "1.0/shallowMerge":
    case "1.0/replace":
    case "1.0/remove":
      activeEngine?.recordWrite((JSON.parse(json) as { id: string }).id);
      break;
  }
  return result;
}

/** Where the hooks report (the engine whose syscalls they watch). */
export function setHookTarget(target: HookTarget): void {
  activeEngine = target;
}

// convex-test installs `globalThis.Convex` once, as getters that find the
// current test instance; wrap those getters to observe reads and writes.
export function installSyscallHooks(target: HookTarget): void {
  activeEngine = target;
  if (hooksInstalled) return;
  hooksInstalled = true;
  const g = globalThis as unknown as {
    Convex: { syscall: Syscall; asyncSyscall: AsyncSyscall; jsSyscall: unknown };
  };
  const inner = g.Convex;
  const syncWrappers = new WeakMap<Syscall, Syscall>();
  const asyncWrappers = new WeakMap<AsyncSyscall, AsyncSyscall>();
  g.Convex = {
    get syscall() {
      const fn = inner.syscall;
      let wrapped = syncWrappers.get(fn);
      if (!wrapped) {
        wrapped = (op, json) => afterSyscall(op, json, fn(op, json));
        syncWrappers.set(fn, wrapped);
      }
      return wrapped;
    },
    get asyncSyscall() {
      const fn = inner.asyncSyscall;
      let wrapped = asyncWrappers.get(fn);
      if (!wrapped) {
        wrapped = async (op, json) => {
          const args = beforeSyscall(op, json);
          return afterSyscall(op, args, await fn(op, args));
        };
        asyncWrappers.set(fn, wrapped);
      }
      return wrapped;
    },
    get jsSyscall() {
      return inner.jsSyscall;
    },
  };
}
