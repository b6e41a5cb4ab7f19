// The engine interface: what the rest of the backend (sync, HTTP API, crons)
// needs from whatever runs a functions dir's queries, mutations, actions and
// HTTP actions. The durable engine (sqliteEngine.ts) implements it; the old
// in-memory one (memoryEngine.ts) stays only as the bench's comparison.
import type { GenericSchema, SchemaDefinition, UserIdentity } from "convex/server";
import { ConvexError, convexToJson, type JSONValue, type Value } from "convex/values";
import type { Doc, ReadSet } from "./readSet.js";
import { isSystemError } from "./systemError.js";
import type { VectorQuery, VectorResult } from "./search/vectorSearch.js";

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
  /** `ctx.vectorSearch` (actions), where the engine supports it. */
  vectorSearch?(query: VectorQuery): Promise<VectorResult[]>;
}

/** What the server runs: an engine it also pushes schemas and modules to, and closes. */
export interface HostedEngine extends Engine {
  /** Serves a new schema and the current modules (throws, changing nothing, if refused). */
  push(schema: SchemaDefinition<GenericSchema, boolean> | null): Promise<void>;
  /** Serves the current modules (after a code edit). */
  reloadModules(): void;
  close(): void;
}

/** Where the engine gets the functions dir's modules from (see loader.ts). */
export interface ModuleSource {
  /** Module paths relative to the functions dir, with extension, e.g. "drafts.ts". */
  modulePaths(): string[];
  load(relativePath: string): Promise<Record<string, unknown>>;
}

export type ConvexFunctionExport = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
};

export function normalizeUdfPath(path: string): string {
  const [modulePath, exportName = "default"] = path.split(":");
  return `${modulePath.replace(/\.(js|ts|jsx|tsx|mjs|cjs)$/, "")}:${exportName}`;
}

export function describeError(error: unknown): string {
  if (isSystemError(error)) return error.message;
  if (error instanceof Error) return `${error.name === "Error" ? "Error" : error.name}: ${error.message}`;
  return String(error);
}

export function errorResult(error: unknown): { errorMessage: string; errorData?: JSONValue } {
  if (error instanceof ConvexError || (error instanceof Error && error.name === "ConvexError")) {
    const data = (error as ConvexError<Value>).data;
    return {
      errorMessage: `Uncaught ConvexError: ${typeof data === "string" ? data : JSON.stringify(convexToJson(data))}`,
      errorData: convexToJson(data ?? null),
    };
  }
  // The deployment's own refusals (arguments, limits) are not exceptions of the function's code.
  if (isSystemError(error)) return { errorMessage: error.message };
  return { errorMessage: `Uncaught ${describeError(error)}` };
}
