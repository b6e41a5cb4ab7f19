// What one transaction (a query or mutation, with the functions it calls
// through ctx.runQuery/ctx.runMutation) has read, written and scheduled,
// checked against Convex's transaction limits as it goes, with the
// deployment's own messages (crates/database/src/reads.rs and writes.rs,
// crates/model/src/scheduled_jobs, crates/common/src/document.rs).
import { getConvexSize, getDocumentSize, type Value } from "convex/values";
import type { Doc } from "../readSet.js";
import { formatBytes, limits } from "./convexLimits.js";

const OVER_LIMIT_HELP =
  "Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.";

export class TransactionUsage {
  /**
   * Counting is on only while a query's or mutation's code runs (see
   * `during`): the engine's own reads and writes (the scheduler's, say) are
   * not the function's.
   */
  private counting = false;
  documentsRead = 0;
  bytesRead = 0;
  documentsWritten = 0;
  bytesWritten = 0;
  functionsScheduled = 0;
  scheduledArgumentsBytes = 0;
  indexRangesRead = 0;

  /** Counts a `db.get` or `db.query` (one index range each). */
  indexRange(): void {
    if (!this.counting) return;
    this.indexRangesRead++;
    if (this.indexRangesRead > limits.indexRangesRead)
      throw new Error(
        `Too many reads in a single function execution (limit: ${limits.indexRangesRead}). ${OVER_LIMIT_HELP}`,
      );
  }

  /** Counts a document read (scanned, whether or not a filter then drops it). */
  read(doc: Doc): void {
    if (!this.counting) return;
    this.documentsRead++;
    this.bytesRead += getDocumentSize(doc as never);
    if (this.documentsRead > limits.documentsRead)
      throw new Error(
        `Too many documents read in a single function execution (limit: ${limits.documentsRead}). ${OVER_LIMIT_HELP}`,
      );
    if (this.bytesRead > limits.bytesRead)
      throw new Error(
        `Too many bytes read in a single function execution (limit: ${limits.bytesRead} bytes). ${OVER_LIMIT_HELP}`,
      );
  }

  /** Counts a write to a user table (system tables have their own, larger, limits). */
  write(newDoc: Doc | null): void {
    if (!this.counting) return;
    this.documentsWritten++;
    this.bytesWritten += newDoc === null ? 0 : getDocumentSize(newDoc as never);
    if (this.documentsWritten > limits.documentsWritten)
      throw new Error(`Too many writes in a single function execution (limit: ${limits.documentsWritten})`);
    if (this.bytesWritten > limits.bytesWritten)
      throw new Error(
        `Too many bytes written in a single function execution (limit: ${formatBytes(limits.bytesWritten)})`,
      );
  }

  /** Runs `fn` (a function's code) with counting on. */
  async during<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.counting;
    this.counting = true;
    try {
      return await fn();
    } finally {
      this.counting = before;
    }
  }

  /** Counts a function scheduled by a mutation (with its arguments), refusing the one past a limit. */
  schedule(args: Value): void {
    const size = getConvexSize([args]);
    if (this.functionsScheduled >= limits.functionsScheduled)
      throw new Error(`Too many functions scheduled by this mutation (limit: ${limits.functionsScheduled})`);
    if (this.scheduledArgumentsBytes + size > limits.scheduledArgumentsBytes)
      throw new Error(
        `Too large total size of the arguments of scheduled functions from this mutation (limit: ${limits.scheduledArgumentsBytes} bytes)`,
      );
    this.functionsScheduled++;
    this.scheduledArgumentsBytes += size;
  }
}

/** Refuses a document over Convex's size or nesting limits. */
export function checkDocumentLimits(doc: Doc): void {
  const size = getDocumentSize(doc as never);
  if (size > limits.documentBytes)
    throw new Error(
      `Value is too large (${formatBytes(size)} > maximum size ${formatBytes(limits.documentBytes)})`,
    );
  const depth = nesting(doc);
  if (depth > limits.nestingDepth)
    throw new Error(
      `Document is too nested (nested ${depth} levels deep > maximum nesting ${limits.nestingDepth})`,
    );
}

/** Convex's nesting: 0 for a scalar, one more for each array or object around it. */
export function nesting(value: Value | undefined): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(nesting));
  if (typeof value === "object" && value !== null && !(value instanceof ArrayBuffer))
    return 1 + Math.max(0, ...Object.values(value).map(nesting));
  return 0;
}
