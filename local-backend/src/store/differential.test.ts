// The durable engine against convex-test as the oracle: seeded random
// programs of inserts, patches, replaces and deletes, each followed by index
// range queries (both orders, with bounds), .first(), .take(n) and full
// pagination, run on both; every answer must be the same.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-argument -- the functions build queries from random specs, which the typed builders cannot express */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { convexTest } from "convex-test";
import { defineSchema, defineTable, mutationGeneric, queryGeneric } from "convex/server";
import { v, type Value } from "convex/values";
import { SqliteEngine } from "../sqliteEngine.js";

const schema = defineSchema({
  items: defineTable({ label: v.number(), k: v.number(), s: v.optional(v.string()), n: v.number() })
    .index("by_k_n", ["k", "n"])
    .index("by_s", ["s"]),
});

type Op =
  | { type: "insert"; label: number; k: number; s?: string; n: number }
  | { type: "patch"; label: number; k?: number; s?: string | null; n?: number }
  | { type: "replace"; label: number; k: number; n: number }
  | { type: "delete"; label: number };
type Spec = {
  index: "by_k_n" | "by_s" | "by_creation_time";
  k?: number;
  lower?: { op: "gt" | "gte"; n: number };
  upper?: { op: "lt" | "lte"; n: number };
  order: "asc" | "desc";
  read:
    | { type: "collect" }
    | { type: "first" }
    | { type: "take"; n: number }
    | { type: "paginate"; pageSize: number };
};

const byLabel = (ctx: { db: any }, label: number) =>
  ctx.db
    .query("items")
    .filter((q: any) => q.eq(q.field("label"), label))
    .first();

const ops = {
  apply: mutationGeneric({
    args: { op: v.any() },
    handler: async (ctx, { op }: { op: Op }) => {
      if (op.type === "insert") {
        const { type: _, ...fields } = op;
        await ctx.db.insert("items", fields);
        return null;
      }
      const doc = await byLabel(ctx, op.label);
      if (doc === null) return "missing";
      if (op.type === "delete") await ctx.db.delete(doc._id);
      else if (op.type === "replace") await ctx.db.replace(doc._id, { label: op.label, k: op.k, n: op.n });
      else {
        const patch: Record<string, unknown> = {};
        if (op.k !== undefined) patch.k = op.k;
        if (op.n !== undefined) patch.n = op.n;
        if (op.s !== undefined) patch.s = op.s === null ? undefined : op.s;
        await ctx.db.patch(doc._id, patch);
      }
      return null;
    },
  }),
  run: queryGeneric({
    args: { spec: v.any(), cursor: v.union(v.string(), v.null()) },
    handler: async (ctx, { spec, cursor }: { spec: Spec; cursor: string | null }) => {
      const q =
        spec.index === "by_creation_time"
          ? ctx.db.query("items").withIndex("by_creation_time")
          : ctx.db.query("items").withIndex(spec.index, (r: any) => {
              if (spec.index === "by_s") return spec.k === undefined ? r : r.eq("s", `s${spec.k}`);
              let range = r.eq("k", spec.k ?? 0);
              if (spec.lower) range = range[spec.lower.op]("n", spec.lower.n);
              if (spec.upper) range = range[spec.upper.op]("n", spec.upper.n);
              return range;
            });
      const ordered = q.order(spec.order);
      const strip = (doc: any) =>
        doc === null ? null : { ...doc, _id: undefined, _creationTime: undefined };
      switch (spec.read.type) {
        case "collect":
          return (await ordered.collect()).map(strip);
        case "first":
          return strip(await ordered.first());
        case "take":
          return (await ordered.take(spec.read.n)).map(strip);
        case "paginate": {
          const page = await ordered.paginate({ cursor, numItems: spec.read.pageSize });
          return { page: page.page.map(strip), isDone: page.isDone, continueCursor: page.continueCursor };
        }
      }
    },
  }),
};

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomOp(rand: () => number, next: { label: number }): Op {
  const int = (n: number) => Math.floor(rand() * n);
  const label = int(Math.max(1, next.label));
  const roll = rand();
  if (roll < 0.45 || next.label === 0) {
    const op: Op = {
      type: "insert",
      label: next.label++,
      k: int(3),
      n: int(10) - 3 + (rand() < 0.3 ? 0.5 : 0),
    };
    if (rand() < 0.7) op.s = `s${int(3)}`;
    return op;
  }
  if (roll < 0.7) {
    const op: Op = { type: "patch", label };
    if (rand() < 0.5) op.k = int(3);
    if (rand() < 0.5) op.n = int(10) - 3;
    if (rand() < 0.3) op.s = rand() < 0.5 ? null : `s${int(3)}`;
    return op;
  }
  if (roll < 0.85) return { type: "replace", label, k: int(3), n: int(10) };
  return { type: "delete", label };
}

function randomSpec(rand: () => number): Spec {
  const int = (n: number) => Math.floor(rand() * n);
  const index = (["by_k_n", "by_k_n", "by_s", "by_creation_time"] as const)[int(4)];
  const spec: Spec = { index, order: rand() < 0.5 ? "asc" : "desc", read: { type: "collect" } };
  if (index !== "by_creation_time" && rand() < 0.8) spec.k = int(3);
  if (index === "by_k_n") {
    if (rand() < 0.5) spec.lower = { op: rand() < 0.5 ? "gt" : "gte", n: int(10) - 3 };
    if (rand() < 0.5) spec.upper = { op: rand() < 0.5 ? "lt" : "lte", n: int(10) - 3 };
  }
  const reads: Spec["read"][] = [
    { type: "collect" },
    { type: "first" },
    { type: "take", n: 1 + int(4) },
    { type: "paginate", pageSize: 1 + int(3) },
  ];
  spec.read = reads[int(reads.length)];
  return spec;
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Runner = {
  mutation(op: Op): Promise<Value>;
  query(spec: Spec, cursor: string | null): Promise<Value>;
};

async function engines(): Promise<{ oracle: Runner; durable: Runner; engine: SqliteEngine }> {
  const module = async () => ops;
  const t = convexTest(schema, { "./ops.ts": module, "./_generated/api.js": module });
  const dir = mkdtempSync(path.join(tmpdir(), "differential-"));
  dirs.push(dir);
  const engine = await SqliteEngine.open({ modulePaths: () => ["ops.ts"], load: module }, schema, dir);
  const unwrap = (outcome: { ok: boolean; value?: Value; errorMessage?: string }) => {
    if (!outcome.ok) throw new Error(outcome.errorMessage);
    return outcome.value!;
  };
  const fnPath = (name: string) => ({ udfPath: `ops:${name}`, componentPath: "" });
  const tt = t as unknown as {
    mutationFromPath(p: unknown, args: unknown): Promise<Value>;
    queryFromPath(p: unknown, args: unknown): Promise<Value>;
  };
  return {
    engine,
    oracle: {
      mutation: (op) => tt.mutationFromPath(fnPath("apply"), { op }),
      query: (spec, cursor) => tt.queryFromPath(fnPath("run"), { spec, cursor }),
    },
    durable: {
      mutation: async (op) => unwrap(await engine.runMutation("ops:apply", { op }, null)),
      query: async (spec, cursor) => unwrap(await engine.runQuery("ops:run", { spec, cursor }, null)),
    },
  };
}

/** Every page of a paginated spec, following continue cursors, as one list of page results. */
async function pages(runner: Runner, spec: Spec): Promise<Value[]> {
  const out: Value[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = (await runner.query(spec, cursor)) as {
      page: Value[];
      isDone: boolean;
      continueCursor: string;
    };
    out.push({ page: page.page, isDone: page.isDone });
    if (page.isDone) return out;
    cursor = page.continueCursor;
  }
  throw new Error("pagination did not end");
}

test.each([1, 2, 3, 4, 5, 6])("random program %i gives the same results on both engines", async (seed) => {
  const rand = random(seed * 7919);
  const { oracle, durable, engine } = await engines();
  const next = { label: 0 };
  try {
    for (let step = 0; step < 60; step++) {
      const op = randomOp(rand, next);
      expect(await durable.mutation(op), JSON.stringify(op)).toEqual(await oracle.mutation(op));
      for (let q = 0; q < 3; q++) {
        const spec = randomSpec(rand);
        const what = `step ${step}: ${JSON.stringify(spec)}`;
        if (spec.read.type === "paginate")
          expect(await pages(durable, spec), what).toEqual(await pages(oracle, spec));
        else expect(await durable.query(spec, null), what).toEqual(await oracle.query(spec, null));
      }
    }
  } finally {
    engine.close();
  }
});
