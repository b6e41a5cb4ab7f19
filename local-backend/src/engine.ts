// The function engine: runs a Convex functions dir's queries, mutations,
// actions and HTTP actions in memory. It uses convex-test (Convex's own JS
// implementation of the function syscalls) underneath, and adds what a live
// backend needs on top: read sets per query, the documents each commit
// changed (old and new versions), console capture as log lines, and
// per-function execution counts. Everything else talks to the `Engine`
// interface, so a durable engine can replace this one later.
import { host, rootImmediate } from "./hostContext.js";
import "./functionLogs.js";
import { convexTest } from "./fastConvexTest.js";
import type { SchemaDefinition, GenericSchema, UserIdentity } from "convex/server";
import { ConvexError, convexToJson, type JSONValue, type Value } from "convex/values";
import { ReadSet, tableOfId, type Doc, type KeyBound } from "./readSet.js";
import { execStorage, type ExecContext } from "./execContext.js";
import { installSyscallHooks, keyOf, parseJournal, type QuerySource } from "./syscallHooks.js";

export type Identity = UserIdentity | null;
export type Success = { ok: true; value: Value; logLines: string[] };
export type Failure = { ok: false; errorMessage: string; errorData?: JSONValue; logLines: string[] };
export type Outcome = Success | Failure;
/** `journal` pins a paginated query's page end across re-runs (sent to and from clients). */
export type QueryOutcome = Outcome & { readSet: ReadSet; journal: string | null };
export type FunctionKind = "query" | "mutation" | "action";
export type FunctionInfo = { kind: FunctionKind; isPublic: boolean };
export type Write = { table: string; id: string; oldDoc: Doc | null; newDoc: Doc | null };

export interface Engine {
  describe(udfPath: string): Promise<FunctionInfo | null>;
  runQuery(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
    journal?: string | null,
  ): Promise<QueryOutcome>;
  runMutation(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome>;
  runAction(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome>;
  runHttpAction(request: Request): Promise<Response>;
  /** Documents changed by commits since the last call, with their previous versions. */
  drainWrites(): Promise<Write[]>;
  /** Called (in the root async context) after any write, to schedule a drain. */
  onWrite(listener: () => void): void;
  readonly executions: Map<string, number>;
}

/** Where the engine gets the functions dir's modules from (see loader.ts). */
export interface ModuleSource {
  /** Module paths relative to the functions dir, with extension, e.g. "drafts.ts". */
  modulePaths(): string[];
  load(relativePath: string): Promise<Record<string, unknown>>;
}

type ConvexFunctionExport = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
};

// convex-test's accessor type is generic over the schema; the engine only
// uses the untyped, path-based surface.
type Accessor = {
  queryFromPath(path: FunctionPath, args: unknown): Promise<Value>;
  mutationFromPath(path: FunctionPath, args: unknown): Promise<Value>;
  actionFromPath(path: FunctionPath, args: unknown): Promise<Value>;
  run<T>(handler: (ctx: { db: { get(id: string): Promise<Doc | null> } }) => Promise<T>): Promise<T>;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  withIdentity(identity: Partial<UserIdentity>): Accessor;
};
type FunctionPath = { udfPath: string; componentPath: string };

export function normalizeUdfPath(path: string): string {
  const [modulePath, exportName = "default"] = path.split(":");
  return `${modulePath.replace(/\.(js|ts|jsx|tsx|mjs|cjs)$/, "")}:${exportName}`;
}

export class ConvexTestEngine implements Engine {
  readonly executions = new Map<string, number>();
  private t: Accessor;
  private indexes = new Map<string, string[]>();
  private readonly dirty = new Set<string>();
  private readonly committed = new Map<string, { doc: Doc; json: string }>();
  private readonly accessors = new Map<string, Accessor>();
  private writeListeners: (() => void)[] = [];
  private notifyScheduled = false;

  constructor(
    private readonly source: ModuleSource,
    schema: SchemaDefinition<GenericSchema, boolean> | null,
  ) {
    this.t = this.createInstance(schema);
  }

  private createInstance(schema: SchemaDefinition<GenericSchema, boolean> | null): Accessor {
    this.indexes = new Map();
    for (const [table, definition] of Object.entries(schema?.tables ?? {})) {
      const exported = (
        definition as unknown as { export(): { indexes: { indexDescriptor: string; fields: string[] }[] } }
      ).export();
      for (const index of exported.indexes)
        this.indexes.set(`${table}.${index.indexDescriptor}`, index.fields);
    }
    const modules: Record<string, () => Promise<unknown>> = {};
    for (const path of this.source.modulePaths()) {
      const modulePath = path.replace(/\.[^.]+$/, "");
      modules[`./${path}`] = async () => this.countingModule(modulePath, await this.source.load(path));
    }
    // convex-test locates the functions root by a path containing "_generated".
    if (!Object.keys(modules).some((k) => k.includes("_generated"))) {
      modules["./_generated/placeholder.js"] = () => Promise.reject(new Error("not a module"));
    }
    const t = convexTest(schema ?? undefined, modules) as unknown as Accessor;
    installSyscallHooks(this);
    return t;
  }

  /**
   * Starts a new convex-test instance for a new schema or module set and
   * copies the data over with the same IDs and creation times. Returns the
   * documents that no longer match the schema (they are dropped).
   */
  async reset(schema: SchemaDefinition<GenericSchema, boolean> | null): Promise<string[]> {
    await this.drainWrites();
    const docs = [...this.committed.values()].map((c) => c.doc);
    docs.sort((a, b) => idCounter(a._id) - idCounter(b._id));
    this.dirty.clear();
    this.committed.clear();
    this.accessors.clear();
    this.t = this.createInstance(schema);
    if (docs.length === 0) return [];
    return await this.t.run(async (ctx) => {
      const db = ctx.db as unknown as {
        insert(table: string, value: Record<string, unknown>): Promise<string>;
        delete(id: string): Promise<void>;
      };
      const RealDate = Date;
      let creationTime = 0;
      // Inside a function, assigning a global only affects this call; the
      // engine's inserts read Date.now() for _creationTime.
      globalThis.Date = class extends RealDate {
        static override now() {
          return creationTime;
        }
      } as DateConstructor;
      const fillers: string[] = [];
      const dropped: string[] = [];
      let next = 10000;
      for (const doc of docs) {
        const target = idCounter(doc._id);
        for (; next < target; next++) fillers.push(await db.insert(FILLER_TABLE, {}));
        const { _id, _creationTime, ...fields } = doc;
        creationTime = _creationTime as number;
        try {
          await db.insert(tableOfId(_id), fields);
        } catch {
          // Rejected by the new schema: keep the ID counter in step anyway.
          fillers.push(await db.insert(FILLER_TABLE, {}));
          dropped.push(_id);
        }
        next = target + 1;
      }
      for (const id of fillers) await db.delete(id);
      globalThis.Date = RealDate;
      return dropped;
    });
  }

  onWrite(listener: () => void): void {
    this.writeListeners.push(listener);
  }

  /** @internal called by the syscall hooks */
  recordWrite(id: string): void {
    this.dirty.add(id);
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    rootImmediate(() => {
      this.notifyScheduled = false;
      for (const listener of this.writeListeners) listener();
    });
  }

  async describe(udfPath: string): Promise<FunctionInfo | null> {
    const [modulePath, exportName] = normalizeUdfPath(udfPath).split(":");
    const file = this.source.modulePaths().find((p) => p.replace(/\.[^.]+$/, "") === modulePath);
    if (file === undefined || modulePath.includes("_generated")) return null;
    const module = await this.source.load(file);
    const value = module[exportName];
    if (typeof value !== "function") return null;
    const fn = value as ConvexFunctionExport;
    const kind: FunctionKind | null = fn.isQuery
      ? "query"
      : fn.isMutation
        ? "mutation"
        : fn.isAction
          ? "action"
          : null;
    if (kind === null) return null;
    return { kind, isPublic: fn.isPublic === true };
  }

  async runQuery(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
    journal: string | null = null,
  ): Promise<QueryOutcome> {
    const readSet = new ReadSet();
    const context: ExecContext = {
      label: `Q ${udfPath}`,
      readSet,
      logs: [],
      streams: new Map(),
      pageEnd: parseJournal(journal),
    };
    const outcome = await this.execute(context, () =>
      this.accessor(identity).queryFromPath(functionPath(udfPath), args),
    );
    for (const stream of context.streams!.values()) {
      let lower: KeyBound | undefined;
      let upper: KeyBound | undefined;
      if (!stream.done && stream.last !== null && stream.keyFields.length > 0) {
        const bound = { key: keyOf(stream.last, stream.keyFields), inclusive: true };
        if (stream.order === "asc") upper = bound;
        else lower = bound;
      }
      readSet.addRange(stream.table, stream.range, stream.keyFields, lower, upper);
    }
    const pageEnd = context.pageEnd ?? null;
    return { ...outcome, readSet, journal: pageEnd === null ? null : JSON.stringify({ endCursor: pageEnd }) };
  }

  /** An index's key fields: its own, then _creationTime and _id, as convex-test orders them. */
  keyFields(source: QuerySource): string[] {
    if (source.type === "FullTableScan") return ["_creationTime", "_id"];
    if (source.type !== "IndexRange") return [];
    const [table, index] = source.indexName.split(".");
    if (index === "by_creation_time") return ["_creationTime", "_id"];
    if (index === "by_id") return ["_id"];
    const fields = this.indexes.get(`${table}.${index}`);
    return fields === undefined ? [] : [...fields, "_creationTime", "_id"];
  }

  runMutation(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome> {
    return this.execute({ label: `M ${udfPath}`, logs: [] }, () =>
      this.accessor(identity).mutationFromPath(functionPath(udfPath), args),
    );
  }

  runAction(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome> {
    return this.execute({ label: `A ${udfPath}`, logs: [] }, () =>
      this.accessor(identity).actionFromPath(functionPath(udfPath), args),
    );
  }

  async runHttpAction(request: Request): Promise<Response> {
    if (!this.source.modulePaths().some((p) => /^http\.[^.]+$/.test(p))) {
      return new Response("This deployment has no http.ts", { status: 404 });
    }
    const url = new URL(request.url);
    this.count("http");
    const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers };
    // Streamed, not buffered: the action reads only as much of the body as it wants.
    if (request.method !== "GET" && request.method !== "HEAD") {
      init.body = request.body;
      init.duplex = "half";
    }
    try {
      const label = `H ${request.method} ${url.pathname}`;
      return await execStorage.run({ label, logs: [] }, () => this.t.fetch(url.pathname + url.search, init));
    } catch (error) {
      host.console.error(`[http ${request.method} ${url.pathname}] ${describeError(error)}`);
      return new Response("Internal Server Error", { status: 500 });
    }
  }

  async drainWrites(): Promise<Write[]> {
    if (this.dirty.size === 0) return [];
    const dirty = this.dirty;
    // Runs inside convex-test's transaction lock: every recorded write comes
    // from a transaction that has committed or rolled back by now.
    const versions = await this.t.run(async (ctx) => {
      const ids = [...dirty];
      dirty.clear();
      const out: [string, Doc | null][] = [];
      for (const id of ids) out.push([id, await ctx.db.get(id)]);
      return out;
    });
    const writes: Write[] = [];
    for (const [id, newDoc] of versions) {
      const previous = this.committed.get(id);
      const json = newDoc === null ? "null" : JSON.stringify(convexToJson(newDoc));
      if ((previous?.json ?? "null") === json) continue;
      if (newDoc === null) this.committed.delete(id);
      else this.committed.set(id, { doc: newDoc, json });
      writes.push({ table: tableOfId(id), id, oldDoc: previous?.doc ?? null, newDoc });
    }
    return writes;
  }

  private accessor(identity: Identity): Accessor {
    if (identity === null) return this.t;
    const key = JSON.stringify(identity);
    let accessor = this.accessors.get(key);
    if (accessor === undefined) {
      if (this.accessors.size > 1000) this.accessors.clear();
      accessor = this.t.withIdentity(identity);
      this.accessors.set(key, accessor);
    }
    return accessor;
  }

  private async execute(context: ExecContext, run: () => Promise<Value>): Promise<Outcome> {
    try {
      const value = await execStorage.run(context, run);
      return { ok: true, value: value ?? null, logLines: context.logs };
    } catch (error) {
      return { ok: false, ...errorResult(error), logLines: context.logs };
    } finally {
      context.finished = true;
    }
  }

  private count(name: string): void {
    this.executions.set(name, (this.executions.get(name) ?? 0) + 1);
  }

  // Counts handler invocations: convex-test reads a function's `_handler`
  // once per run (top-level, nested, scheduled, cron), after argument checks.
  private readonly countingExports = new WeakMap<object, unknown>();

  private countingModule(modulePath: string, module: Record<string, unknown>): Record<string, unknown> {
    return new Proxy(module, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof prop !== "string" || typeof value !== "function") return value;
        const fn = value as ConvexFunctionExport & { _handler?: (...args: unknown[]) => unknown };
        if (!(fn.isQuery || fn.isMutation || fn.isAction) || typeof fn._handler !== "function") return value;
        let counted = this.countingExports.get(fn);
        if (counted === undefined) {
          const name = `${modulePath}:${prop}`;
          const handler = fn._handler;
          const countingHandler = (...args: unknown[]) => {
            this.count(name);
            // A scheduled run inherits the async context of the request that
            // scheduled it; give it its own, so its logs are labelled as its.
            const context = execStorage.getStore();
            if (context === undefined || context.finished) {
              return execStorage.run({ label: `S ${name}`, logs: [] }, () => handler(...args));
            }
            return handler(...args);
          };
          counted = new Proxy(fn, {
            get: (t, p, r) => (p === "_handler" ? countingHandler : (Reflect.get(t, p, r) as unknown)),
          });
          this.countingExports.set(fn, counted);
        }
        return counted;
      },
    });
  }
}

// convex-test IDs are a decimal counter followed by the table name.
const FILLER_TABLE = "localBackendIdFiller";
const idCounter = (id: string) => Number(/^[0-9]+/.exec(id)?.[0] ?? 0);

function functionPath(udfPath: string): FunctionPath {
  return { udfPath: normalizeUdfPath(udfPath), componentPath: "" };
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name === "Error" ? "Error" : error.name}: ${error.message}`;
  return String(error);
}

function errorResult(error: unknown): { errorMessage: string; errorData?: JSONValue } {
  if (error instanceof ConvexError || (error instanceof Error && error.name === "ConvexError")) {
    const data = (error as ConvexError<Value>).data;
    return {
      errorMessage: `Uncaught ConvexError: ${typeof data === "string" ? data : JSON.stringify(convexToJson(data))}`,
      errorData: convexToJson(data ?? null),
    };
  }
  return { errorMessage: `Uncaught ${describeError(error)}` };
}
