// A full-text search query (`withSearchIndex`), answered as Convex answers
// it (crates/search/src/lib.rs, crates/database/src/query/search_query.rs):
// the search text becomes at most 16 terms (tokenize.ts); a document matches
// if its search field holds any term, or, for the last term only, a word it
// begins with; equality filters on the index's filter fields must all hold;
// results come in BM25 relevance order, ties newest first, and fetching more
// than 1024 of them fails. MiniSearch (a maintained BM25 library) indexes
// and scores the table's documents at the transaction's snapshot.
import MiniSearch from "minisearch";
import { compareValues, convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Doc } from "../readSet.js";
import { encodeKey } from "../store/indexKey.js";
import type { SearchIndexDef } from "../store/catalog.js";
import {
  END_CURSOR,
  fieldValue,
  filterMatches,
  nextMatching,
  parseCursor,
  type FilterJson,
  type QueryJson,
  type Transaction,
} from "../store/transaction.js";
import { limits } from "../limits/convexLimits.js";
import { convexTokens, queryTerms } from "./tokenize.js";
import { tableDocuments } from "./tableDocuments.js";

type SearchFilterJson = { type: "Search" | "Eq"; fieldPath: string; value: JSONValue };
type Ranked = { key: Buffer; keyValues: Value[]; doc: Doc };

export class SearchStream {
  readonly order = "asc" as const;
  private readonly ranked: Ranked[];
  private readonly keys = new Map<string, Value[]>();
  private readonly filters: FilterJson[];
  /** How many more documents the query's limit allows. */
  remaining: number;
  private position = 0;
  private fetched = 0;

  constructor(
    private readonly txn: Transaction,
    query: QueryJson,
    cursor: string | null = null,
  ) {
    const source = query.source as { type: "Search"; indexName: string; filters?: SearchFilterJson[] };
    const index = txn.catalog.searchIndex(source.indexName);
    if (index === null) {
      const [table, name] = source.indexName.split(".");
      throw new Error(
        `Cannot use search index "${name}" for table "${table}" because it is not declared in the schema.`,
      );
    }
    const { text, equalities } = compileFilters(index, source.indexName, source.filters ?? []);
    this.ranked = rank(txn, index, queryTerms(text), equalities);
    for (const entry of this.ranked) this.keys.set(entry.doc._id, entry.keyValues);
    if (cursor !== null && cursor !== END_CURSOR) {
      const after = encodeKey(parseCursor(cursor));
      while (this.position < this.ranked.length && Buffer.compare(this.ranked[this.position].key, after) <= 0)
        this.position++;
    }
    this.filters = query.operators.flatMap((op) => ("filter" in op ? [op.filter] : []));
    const limit = query.operators.find((op): op is { limit: number } => "limit" in op);
    this.remaining = limit === undefined ? Infinity : limit.limit;
  }

  /** The next result in relevance order (before `.filter` and limit). */
  nextRaw(): { key: Buffer; doc: Doc } | null {
    if (this.fetched === limits.searchResults)
      throw new Error(
        `Search query scanned too many documents (fetched ${limits.searchResults}). Consider using a smaller limit, paginating the query, or using a filter field to limit the number of documents pulled from the search index.`,
      );
    const entry = this.ranked[this.position];
    if (entry === undefined) return null;
    this.position++;
    this.fetched++;
    this.txn.usage.read(entry.doc);
    return entry;
  }

  hasMore(): boolean {
    return this.position < this.ranked.length;
  }

  matches(doc: Doc): boolean {
    return filterMatches(this.filters, doc);
  }

  next(): Doc | null {
    return nextMatching(this);
  }

  cursorOf(doc: Doc): string {
    const values = this.keys.get(doc._id) ?? [];
    return JSON.stringify(values.map((value) => JSON.stringify(convexToJson(value))));
  }
}

/** The search text and the equality filters, checked as Convex checks them. */
function compileFilters(
  index: SearchIndexDef,
  indexName: string,
  filters: SearchFilterJson[],
): { text: string; equalities: { fieldPath: string; value: Value | undefined }[] } {
  let text: string | null = null;
  const equalities: { fieldPath: string; value: Value | undefined }[] = [];
  for (const filter of filters) {
    if (filter.type === "Search") {
      if (filter.fieldPath !== index.searchField)
        throw new Error(
          `Search query against ${indexName} contains a search filter against "${filter.fieldPath}", which doesn't match the indexed \`searchField\` "${index.searchField}".`,
        );
      if (text !== null)
        throw new Error(
          `Search query against ${indexName} contains multiple search filters against "${filter.fieldPath}". Only one is allowed.`,
        );
      text = filter.value as string;
    } else {
      if (!index.filterFields.includes(filter.fieldPath))
        throw new Error(
          `Search query against ${indexName} contains an equality filter on "${filter.fieldPath}" but that field isn't indexed for filtering in \`filterFields\`.`,
        );
      equalities.push({ fieldPath: filter.fieldPath, value: decode(filter.value) });
    }
  }
  if (text === null)
    throw new Error(
      `Search query against ${indexName} does not contain any search filters. You must include a search filter like \`q.search("${index.searchField}", searchText)\`.`,
    );
  if (equalities.length > limits.searchFilters)
    throw new Error(
      `Search query against ${indexName} has too many filter conditions. Max: ${limits.searchFilters} Actual: ${equalities.length}`,
    );
  return { text, equalities };
}

function decode(json: JSONValue): Value | undefined {
  if (typeof json === "object" && json !== null && !Array.isArray(json) && "$undefined" in json)
    return undefined;
  return jsonToConvex(json);
}

/** The table's matching documents, best first, each with its sort key (-score, -creation time, id). */
function rank(
  txn: Transaction,
  index: SearchIndexDef,
  terms: string[],
  equalities: { fieldPath: string; value: Value | undefined }[],
): Ranked[] {
  if (terms.length === 0) return [];
  const engine = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    tokenize: convexTokens,
    processTerm: (term) => term,
  });
  const docs: Doc[] = [];
  for (const doc of tableDocuments(txn, index.table)) {
    const text = fieldValue(doc, index.searchField);
    if (typeof text !== "string") continue;
    engine.add({ id: docs.length, text });
    docs.push(doc);
  }
  const passes = (doc: Doc) =>
    equalities.every(({ fieldPath, value }) => {
      const actual = fieldValue(doc, fieldPath);
      return actual === undefined || value === undefined
        ? actual === value
        : compareValues(actual, value) === 0;
    });
  const results = engine.search(terms.join(" "), {
    // Typeahead: only the last term also matches words it is a prefix of.
    prefix: (_term, i, all) => i === all.length - 1,
    fuzzy: false,
    combineWith: "OR",
    tokenize: (text) => text.split(" "),
    filter: (result) => passes(docs[result.id as number]),
  });
  return results
    .map((result) => {
      const doc = docs[result.id as number];
      const keyValues: Value[] = [-result.score, -(doc._creationTime as number), doc._id];
      return { key: encodeKey(keyValues), keyValues, doc };
    })
    .sort((a, b) => Buffer.compare(a.key, b.key));
}
