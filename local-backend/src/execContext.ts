// What the engine knows about the function run in progress, carried through
// its async calls: its label and log lines, and for queries what they read.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Doc, RangeExpr, ReadSet } from "./readSet.js";

export type Stream = {
  table: string;
  range: RangeExpr[];
  keyFields: string[];
  order: "asc" | "desc";
  /** The query's `.take(n)`/`.first()` limit: reaching it is not exhausting the range. */
  limit: number | null;
  returned: number;
  last: Doc | null;
  done: boolean;
};
export type ExecContext = {
  label: string;
  logs: string[];
  /** Set for queries: what they read. */
  readSet?: ReadSet;
  streams?: Map<number, Stream>;
  pageEnd?: string | null;
  /** The request is over; anything still running in it was scheduled from it. */
  finished?: boolean;
};
export const execStorage = new AsyncLocalStorage<ExecContext>();
