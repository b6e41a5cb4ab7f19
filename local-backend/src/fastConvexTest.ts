// convex-test, which the engine runs functions on, finds a table's documents
// by testing every document ID in the whole database against a regex, on
// every query: each read costs O(database). Fine for unit tests, too slow
// for a backend under load (see `npm run bench`). So the engine loads the
// pinned convex-test with one change: an ID set per table, kept up to date
// where commits write documents, and a hash index for index ranges that
// start with an equality on a string. It also swaps convex-test's guessable
// counter IDs for Convex-format ones with random bits (documentIds.ts). The
// patch is applied to the package's own source at start-up and fails loudly
// if that source is not what it expects.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { convexTest as ConvexTest } from "convex-test";
import { newDocumentId, tableOfDocumentId, TableNumbers } from "./documentIds.js";

type Patch = { find: string; replace: string };

const PATCHES: Patch[] = [
  // IDs: unguessable, in Convex's format, from the scheme the engine installs.
  {
    find: `    _generateId(table) {
        const counterPadLen = TYPICAL_CONVEX_ID_LENGTH - table.length;
        const counter = this._nextDocId.toString().padStart(counterPadLen, "0");
        const id = counter + table;
        this._nextDocId += 1;
        return id;
    }`,
    replace: `    _generateId(table) {
        return documentIdScheme.newId(table);
    }`,
  },
  {
    find: `function tableNameFromId(id) {
    const match = id.match(/^[0-9]+/);
    if (!match || match[0].length === id.length) {
        return null;
    }
    return id.slice(match[0].length);
}`,
    replace: `let documentIdScheme = null;
export function setDocumentIdScheme(scheme) {
    documentIdScheme = scheme;
}
function tableNameFromId(id) {
    return documentIdScheme.tableOf(id);
}`,
  },
  // A table's documents: from its ID set, not a regex over every ID.
  {
    find: "const ids = new Set(Object.keys(this._documents).filter(isInTable));",
    replace: "const ids = new Set(this._idsOfTable(tableName));",
  },
  // An index range with `eq` on a string (a session ID, a slug, a rate
  // limit's key): only the documents with that value, from a hash index (the
  // most selective one). The range is still checked on each, so the result
  // is unchanged.
  {
    find: `                validateIndexRangeExpression(source, fields);
                this._iterateDocs(tableName, (doc) => {`,
    replace: `                validateIndexRangeExpression(source, fields);
                this._iterateIndexCandidates(tableName, source.range, (doc) => {`,
  },
  {
    find: "    _iterateDocs(tableName, callback) {",
    replace: `    _idsOfTable(table) {
        this._tableIds ??= new Map();
        let ids = this._tableIds.get(table);
        if (ids === undefined) this._tableIds.set(table, (ids = new Set()));
        return ids;
    }
    _stringIndex(table, fieldPath) {
        this._stringIndexes ??= new Map();
        const key = table + "\\u0000" + fieldPath;
        let index = this._stringIndexes.get(key);
        if (index === undefined) {
            index = { table, fieldPath, byValue: new Map() };
            this._stringIndexes.set(key, index);
            for (const id of this._idsOfTable(table)) this._indexDoc(index, id, this._documents[id], true);
        }
        return index;
    }
    _indexDoc(index, id, doc, add) {
        const value = doc === undefined || doc === null ? undefined : evaluateFieldPath(index.fieldPath, doc);
        if (typeof value !== "string") return;
        let ids = index.byValue.get(value);
        if (ids === undefined) index.byValue.set(value, (ids = new Set()));
        if (add) ids.add(id);
        else ids.delete(id);
    }
    _reindex(id, before, after) {
        const table = tableNameFromId(id);
        if (before === undefined) this._idsOfTable(table).add(id);
        if (after === null) this._idsOfTable(table).delete(id);
        for (const index of this._stringIndexes?.values() ?? []) {
            if (index.table !== table) continue;
            this._indexDoc(index, id, before, false);
            this._indexDoc(index, id, after, true);
        }
    }
    _iterateIndexCandidates(tableName, range, callback) {
        let fewest = null;
        for (const expr of range) {
            if (expr.type !== "Eq" || typeof expr.value !== "string") continue;
            const ids = this._stringIndex(tableName, expr.fieldPath).byValue.get(expr.value) ?? new Set();
            if (fewest === null || ids.size < fewest.size) fewest = ids;
        }
        if (fewest === null) return this._iterateDocs(tableName, callback);
        const ids = new Set(fewest);
        for (const level of this._writes) {
            for (const id of Object.keys(level)) if (tableNameFromId(id) === tableName) ids.add(id);
        }
        for (const id of ids) {
            const document = this.get(tableName, id);
            if (document !== null) callback(document);
        }
    }
    _iterateDocs(tableName, callback) {`,
  },
  {
    find: `                if (write === null) {
                    delete this._documents[_id];
                }
                else {
                    this._documents[_id] =
                        commitTs === null ? write : resolveCommittedValues(write, commitTs);
                }`,
    replace: `                const before = this._documents[_id];
                if (write === null) {
                    delete this._documents[_id];
                }
                else {
                    this._documents[_id] =
                        commitTs === null ? write : resolveCommittedValues(write, commitTs);
                }
                this._reindex(_id, before, this._documents[_id] ?? null);`,
  },
];

function patchedSource(): { file: string; source: string } {
  const require = createRequire(import.meta.url);
  const file = require.resolve("convex-test");
  let source = readFileSync(file, "utf8");
  for (const { find, replace } of PATCHES) {
    if (source.split(find).length !== 2) {
      throw new Error(
        `local-backend: convex-test's source changed (looked for "${find.trim()}"); update fastConvexTest.ts.`,
      );
    }
    source = source.replace(find, replace);
  }
  // Its one relative import must still reach the package's own file.
  source = source.replace(
    '"./transactionMetrics.js"',
    JSON.stringify(pathToFileURL(path.join(path.dirname(file), "transactionMetrics.js")).href),
  );
  return { file, source };
}

/** Under node_modules, so the copy resolves `convex/server` and `convex/values` like the original. */
type PatchedModule = {
  convexTest: typeof ConvexTest;
  setDocumentIdScheme(scheme: { newId(table: string): string; tableOf(id: string): string | null }): void;
};

async function load(): Promise<PatchedModule> {
  const { file, source } = patchedSource();
  const dir = path.join(
    file.slice(0, file.lastIndexOf(`${path.sep}node_modules${path.sep}`)),
    "node_modules",
    ".cache",
    "tabbook-local-backend",
  );
  mkdirSync(dir, { recursive: true });
  const target = path.join(
    dir,
    `convex-test-${createHash("sha256").update(source).digest("hex").slice(0, 16)}.mjs`,
  );
  if (!existsSync(target)) {
    // Several backends may start at once: write aside, then rename into place.
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, source);
    renameSync(temporary, target);
  }
  return (await import(pathToFileURL(target).href)) as PatchedModule;
}

/**
 * The IDs of this process's documents. `reuse` makes the next insert into an
 * ID's table take that ID, so a restarted instance keeps its documents' IDs.
 */
export class DocumentIdScheme {
  readonly tables = new TableNumbers();
  private readonly reused = new Map<string, string>();

  newId(table: string): string {
    const id = this.reused.get(table);
    if (id === undefined) return newDocumentId(this.tables, table);
    this.reused.delete(table);
    return id;
  }

  tableOf(id: string): string | null {
    return tableOfDocumentId(this.tables, id);
  }

  reuse(id: string): void {
    const table = this.tableOf(id);
    if (table === null) throw new Error(`Not a document ID: ${id}`);
    this.reused.set(table, id);
  }

  /** Forgets IDs set aside for inserts that were refused before taking them. */
  endReuse(): void {
    this.reused.clear();
  }
}

const patched = await load();
export const documentIds = new DocumentIdScheme();
patched.setDocumentIdScheme(documentIds);
export const convexTest = patched.convexTest;
