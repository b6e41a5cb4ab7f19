// The old in-memory engine, kept only as `npm run bench`'s comparison for the
// durable one (`--engine memory`): runs a functions dir on the unmodified
// convex-test (nothing persists; every query scans the whole database), with
// read sets, changed documents, log capture and execution counts on top.
import { host, rootImmediate } from "./hostContext.js";
import "./functionLogs.js";
import { convexTest } from "convex-test";
import type { SchemaDefinition, GenericSchema, UserIdentity } from "convex/server";
import { convexToJson, type Value } from "convex/values";
import {
  describeError,
  normalizeUdfPath,
  type ConvexFunctionExport,
  type HostedEngine,
  type FunctionInfo,
  type FunctionKind,
  type Identity,
  type ModuleSource,
  type Outcome,
  type QueryOutcome,
  type Write,
} from "./engine.js";
import type { Doc } from "./readSet.js";
import { execStorage } from "./execContext.js";
import { installSyscallHooks, type QuerySource } from "./syscallHooks.js";
import { outcomeOf, trackedQuery } from "./runOutcome.js";

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

export class ConvexTestEngine implements HostedEngine {
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

  static open(
    source: ModuleSource,
    schema: SchemaDefinition<GenericSchema, boolean> | null,
  ): ConvexTestEngine {
    return new ConvexTestEngine(source, schema);
  }

  /** Comparison only: a new schema starts a new, empty convex-test instance. */
  push(schema: SchemaDefinition<GenericSchema, boolean> | null): Promise<void> {
    this.dirty.clear();
    this.committed.clear();
    this.accessors.clear();
    this.t = this.createInstance(schema);
    return Promise.resolve();
  }

  /** Modules load on each call through the source: nothing to do. */
  reloadModules(): void {}

  /** Nothing to close: the data lives in this process's memory. */
  close(): void {}

  /** @internal the table of a convex-test ID (a decimal counter, then the table name) */
  tableOf(id: string): string | null {
    return /^[0-9]+([A-Za-z_][A-Za-z0-9_]*)$/.exec(id)?.[1] ?? null;
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

  runQuery(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
    journal: string | null = null,
  ): Promise<QueryOutcome> {
    return trackedQuery(udfPath, journal, () =>
      this.accessor(identity).queryFromPath(functionPath(udfPath), args),
    );
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
    return outcomeOf({ label: `M ${udfPath}`, logs: [] }, () =>
      this.accessor(identity).mutationFromPath(functionPath(udfPath), args),
    );
  }

  runAction(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome> {
    return outcomeOf({ label: `A ${udfPath}`, logs: [] }, () =>
      this.accessor(identity).actionFromPath(functionPath(udfPath), args),
    );
  }

  async runHttpAction(request: Request): Promise<Response> {
    if (!this.source.modulePaths().some((p) => /^http\.[^.]+$/.test(p))) {
      return new Response("This deployment has no http.ts", { status: 404 });
    }
    const url = new URL(request.url);
    this.count("http");
    const init: RequestInit = { method: request.method, headers: request.headers };
    if (request.method !== "GET" && request.method !== "HEAD") init.body = await request.arrayBuffer();
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
      writes.push({ table: this.tableOf(id) ?? "", id, oldDoc: previous?.doc ?? null, newDoc });
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

function functionPath(udfPath: string): FunctionPath {
  return { udfPath: normalizeUdfPath(udfPath), componentPath: "" };
}
