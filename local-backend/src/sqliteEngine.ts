// The durable function engine: runs a functions dir's queries, mutations,
// actions and HTTP actions against the SQLite store, implementing the
// syscalls `convex/server` makes (see syscalls.ts). Queries read a snapshot
// (the last durable commit); mutations run one at a time, each in a
// savepoint of the open write group, and a group commits once the mutations
// queued behind each other have run, then is fsync'd off the event loop
// while the next group runs: a mutation's answer, and any query's view of
// its writes, wait until its group is durable.
import { host, rootImmediate } from "./hostContext.js";
import "./functionLogs.js";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import {
  errorResult,
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
import { setHookTarget, type QuerySource } from "./syscallHooks.js";
import { outcomeOf, restoreErrorData, trackedQuery } from "./runOutcome.js";
import { SqliteStore } from "./store/sqliteStore.js";
import { Catalog, type Schema } from "./store/catalog.js";
import { Transaction } from "./store/transaction.js";
import { validate, ValidationError, type ValidatorJson } from "./store/validate.js";
import { WriterLock } from "./store/writerLock.js";
import { Checkpointer } from "./store/checkpointer.js";
import { reconcileIndexes, schemaFingerprint, schemaViolations } from "./store/schemaPush.js";
import { callStorage, installSyscalls, type Call } from "./syscalls.js";
import { JobScheduler } from "./scheduler.js";
import { FileStorage } from "./storage/fileStorage.js";
import { ScheduledJobRetention } from "./scheduledJobRetention.js";
import { SystemError } from "./systemError.js";
import { vectorSearch, type VectorQuery, type VectorResult } from "./search/vectorSearch.js";
import { checkArgumentsSize, checkReturnSize, ExecutionClock } from "./limits/functionLimits.js";

type Invocable = ConvexFunctionExport & {
  invokeQuery?(args: string): Promise<string>;
  invokeMutation?(args: string): Promise<string>;
  invokeAction?(requestId: string, args: string): Promise<string>;
  exportArgs?(): string;
  exportReturns?(): string;
};
type Modules = Map<string, Promise<Record<string, unknown>>>;

export class SchemaPushError extends Error {}

export class SqliteEngine implements HostedEngine {
  readonly executions = new Map<string, number>();
  readonly store: SqliteStore;
  readonly catalog: Catalog;
  readonly scheduler: JobScheduler;
  readonly files: FileStorage;
  private readonly jobRetention = new ScheduledJobRetention(this);
  private modules: Modules = new Map();
  private readonly lock = new WriterLock();
  private readonly checkpoints: Checkpointer;
  private lastTs: number;
  private durableTs: number;
  private lastCreationTime: number;
  private group: { ts: number; resolve(): void; reject(error: unknown): void }[] = [];
  private groupChanges: Write[] = [];
  private committed: Write[] = [];
  private flushScheduled = false;
  private writeListeners: (() => void)[] = [];
  private syncing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly source: ModuleSource,
    dataDir: string,
  ) {
    this.store = new SqliteStore(dataDir);
    this.checkpoints = new Checkpointer(this.store, { log: (line) => host.console.warn(line) });
    this.catalog = new Catalog(this.store);
    this.lastTs = this.store.getGlobal<number>("max_ts") ?? 0;
    this.durableTs = this.lastTs;
    this.lastCreationTime = this.lastTs / 1000;
    this.scheduler = new JobScheduler(this);
    this.files = new FileStorage(this, dataDir);
    setHookTarget(this);
    installSyscalls(this);
  }

  /** Opens the data dir's store, checks and applies the schema, and starts the scheduler. */
  static async open(source: ModuleSource, schema: Schema, dataDir: string): Promise<SqliteEngine> {
    const engine = new SqliteEngine(source, dataDir);
    try {
      await engine.push(schema);
    } catch (error) {
      await engine.checkpoints.close();
      engine.store.close();
      throw error;
    }
    engine.files.sweep();
    await engine.scheduler.start();
    engine.jobRetention.start();
    return engine;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.scheduler.stop();
    this.jobRetention.stop();
    // After the last fsync in flight (its mutations are answered first).
    void this.syncing.finally(() => this.checkpoints.close()).finally(() => this.store.close());
  }

  // ---- schema and modules ----

  /**
   * Makes `schema` and the source's current modules the ones that serve.
   * Refused (SchemaPushError), keeping the previous ones, when existing
   * documents do not match the new schema.
   */
  async push(schema: Schema): Promise<void> {
    const modules = this.loadModules();
    await this.lock.acquire(true);
    try {
      this.commitGroup();
      // Unchanged since the last push: the stored documents were checked then.
      const fingerprint = schemaFingerprint(schema);
      const unchanged = this.store.getGlobal<string>("schema") === fingerprint;
      const violations = unchanged ? [] : schemaViolations(this.store, this.catalog, schema);
      if (violations.length > 0) {
        throw new SchemaPushError(
          `Schema validation failed: ${violations.length} existing document(s) do not match the new schema, so it was not applied (the previous functions keep serving). ${violations.slice(0, 3).join(" ")}`,
        );
      }
      this.catalog.setSchema(schema);
      reconcileIndexes(this.store, this.catalog);
      if (!unchanged) this.store.transaction(() => this.store.setGlobal("schema", fingerprint));
      this.modules = modules;
    } finally {
      this.lock.release();
    }
  }

  /** Serves the source's current modules (after a code edit); the schema stays. */
  reloadModules(): void {
    this.modules = this.loadModules();
  }

  private loadModules(): Modules {
    const modules: Modules = new Map();
    for (const file of this.source.modulePaths()) {
      const module = this.source.load(file);
      module.catch(() => undefined);
      modules.set(file.replace(/\.[^.]+$/, ""), module);
    }
    return modules;
  }

  private async exported(udfPath: string): Promise<Invocable | null> {
    const [modulePath, exportName] = normalizeUdfPath(udfPath).split(":");
    if (modulePath.includes("_generated")) return null;
    const module = this.modules.get(modulePath);
    if (module === undefined) return null;
    const value = (await module)[exportName];
    return typeof value === "function" ? (value as Invocable) : null;
  }

  async describe(udfPath: string): Promise<FunctionInfo | null> {
    const fn = await this.exported(udfPath);
    if (fn === null) return null;
    const kind = kindOf(fn);
    return kind === null ? null : { kind, isPublic: fn.isPublic === true };
  }

  /** Crons' last runs, kept in globals (see crons.ts). */
  readonly cronState = {
    lastRun: (identifier: string) => this.store.getGlobal<number>(`cron:${identifier}`),
    recordRun: (identifier: string, at: number) =>
      this.store.transaction(() => this.store.setGlobal(`cron:${identifier}`, at)),
  };

  // ---- timestamps and the write group ----

  private nextTs(): number {
    this.lastTs = Math.max(this.lastTs + 1, Date.now() * 1000);
    return this.lastTs;
  }

  private creationTime = (): number => {
    this.lastCreationTime = Math.max(Date.now(), this.lastCreationTime + 0.001);
    return this.lastCreationTime;
  };

  /** The snapshot queries read: the last durable commit. */
  get snapshotTs(): number {
    return this.durableTs;
  }

  /**
   * Runs `fn` as one mutation transaction (or, inside one, as a nested
   * transaction) and resolves once its writes are durable.
   */
  async mutate<T>(fn: (txn: Transaction) => T | Promise<T>): Promise<T> {
    const outer = callStorage.getStore()?.txn;
    if (outer !== undefined && outer !== null && outer.writeTs !== null) return this.nested(outer, fn);
    await this.lock.acquire(false);
    const ts = this.nextTs();
    const txn = new Transaction(this.store, this.catalog, ts, this.durableTs, this.creationTime);
    let result: T;
    let durable: Promise<void>;
    try {
      this.store.savepoint();
      try {
        result = await fn(txn);
        this.store.release();
      } catch (error) {
        this.store.rollback();
        throw error;
      }
      durable = new Promise<void>((resolve, reject) => this.group.push({ ts, resolve, reject }));
      for (const [id, change] of txn.changes) this.groupChanges.push({ id, ...change });
    } finally {
      this.lock.release();
      this.scheduleFlush();
    }
    await durable;
    return result;
  }

  /** Runs `fn` as a nested transaction of `outer`: its writes are undone if it throws. */
  async nested<T>(outer: Transaction, fn: (txn: Transaction) => T | Promise<T>): Promise<T> {
    const child = outer.child();
    this.store.savepoint();
    try {
      const result = await fn(child);
      this.store.release();
      outer.merge(child);
      return result;
    } catch (error) {
      this.store.rollback();
      throw error;
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    rootImmediate(() => {
      void this.lock.acquire(true).then(() => {
        this.flushScheduled = false;
        try {
          this.commitGroup();
        } finally {
          this.lock.release();
        }
      });
    });
  }

  /**
   * Commits the open write group (holding the lock), then, once the WAL is
   * fsync'd, makes it visible to queries and answers its mutations, in
   * commit order.
   */
  private commitGroup(): void {
    if (!this.store.inGroup || this.closed) return;
    const group = this.group;
    const changes = this.groupChanges;
    const ts = this.lastTs;
    this.group = [];
    this.groupChanges = [];
    try {
      this.catalog.persist();
      this.store.setGlobal("max_ts", ts);
      this.store.commit();
    } catch (error) {
      for (const waiter of group) waiter.reject(error);
      return;
    }
    this.checkpoints.afterCommit();
    const synced = this.syncing.then(() => this.store.syncWal());
    this.syncing = synced.then(
      () => this.publish(ts, group, changes),
      (error: unknown) => {
        for (const waiter of group) waiter.reject(error);
      },
    );
  }

  private publish(ts: number, group: { resolve(): void }[], changes: Write[]): void {
    this.durableTs = Math.max(this.durableTs, ts);
    this.committed.push(...changes);
    for (const waiter of group) waiter.resolve();
    if (changes.length > 0) {
      if (changes.some((c) => c.table === "_scheduled_functions")) this.scheduler.wake();
      this.files.afterCommit(changes);
      rootImmediate(() => {
        for (const listener of this.writeListeners) listener();
      });
    }
  }

  onWrite(listener: () => void): void {
    this.writeListeners.push(listener);
  }

  drainWrites(): Promise<Write[]> {
    const writes = this.committed;
    this.committed = [];
    return Promise.resolve(writes);
  }

  /** @internal for the syscall hooks: the engine tracks writes itself. */
  recordWrite(): void {}

  /** @internal for the syscall hooks */
  tableOf(id: string): string | null {
    return this.catalog.tableOf(id);
  }

  /** @internal for the syscall hooks: an index's key fields. */
  keyFields(source: QuerySource): string[] {
    if (source.type === "FullTableScan") return ["_creationTime", "_id"];
    if (source.type !== "IndexRange") return [];
    return this.catalog.index(source.indexName)?.keyFields ?? [];
  }

  // ---- running functions ----

  private count(name: string): void {
    this.executions.set(name, (this.executions.get(name) ?? 0) + 1);
  }

  /**
   * Runs a function by path in the current transaction (queries, mutations)
   * or none (actions): checks its arguments and return value against its
   * validators and counts the run.
   */
  async invoke(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
    txn: Transaction | null,
  ): Promise<Value> {
    const name = normalizeUdfPath(udfPath);
    const fn = await this.exported(name);
    if (fn === null || kindOf(fn) === null)
      throw new Error(`Could not find function for '${name}'. Did you forget to run \`npx convex dev\`?`);
    if (kindOf(fn) !== kind) throw new Error(wrongKind(name, kind, kindOf(fn)!));
    checkArgumentsSize(name, args);
    const validators = validatorsOf(fn);
    this.check("ArgumentValidationError", validators.args, args);
    this.count(name);
    const clock = kind === "action" ? undefined : new ExecutionClock();
    const call: Call = { kind, udfPath: name, identity, txn, streams: new Map(), nextQueryId: 1, clock };
    const argsJson = JSON.stringify(convexToJson([args]));
    let raw: string;
    try {
      const run = () =>
        callStorage.run(call, () => {
          if (kind === "query") return fn.invokeQuery!(argsJson);
          if (kind === "mutation") return fn.invokeMutation!(argsJson);
          return fn.invokeAction!("", argsJson);
        });
      raw = txn === null ? await run() : await txn.usage.during(run);
    } finally {
      // Past the time limit the call fails, whatever its code caught or threw.
      clock?.check();
    }
    const result = jsonToConvex(JSON.parse(raw) as JSONValue);
    checkReturnSize(name, result);
    this.check("ReturnsValidationError", validators.returns, result);
    return result;
  }

  /** Checks a value against a function's exported validator (null: none). */
  private check(what: string, validator: ValidatorJson | null, value: Value): void {
    if (validator === null) return;
    try {
      validate(validator, value, (id) => this.catalog.tableOf(id));
    } catch (error) {
      if (error instanceof ValidationError)
        throw new SystemError(`${what}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  /** `ctx.vectorSearch` from an action, at the latest durable snapshot. */
  vectorSearch(query: VectorQuery): Promise<VectorResult[]> {
    return Promise.resolve().then(() =>
      vectorSearch(new Transaction(this.store, this.catalog, null, this.durableTs), query),
    );
  }

  /** A query at the latest durable snapshot (or inside the current transaction). */
  queryValue(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Value> {
    const outer = callStorage.getStore()?.txn;
    const txn = outer ?? new Transaction(this.store, this.catalog, null, this.durableTs);
    return this.invoke("query", udfPath, args, identity, txn);
  }

  mutationValue(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Value> {
    return this.mutate((txn) => this.invoke("mutation", udfPath, args, identity, txn));
  }

  actionValue(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Value> {
    return this.invoke("action", udfPath, args, identity, null);
  }

  runQuery(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
    journal: string | null = null,
  ): Promise<QueryOutcome> {
    return trackedQuery(udfPath, journal, () => this.queryValue(udfPath, args, identity));
  }

  runMutation(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome> {
    return outcomeOf({ label: `M ${udfPath}`, logs: [] }, () => this.mutationValue(udfPath, args, identity));
  }

  runAction(udfPath: string, args: Record<string, Value>, identity: Identity): Promise<Outcome> {
    return outcomeOf({ label: `A ${udfPath}`, logs: [] }, () => this.actionValue(udfPath, args, identity));
  }

  async runHttpAction(request: Request): Promise<Response> {
    const module = this.modules.get("http");
    if (module === undefined) return new Response("This deployment has no http.ts", { status: 404 });
    const url = new URL(request.url);
    this.count("http");
    const label = `H ${request.method} ${url.pathname}`;
    try {
      const router = (await module).default as {
        lookup(path: string, method: string): [{ invokeHttpAction(r: Request): Promise<Response> }] | null;
      };
      const found = router.lookup(url.pathname, request.method);
      if (found === null) return new Response(`No HttpAction routed for ${url.pathname}`, { status: 404 });
      const call: Call = {
        kind: "action",
        udfPath: "http",
        identity: null,
        txn: null,
        streams: new Map(),
        nextQueryId: 1,
      };
      return await execStorage.run({ label, logs: [] }, () =>
        callStorage.run(call, () => found[0].invokeHttpAction(request)),
      );
    } catch (error) {
      const { errorMessage } = errorResult(restoreErrorData(error));
      execStorage.run({ label, logs: [] }, () => console.error(errorMessage));
      return new Response("Internal Server Error", { status: 500 });
    }
  }

  /** Runs a scheduled job's function in its own log context. */
  runScheduled<T>(name: string, run: () => Promise<T>): Promise<T> {
    return execStorage.run({ label: `S ${name}`, logs: [] }, run);
  }
}

type Validators = { args: ValidatorJson | null; returns: ValidatorJson | null };
const parsedValidators = new WeakMap<Invocable, Validators>();

/**
 * A function's argument and return validators, read once per function (as a
 * deployment reads them when the code is pushed), not on every call.
 */
function validatorsOf(fn: Invocable): Validators {
  let validators = parsedValidators.get(fn);
  if (validators === undefined) {
    validators = {
      args: JSON.parse(fn.exportArgs?.() ?? '{"type":"any"}') as ValidatorJson | null,
      returns: JSON.parse(fn.exportReturns?.() ?? "null") as ValidatorJson | null,
    };
    parsedValidators.set(fn, validators);
  }
  return validators;
}

/** Convex's words for calling a function as the wrong kind (crates/udf/src/validation.rs). */
function wrongKind(name: string, asKind: FunctionKind, isKind: FunctionKind): string {
  const [modulePath, exportName] = name.split(":");
  const word = (kind: FunctionKind) => kind[0].toUpperCase() + kind.slice(1);
  return `Trying to execute ${modulePath}.js:${exportName} as ${word(asKind)}, but it is defined as ${word(isKind)}.`;
}

function kindOf(fn: Invocable): FunctionKind | null {
  return fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
}

export type { Doc };
