// Snapshot export and import in Convex's own ZIP format (what `npx convex
// export` writes and `npx convex import` reads): README.md,
// `_tables/documents.jsonl` (each user table's name and number), and per
// table `<table>/documents.jsonl` (one document per line, in Convex's
// lossless export JSON: int64 as a bare integer, float64 always with a dot or
// exponent, bytes and non-finite floats as `$`-tagged objects) plus a
// `generated_schema.jsonl` holding "uniform".
import { createWriteStream, readFileSync } from "node:fs";
import { Zip, ZipDeflate, strFromU8, strToU8, unzipSync } from "fflate";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Doc } from "../readSet.js";
import { Catalog } from "./catalog.js";
import { SqliteStore } from "./sqliteStore.js";
import { tableDocuments } from "./schemaPush.js";
import { Transaction } from "./transaction.js";

const README = `# Welcome to your Convex snapshot export!

This ZIP file contains a snapshot of the tables in your Convex deployment
(here: the tabbook local backend).

Documents for each table are listed as lines of JSON in
<table_name>/documents.jsonl files.

Import it into a deployment with \`npx convex import\`.
`;

/** Writes the data dir's user tables to `file`; returns the number of documents per table. */
export async function exportSnapshot(dataDir: string, file: string): Promise<Record<string, number>> {
  const store = new SqliteStore(dataDir);
  const out = createWriteStream(file);
  const finished = new Promise<void>((resolve, reject) => {
    out.on("finish", resolve);
    out.on("error", reject);
  });
  const counts: Record<string, number> = {};
  try {
    const catalog = new Catalog(store);
    const zip = new Zip((error, chunk, final) => {
      if (error) out.destroy(error);
      else {
        out.write(chunk);
        if (final) out.end();
      }
    });
    const entry = (name: string, text: string) => {
      const file = new ZipDeflate(name, { level: 6 });
      zip.add(file);
      file.push(strToU8(text), true);
    };
    entry("README.md", README);
    const tables = catalog
      .tables()
      .filter((table) => !table.startsWith("_"))
      .map((name) => ({ name, id: catalog.tableNumber(name) }))
      .sort((a, b) => a.id - b.id);
    entry("_tables/documents.jsonl", tables.map((t) => JSON.stringify(t) + "\n").join(""));
    for (const { name } of tables) {
      const documents = new ZipDeflate(`${name}/documents.jsonl`, { level: 6 });
      zip.add(documents);
      counts[name] = 0;
      for (const doc of tableDocuments(store, catalog, name)) {
        documents.push(strToU8(exportJson(doc) + "\n"));
        counts[name]++;
      }
      documents.push(new Uint8Array(0), true);
      entry(`${name}/generated_schema.jsonl`, '"uniform"\n');
    }
    zip.end();
  } finally {
    store.close();
  }
  await finished;
  return counts;
}

/**
 * Loads a snapshot ZIP into the data dir (the backend must be stopped). The
 * snapshot's tables must be empty here unless `replace`; documents keep
 * their IDs and creation times. Schema indexes are rebuilt on the next start.
 */
export function importSnapshot(dataDir: string, file: string, replace: boolean): Record<string, number> {
  const entries = unzipSync(readFileSync(file));
  const text = (name: string) => {
    const key = Object.keys(entries).find((k) => k === name || k.endsWith(`/${name}`));
    return key === undefined ? null : strFromU8(entries[key]);
  };
  const tablesFile = text("_tables/documents.jsonl");
  if (tablesFile === null)
    throw new Error(`${file} is not a Convex snapshot: it has no _tables/documents.jsonl`);
  const tables = lines(tablesFile).map((line) => JSON.parse(line) as { name: string; id: number });
  const store = new SqliteStore(dataDir);
  const counts: Record<string, number> = {};
  try {
    const registry = store.getGlobal<Record<string, number>>("tables") ?? {};
    for (const { name, id } of tables) {
      const holder = Object.entries(registry).find(([, number]) => number === id)?.[0];
      if (
        (registry[name] !== undefined && registry[name] !== id) ||
        (holder !== undefined && holder !== name)
      )
        throw new Error(
          `Table "${name}" has number ${id} in the snapshot but not here; import into a wiped data dir (npm run backend -- wipe).`,
        );
      registry[name] = id;
    }
    store.transaction(() => {
      store.setGlobal("tables", registry);
      const catalog = new Catalog(store);
      const ts = Math.max((store.getGlobal<number>("max_ts") ?? 0) + 1, Date.now() * 1000);
      const txn = new Transaction(store, catalog, ts, ts);
      for (const { name } of tables) {
        const existing = [...tableDocuments(store, catalog, name)];
        if (existing.length > 0 && !replace)
          throw new Error(
            `Table "${name}" already has ${existing.length} document(s); use --replace to overwrite it.`,
          );
        for (const doc of existing) txn.write(name, doc._id, doc, null);
        const documents = text(`${name}/documents.jsonl`) ?? "";
        counts[name] = 0;
        for (const line of lines(documents)) {
          const doc = parseExportJson(line) as Doc;
          if (catalog.tableOf(doc._id) !== name)
            throw new Error(`Document ID ${doc._id} is not an ID of table "${name}"`);
          txn.write(name, doc._id, null, doc);
          counts[name]++;
        }
      }
      // Only the system indexes were written: have the next start rebuild the schema's.
      const indexes = store.getGlobal<Record<string, string[]>>("indexes") ?? {};
      for (const id of Object.keys(indexes)) {
        const [table, index] = id.split(".");
        if (tables.some((t) => t.name === table) && index !== "by_id" && index !== "by_creation_time")
          delete indexes[id];
      }
      store.setGlobal("indexes", indexes);
      store.setGlobal("max_ts", ts);
      // And check the imported documents against the schema then.
      store.setGlobal("schema", null);
    });
  } finally {
    store.close();
  }
  return counts;
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

/** A value in Convex's lossless export JSON. */
export function exportJson(value: Value): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      if (!Number.isFinite(value)) return JSON.stringify({ $float: float64Base64(value) });
      if (Object.is(value, -0)) return "-0.0";
      return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
    case "boolean":
      return String(value);
    case "string":
      return JSON.stringify(value);
  }
  if (value instanceof ArrayBuffer) return JSON.stringify({ $bytes: Buffer.from(value).toString("base64") });
  if (Array.isArray(value)) return `[${value.map(exportJson).join(",")}]`;
  const fields = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${exportJson(v as Value)}`).join(",")}}`;
}

function float64Base64(value: number): string {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return bytes.toString("base64");
}

/** Parses Convex's export JSON, telling integers (int64) from numbers with a dot or exponent (float64). */
export function parseExportJson(text: string): Value {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
  };
  const string = (): string => {
    const from = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(from, i)) as string;
  };
  const value = (): Value => {
    ws();
    const from = i;
    if (text[i] === "{") {
      i++;
      const entries: [string, Value][] = [];
      ws();
      if (text[i] === "}") i++;
      else
        for (;;) {
          ws();
          const key = string();
          ws();
          i++; // the colon
          entries.push([key, value()]);
          ws();
          if (text[i++] === "}") break;
        }
      // `{"$bytes": …}`, `{"$integer": …}`, `{"$float": …}`: Convex's tagged JSON.
      if (entries.length === 1 && entries[0][0] === "$float" && typeof entries[0][1] === "string")
        return Buffer.from(entries[0][1], "base64").readDoubleLE(0);
      if (entries.length > 0 && entries[0][0].startsWith("$"))
        return jsonToConvex(JSON.parse(text.slice(from, i)) as JSONValue);
      return Object.fromEntries(entries);
    }
    if (text[i] === "[") {
      i++;
      const items: Value[] = [];
      ws();
      if (text[i] === "]") i++;
      else
        for (;;) {
          items.push(value());
          ws();
          if (text[i++] === "]") break;
        }
      return items;
    }
    if (text[i] === '"') return string();
    const literal = /^(true|false|null|-?\d+(\.\d+)?([eE][-+]?\d+)?)/.exec(text.slice(i, i + 400))?.[0];
    if (literal === undefined) throw new Error(`Invalid JSON at ${i}: ${text.slice(i, i + 20)}`);
    i += literal.length;
    if (literal === "true" || literal === "false") return literal === "true";
    if (literal === "null") return null;
    return /[.eE]/.test(literal) ? Number(literal) : BigInt(literal);
  };
  return value();
}
