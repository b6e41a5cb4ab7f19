// How an engine turns a function run into an Outcome: the run gets its own
// log context, an error becomes a message (and ConvexError data), and a query
// also reports what it read (its read set, from the syscall hooks' streams)
// and its paginated page end (the journal).
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import { errorResult, type Outcome, type QueryOutcome } from "./engine.js";
import { execStorage, type ExecContext } from "./execContext.js";
import { ReadSet, type KeyBound } from "./readSet.js";
import { keyOf, parseJournal } from "./syscallHooks.js";

export async function outcomeOf(context: ExecContext, run: () => Promise<Value>): Promise<Outcome> {
  try {
    const value = await execStorage.run(context, run);
    return { ok: true, value: value ?? null, logLines: context.logs };
  } catch (error) {
    return { ok: false, ...errorResult(restoreErrorData(error)), logLines: context.logs };
  } finally {
    context.finished = true;
  }
}

/** Runs a query with read tracking; `journal` pins a paginated query's page end. */
export async function trackedQuery(
  udfPath: string,
  journal: string | null,
  run: () => Promise<Value>,
): Promise<QueryOutcome> {
  const readSet = new ReadSet();
  const context: ExecContext = {
    label: `Q ${udfPath}`,
    readSet,
    logs: [],
    streams: new Map(),
    pageEnd: parseJournal(journal),
  };
  const outcome = await outcomeOf(context, run);
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

/** `convex/server` sends a ConvexError's data out as a JSON string; give it back its value. */
export function restoreErrorData(error: unknown): unknown {
  if (typeof error === "object" && error !== null && Symbol.for("ConvexError") in error) {
    const convexError = error as { data: unknown; name: string };
    convexError.name = "ConvexError";
    if (typeof convexError.data === "string") {
      try {
        convexError.data = jsonToConvex(JSON.parse(convexError.data) as JSONValue);
      } catch {
        // not serialized data: leave it
      }
    }
  }
  return error;
}
