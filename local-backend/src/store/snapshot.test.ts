// Snapshot export and import in Convex's ZIP format: a round trip keeps every
// document with its ID, creation time and exact value types, the schema's
// indexes work after the import, and the file has Convex's layout.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { defineSchema, defineTable, mutationGeneric, queryGeneric } from "convex/server";
import { v, type Value } from "convex/values";
import { SqliteEngine } from "../sqliteEngine.js";
import { exportSnapshot, importSnapshot } from "./snapshot.js";
import { wipeData } from "./sqliteStore.js";

const schema = defineSchema({
  things: defineTable({ tag: v.string(), value: v.any() }).index("by_tag", ["tag"]),
  notes: defineTable({ text: v.string() }),
});

const VALUES: Value[] = [
  5,
  -0,
  2.5,
  1e300,
  Infinity,
  -Infinity,
  123n,
  -(2n ** 63n),
  'quote " and é and \u{1F600}',
  true,
  null,
  new Uint8Array([0, 1, 255]).buffer,
  [1n, 1, ["nested", { deep: 2n }]],
  { a: 1, b: { c: [] } },
];

const module = {
  seed: mutationGeneric({
    args: {},
    handler: async (ctx) => {
      for (const [i, value] of VALUES.entries()) await ctx.db.insert("things", { tag: `t${i % 3}`, value });
      await ctx.db.insert("notes", { text: "hello" });
      return null;
    },
  }),
  all: queryGeneric({
    args: {},
    handler: async (ctx) => ({
      things: await ctx.db.query("things").collect(),
      notes: await ctx.db.query("notes").collect(),
      t1: await ctx.db
        .query("things")
        .withIndex("by_tag", (q) => q.eq("tag", "t1"))
        .collect(),
    }),
  }),
};

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "snapshot-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const open = (dir: string) =>
  SqliteEngine.open({ modulePaths: () => ["m.ts"], load: () => Promise.resolve(module) }, schema, dir);

async function run(engine: SqliteEngine, kind: "query" | "mutation", name: string): Promise<Value> {
  const outcome =
    kind === "query"
      ? await engine.runQuery(`m:${name}`, {}, null)
      : await engine.runMutation(`m:${name}`, {}, null);
  if (!outcome.ok) throw new Error(outcome.errorMessage);
  return outcome.value;
}

test("export then import into a fresh data dir gives back every document, ID, creation time and value type", async () => {
  const source = tempDir();
  const engine = await open(source);
  await run(engine, "mutation", "seed");
  const before = await run(engine, "query", "all");
  engine.close();

  const zip = path.join(tempDir(), "snapshot.zip");
  expect(await exportSnapshot(source, zip)).toEqual({ things: VALUES.length, notes: 1 });
  const files = unzipSync(readFileSync(zip));
  expect(Object.keys(files).sort()).toEqual([
    "README.md",
    "_tables/documents.jsonl",
    "notes/documents.jsonl",
    "notes/generated_schema.jsonl",
    "things/documents.jsonl",
    "things/generated_schema.jsonl",
  ]);
  const things = strFromU8(files["things/documents.jsonl"]).trim().split("\n");
  expect(things[0]).toMatch(/"value":5\.0[,}]/);
  expect(things[6]).toMatch(/"value":123[,}]/);
  expect(strFromU8(files["_tables/documents.jsonl"])).toMatch(/^\{"name":"things","id":\d+\}\n/);

  const target = tempDir();
  expect(importSnapshot(target, zip, false)).toEqual({ things: VALUES.length, notes: 1 });
  const imported = await open(target);
  expect(await run(imported, "query", "all")).toEqual(before);
  // New documents get fresh IDs next to the imported ones.
  await run(imported, "mutation", "seed");
  const after = (await run(imported, "query", "all")) as { things: { _id: string }[] };
  expect(new Set(after.things.map((t) => t._id)).size).toBe(2 * VALUES.length);
  imported.close();

  // Importing again over data needs --replace, which replaces the tables.
  expect(() => importSnapshot(target, zip, false)).toThrow(/already has .* use --replace/);
  importSnapshot(target, zip, true);
  const replaced = await open(target);
  expect(await run(replaced, "query", "all")).toEqual(before);
  replaced.close();
});

test("wipe leaves an empty deployment", async () => {
  const dir = tempDir();
  const engine = await open(dir);
  await run(engine, "mutation", "seed");
  engine.close();
  wipeData(dir);
  const wiped = await open(dir);
  expect(await run(wiped, "query", "all")).toEqual({ things: [], notes: [], t1: [] });
  wiped.close();
});
