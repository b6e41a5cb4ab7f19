// The syscalls `convex/server` makes through `globalThis.Convex` (database,
// auth, scheduler, nested calls), answered from the function call in
// progress (an AsyncLocalStorage record). The read-set hooks see every call.
// Outside this engine's calls, the previous `Convex` global (convex-test's,
// in tests that run both) answers.
import { AsyncLocalStorage } from "node:async_hooks";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { FunctionKind, Identity } from "./engine.js";
import { afterSyscall, beforeSyscall } from "./syscallHooks.js";
import type { DocStream, QueryJson, PageArgs, Transaction } from "./store/transaction.js";
import type { SqliteEngine } from "./sqliteEngine.js";
import { isStorageResult, storageJsSyscall, storageSyscall } from "./storage/storageSyscalls.js";
import type { ExecutionClock } from "./limits/functionLimits.js";
import type { VectorQuery } from "./search/vectorSearch.js";

export type Call = {
  kind: FunctionKind;
  udfPath: string;
  identity: Identity;
  /** The transaction of a query or mutation; null in an action. */
  txn: Transaction | null;
  streams: Map<number, DocStream>;
  nextQueryId: number;
  paginated?: boolean;
  /** A query's or mutation's own running time (syscalls excluded). */
  clock?: ExecutionClock;
};

export const callStorage = new AsyncLocalStorage<Call>();

type ConvexGlobal = {
  syscall(op: string, json: string): string;
  asyncSyscall(op: string, json: string): Promise<string>;
  jsSyscall(op: string, args: Record<string, unknown>): unknown;
};

let engine: SqliteEngine | null = null;
let previous: ConvexGlobal | undefined;
const dispatcher: ConvexGlobal = {
  syscall: (op, json) => {
    const call = callStorage.getStore();
    if (call === undefined || engine === null) return previous!.syscall(op, json);
    call.clock?.enterSyscall();
    try {
      return afterSyscall(op, json, syncSyscall(engine, call, op, json));
    } finally {
      call.clock?.exitSyscall();
    }
  },
  asyncSyscall: async (op, json) => {
    const call = callStorage.getStore();
    if (call === undefined || engine === null) return previous!.asyncSyscall(op, json);
    call.clock?.enterSyscall();
    try {
      const args = beforeSyscall(op, json);
      return afterSyscall(op, args, await asyncSyscall(engine, call, op, args));
    } finally {
      call.clock?.exitSyscall();
    }
  },
  jsSyscall: (op, args) => {
    const call = callStorage.getStore();
    if (call === undefined || engine === null) return previous!.jsSyscall(op, args);
    return storageJsSyscall(engine.files, engine, call, op, args);
  },
};

/**
 * Runs a syscall an action in a worker thread sent (see actions/actionRunner.ts),
 * as this thread's own action would make it: no transaction, the run's identity.
 */
export function runActionSyscall(op: string, json: string, identity: Identity): Promise<string> {
  const call: Call = {
    kind: "action",
    udfPath: "action",
    identity,
    txn: null,
    streams: new Map(),
    nextQueryId: 1,
  };
  return callStorage.run(call, () => dispatcher.asyncSyscall(op, json));
}

/** Routes `globalThis.Convex` to `target` (again, if something replaced it since). */
export function installSyscalls(target: SqliteEngine): void {
  engine = target;
  const g = globalThis as unknown as { Convex?: ConvexGlobal };
  if (g.Convex === dispatcher) return;
  previous = g.Convex;
  g.Convex = dispatcher;
}

function txnOf(call: Call): Transaction {
  if (call.txn === null)
    throw new Error("The database is not available in actions: use ctx.runQuery or ctx.runMutation.");
  return call.txn;
}

function syncSyscall(engine: SqliteEngine, call: Call, op: string, json: string): string {
  const args = JSON.parse(json) as Record<string, unknown>;
  switch (op) {
    case "1.0/queryStream": {
      txnOf(call).usage.indexRange();
      const queryId = call.nextQueryId++;
      call.streams.set(queryId, txnOf(call).stream(args.query as QueryJson));
      return JSON.stringify({ queryId });
    }
    case "1.0/queryCleanup":
      call.streams.delete(args.queryId as number);
      return JSON.stringify({});
    case "1.0/db/normalizeId": {
      const id = args.idString as string;
      return JSON.stringify({ id: engine.tableOf(id) === args.table ? id : null });
    }
    case "1.0/getSnapshotTs":
      return JSON.stringify(convexToJson(BigInt(txnOf(call).writeTs ?? txnOf(call).snapshotTs) * 1000n));
  }
  throw new Error(`The local backend does not support syscall "${op}"`);
}

async function asyncSyscall(engine: SqliteEngine, call: Call, op: string, json: string): Promise<string> {
  const args = JSON.parse(json) as Record<string, unknown>;
  const out = (value: Value | undefined) => JSON.stringify(convexToJson(value ?? null));
  switch (op) {
    case "1.0/get":
      txnOf(call).usage.indexRange();
      return out(txnOf(call).get(args.id as string, args.table as string | undefined));
    case "1.0/queryStreamNext": {
      const stream = call.streams.get(args.queryId as number);
      if (stream === undefined) throw new Error("Unknown query");
      const value = stream.next();
      return JSON.stringify({ value: value === null ? null : convexToJson(value), done: value === null });
    }
    case "1.0/queryPage": {
      if (call.paginated)
        throw new Error("Only a single paginated query (`.paginate()`) is allowed per function execution.");
      call.paginated = true;
      txnOf(call).usage.indexRange();
      return out(txnOf(call).paginate(args as unknown as PageArgs));
    }
    case "1.0/count":
      return out(txnOf(call).count(args.table as string));
    case "1.0/insert":
      return JSON.stringify({
        _id: txnOf(call).insert(
          args.table as string,
          jsonToConvex(args.value as JSONValue) as Record<string, Value>,
        ),
      });
    case "1.0/shallowMerge":
    case "1.0/replace": {
      const txn = txnOf(call);
      const write = op === "1.0/replace" ? txn.replace.bind(txn) : txn.patch.bind(txn);
      write(args.id as string, args.value as Record<string, JSONValue>, args.table as string | undefined);
      return "{}";
    }
    case "1.0/remove":
      txnOf(call).delete(args.id as string, args.table as string | undefined);
      return "{}";
    case "1.0/getUserIdentity":
      return out(call.identity);
    case "1.0/schedule":
      txnOf(call).usage.schedule(jsonToConvex(args.args as JSONValue));
      return out(engine.scheduler.schedule(txnOf(call), args));
    case "1.0/cancel_job":
      engine.scheduler.cancel(txnOf(call), args.id as string);
      return "{}";
    case "1.0/actions/schedule":
      return out(await engine.mutate((txn) => engine.scheduler.schedule(txn, args)));
    case "1.0/actions/cancel_job":
      await engine.mutate((txn) => engine.scheduler.cancel(txn, args.id as string));
      return "{}";
    case "1.0/actions/query":
      return out(await engine.queryValue(functionName(args), udfArgs(args), call.identity));
    case "1.0/actions/mutation":
      return out(
        await callStorage.exit(() => engine.mutationValue(functionName(args), udfArgs(args), call.identity)),
      );
    case "1.0/actions/vectorSearch":
      return JSON.stringify({ results: await engine.vectorSearch(args.query as VectorQuery) });
    case "1.0/actions/action":
      return out(await engine.actionValue(functionName(args), udfArgs(args), call.identity));
    case "1.0/runUdf": {
      const name = functionName(args);
      if (args.udfType === "mutation")
        return out(await engine.mutationValue(name, udfArgs(args), call.identity));
      return out(await engine.queryValue(name, udfArgs(args), call.identity));
    }
    case "1.0/getFunctionMetadata":
      return out({ name: call.udfPath, componentPath: "" });
    case "1.0/getDeploymentMetadata":
      return out({ name: "local", region: null, class: "s16" });
    case "1.0/auditLog":
      return "null";
  }
  const stored = await storageSyscall(engine.files, engine, call, op, args);
  if (isStorageResult(stored)) return out(stored);
  throw new Error(`The local backend does not support syscall "${op}"`);
}

/** A function address (name, or a function handle) as a udf path. */
function functionName(args: Record<string, unknown>): string {
  if (typeof args.name === "string") return args.name;
  if (typeof args.functionHandle === "string") return args.functionHandle.split(";").pop()!;
  throw new Error("Function references into components are not supported by the local backend.");
}

function udfArgs(args: Record<string, unknown>): Record<string, Value> {
  return jsonToConvex((args.args ?? {}) as JSONValue) as Record<string, Value>;
}
