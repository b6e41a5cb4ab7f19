import { describe, expect, it } from "vitest";
import { defineSchema, defineTable } from "convex/server";
import { v, compareValues, type Value } from "convex/values";
import { convexTest } from "./fastConvexTest.js";

// The patched convex-test must answer index ranges exactly as a plain scan
// would: checked against a model over random writes, committed and pending.
const schema = defineSchema({
  items: defineTable({ group: v.string(), key: v.union(v.string(), v.number()), rank: v.number() })
    .index("by_group_and_key", ["group", "key"])
    .index("by_key", ["key"]),
  others: defineTable({ group: v.string() }).index("by_group", ["group"]),
});
const modules = { "./_generated/placeholder.js": () => Promise.reject(new Error("not a module")) };

type Item = { _id: string; _creationTime: number; group: string; key: string | number; rank: number };
type Db = {
  insert(table: string, doc: Record<string, Value>): Promise<string>;
  patch(table: string, id: string, fields: Record<string, Value>): Promise<void>;
  delete(table: string, id: string): Promise<void>;
  query(table: string): {
    withIndex(index: string, range: (q: RangeBuilder) => RangeBuilder): { collect(): Promise<Item[]> };
  };
};
type RangeBuilder = {
  eq(field: string, value: Value): RangeBuilder;
  gt(field: string, value: Value): RangeBuilder;
};

function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
}

const GROUPS = ["a", "b", "c"];
const KEYS: (string | number)[] = ["x", "y", "z", 1, 2];

function byIndex(fields: (keyof Item)[]) {
  return (a: Item, b: Item) => {
    for (const f of [...fields, "_creationTime", "_id"] as (keyof Item)[]) {
      const cmp = compareValues(a[f], b[f]);
      if (cmp !== 0) return cmp;
    }
    return 0;
  };
}

describe("fastConvexTest", () => {
  it("answers eq and range queries like a full scan, across commits, deletes and pending writes", async () => {
    const t = convexTest(schema, modules) as unknown as {
      run<T>(fn: (ctx: { db: Db }) => Promise<T>): Promise<T>;
    };
    const next = random(42);
    const model = new Map<string, Item>();
    for (let round = 0; round < 12; round++) {
      await t.run(async ({ db }) => {
        for (let op = 0; op < 15; op++) {
          const ids = [...model.keys()];
          const choice = next(10);
          if (choice < 5 || ids.length === 0) {
            const doc = { group: GROUPS[next(3)], key: KEYS[next(5)], rank: next(100) };
            const id = await db.insert("items", doc);
            await db.insert("others", { group: doc.group });
            model.set(id, { ...doc, _id: id, _creationTime: 0 });
          } else if (choice < 8) {
            const id = ids[next(ids.length)];
            const fields = { group: GROUPS[next(3)], key: KEYS[next(5)] };
            await db.patch("items", id, fields);
            model.set(id, { ...model.get(id)!, ...fields });
          } else {
            const id = ids[next(ids.length)];
            await db.delete("items", id);
            model.delete(id);
          }
        }
        // Reads inside the transaction see its own pending writes too.
        for (const group of GROUPS) {
          for (const key of KEYS) {
            const got = await db
              .query("items")
              .withIndex("by_group_and_key", (q) => q.eq("group", group).eq("key", key))
              .collect();
            const want = [...model.values()].filter((d) => d.group === group && d.key === key);
            expect(got.map((d) => d._id).sort()).toEqual(want.map((d) => d._id).sort());
          }
          const after = await db
            .query("items")
            .withIndex("by_group_and_key", (q) => q.eq("group", group).gt("key", "x"))
            .collect();
          const expected = [...model.values()]
            .filter((d) => d.group === group && compareValues(d.key, "x") > 0)
            .map((d) => d._id);
          expect(after.map((d) => d._id).sort()).toEqual(expected.sort());
        }
        const byKey = await db
          .query("items")
          .withIndex("by_key", (q) => q.eq("key", 1))
          .collect();
        expect(byKey.map((d) => d._id)).toEqual(
          [...model.values()]
            .filter((d) => d.key === 1)
            .map((d) => ({ ...d, _creationTime: byKey.find((b) => b._id === d._id)?._creationTime ?? 0 }))
            .sort(byIndex(["key"]))
            .map((d) => d._id),
        );
      });
    }
    expect(model.size).toBeGreaterThan(20);
  });
});
