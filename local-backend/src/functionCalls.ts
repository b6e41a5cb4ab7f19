// Calls from clients (WebSocket and HTTP API) into the engine: only public
// functions of the kind asked for, refused otherwise in a deployment's words;
// client mutations pass the write gate so a query run sees no write half-done.
import type { Value } from "convex/values";
import {
  normalizeUdfPath,
  type Engine,
  type FunctionInfo,
  type FunctionKind,
  type Identity,
  type Outcome,
} from "./engine.js";
import type { Metrics } from "./metrics.js";
import type { Failure } from "./engine.js";
import { WriteGate } from "./writeGate.js";
import type { Evaluation } from "./queryResults.js";

export class FunctionCalls {
  constructor(
    private readonly engine: Engine,
    private readonly metrics: Metrics,
    /** Where actions run: worker threads (actions/actionRunner.ts), or the engine itself. */
    private readonly actions: Pick<Engine, "runAction"> = engine,
    /** Shared with whatever else runs mutations (the action workers' ctx.runMutation). */
    readonly gate = new WriteGate(),
  ) {}

  /** Runs a public query, mutation or action by path, refusing anything else. */
  async call(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
  ): Promise<Outcome> {
    const info = await this.engine.describe(udfPath).catch(() => null);
    if (info === null || !info.isPublic || info.kind !== kind) {
      return { ok: false, errorMessage: refusal(udfPath, kind, info), logLines: [] };
    }
    switch (kind) {
      case "mutation":
        return this.gate.run(() => this.engine.runMutation(udfPath, args, identity));
      case "action":
        return this.actions.runAction(udfPath, args, identity);
      case "query": {
        const result = await this.engine.runQuery(udfPath, args, identity);
        this.metrics.read(normalizeUdfPath(udfPath), result.readSet.docsRead);
        return result;
      }
    }
  }

  /** Runs a subscription's query with no client mutation in progress (`holdingGate`: the caller made sure). */
  async subscribe(
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
    journal: string | null,
    holdingGate = false,
  ): Promise<Evaluation> {
    const info = await this.engine.describe(udfPath).catch(() => null);
    if (info === null || !info.isPublic || info.kind !== "query") {
      return {
        outcome: { ok: false, errorMessage: refusal(udfPath, "query", info), logLines: [] },
        readSet: null,
        journal,
      };
    }
    const run = () => this.engine.runQuery(udfPath, args, identity, journal);
    const result = await (holdingGate ? run() : this.gate.exclusive(run));
    this.metrics.read(normalizeUdfPath(udfPath), result.readSet.docsRead);
    return { outcome: result, readSet: result.readSet, journal: result.journal };
  }
}

const capitalized = (kind: string) => kind[0].toUpperCase() + kind.slice(1);

/**
 * Why a client may not call `udfPath` as `kind`, worded as a Convex deployment
 * words it (crates/udf/src/validation.rs): the module path with ".js" when
 * the function exists, without it when it is missing or internal.
 */
function refusal(udfPath: string, kind: FunctionKind, info: FunctionInfo | null): string {
  const [modulePath, exportName] = normalizeUdfPath(udfPath).split(":");
  if (info !== null && info.isPublic) {
    return `Trying to execute ${modulePath}.js:${exportName} as ${capitalized(kind)}, but it is defined as ${capitalized(info.kind)}.`;
  }
  return `Could not find public function for '${modulePath}:${exportName}'.`;
}

export function failureFields(outcome: Failure) {
  return {
    result: outcome.errorMessage,
    ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
    logLines: outcome.logLines,
  };
}
