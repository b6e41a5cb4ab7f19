// Query results shared by every client that subscribes to the same query:
// a run is keyed by function, arguments, identity and page end, and stays
// valid until a write touches what it read, as a deployment's query cache
// does. Also turns a result into the Transition modification a client gets.
import { convexToJson } from "convex/values";
import { normalizeUdfPath, type Identity, type Outcome } from "./engine.js";
import type { ReadSet } from "./readSet.js";
import type { Write } from "./engine.js";
import type { Subscription } from "./connection.js";
import type { Modification } from "./protocol.js";

export type Evaluation = { outcome: Outcome; readSet: ReadSet | null; journal: string | null };

/** Results kept at most, oldest dropped first. */
const MAX_CACHED_RESULTS = 5_000;

export function evaluationKey(sub: Subscription, identity: Identity): string {
  return JSON.stringify([normalizeUdfPath(sub.udfPath), convexToJson(sub.args), identity, sub.journal]);
}

/** Does `write` touch what `readSet` read? */
export function touches(readSet: ReadSet, write: Write): boolean {
  return readSet.contains(write.table, write.oldDoc) || readSet.contains(write.table, write.newDoc);
}

export class QueryCache {
  private readonly results = new Map<string, Evaluation>();

  get(key: string): Evaluation | undefined {
    return this.results.get(key);
  }

  set(key: string, evaluation: Evaluation): void {
    if (evaluation.readSet === null) return;
    this.results.delete(key);
    this.results.set(key, evaluation);
    if (this.results.size > MAX_CACHED_RESULTS) this.results.delete(this.results.keys().next().value!);
  }

  /** Drops every result that `writes` may have changed. */
  invalidate(writes: Write[]): void {
    const tables = new Set(writes.map((w) => w.table));
    for (const [key, { readSet }] of this.results) {
      if (readSet === null || !readSet.mayContainAny(tables) || !writes.some((w) => touches(readSet, w)))
        continue;
      this.results.delete(key);
    }
  }

  clear(): void {
    this.results.clear();
  }
}

/** Records a subscription's new result; the modification to send, or null if the client has it already. */
export function applyEvaluation(
  sub: Subscription,
  { outcome, readSet, journal }: Evaluation,
): Modification | null {
  sub.readSet = readSet;
  sub.journal = journal;
  const serialized = outcome.ok
    ? JSON.stringify(convexToJson(outcome.value))
    : `!${outcome.errorMessage}${JSON.stringify(outcome.errorData ?? null)}`;
  if (serialized === sub.last) return null;
  sub.last = serialized;
  return outcome.ok
    ? {
        type: "QueryUpdated",
        queryId: sub.queryId,
        value: convexToJson(outcome.value),
        logLines: outcome.logLines,
        journal: sub.journal,
      }
    : {
        type: "QueryFailed",
        queryId: sub.queryId,
        errorMessage: outcome.errorMessage,
        ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
        logLines: outcome.logLines,
        journal: sub.journal,
      };
}
