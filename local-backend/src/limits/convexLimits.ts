// Convex's documented limits, as numbers, with where each is documented
// (docs.convex.dev/production/state/limits, and docs.convex.dev/search for
// the search ones). Tests may lower them through LOCAL_BACKEND_TEST_LIMITS (a
// JSON object of overrides) so a limit can be reached quickly; the defaults
// are always the documented values.
const MiB = 1 << 20;

export const CONVEX_LIMITS = {
  /** "Query/mutation execution time: 1 second. Limit applies only to user code and doesn't include database operations." */
  executionTimeMs: 1000,
  /** Functions: "Function argument size: 16 MiB". */
  argumentsBytes: 16 * MiB,
  /** Functions: "Node actions only support arguments up to 5MiB". */
  nodeActionArgumentsBytes: 5 * MiB,
  /** Functions and Transactions: "Function return value size: 16 MiB". */
  returnBytes: 16 * MiB,
  /** Transactions: "Documents scanned: 32,000. Documents not returned due to a `filter` count as scanned". */
  documentsRead: 32_000,
  /** Transactions: "Data read: 16 MiB". */
  bytesRead: 16 * MiB,
  /** Transactions: "Index ranges read: 4,096. The number of calls to `db.get` and `db.query`." */
  indexRangesRead: 4096,
  /** Transactions: "Documents written: 16,000". */
  documentsWritten: 16_000,
  /** Transactions: "Data written: 16 MiB". */
  bytesWritten: 16 * MiB,
  /** Documents: "Size: 1 MiB". */
  documentBytes: MiB,
  /** Documents: "Field nesting depth: 16 (how many times objects and arrays can be nested)". */
  nestingDepth: 16,
  /** Execution time and scheduling: "Scheduled functions: 1000 (the number of other functions a single mutation can schedule)". */
  functionsScheduled: 1000,
  /** Execution time and scheduling: "Total size of all scheduled function arguments scheduled in a single mutation: 16 MiB". */
  scheduledArgumentsBytes: 16 * MiB,
  /** Full text search: "Terms per search query: 16" (later terms are ignored, as Convex's search crate does). */
  searchTerms: 16,
  /** Full text search: "Filters per search query: 8". */
  searchFilters: 8,
  /** Full text search: "Maximum term length: 32 B" (longer terms are dropped by the tokenizer). */
  searchTermBytes: 32,
  /** Full text search: "Maximum result set: 1024". */
  searchResults: 1024,
  /** Vector search: "Maximum result set: 256 (defaults to 10)". */
  vectorResults: 256,
};

export type Limits = typeof CONVEX_LIMITS;

function overrides(): Partial<Limits> {
  const raw = process.env.LOCAL_BACKEND_TEST_LIMITS;
  if (raw === undefined || raw === "") return {};
  return JSON.parse(raw) as Partial<Limits>;
}

/** The limits in force: the documented ones, unless a test lowered some. */
export const limits: Limits = { ...CONVEX_LIMITS, ...overrides() };

/** Sizes as Convex's messages print them (binary units, up to two decimals). */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toFixed(2))} ${units[unit]}`;
}

/** A duration as Rust's `Duration` debug format prints it ("1s", "250ms"). */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
