// Parity with a real Convex deployment where apps notice it: full-text and
// vector search, which files are loaded as the CLI would push them, the
// deployment's error texts, and its documented limits. Drives a backend on
// the conformance fixture with the unmodified `convex/browser` clients. Some
// transaction limits are lowered for this backend (LOCAL_BACKEND_TEST_LIMITS)
// so they are reached in a few documents; the others are tested at their
// real size, and limits.test.ts checks the defaults are the documented ones.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { getConvexSize, getDocumentSize } from "convex/values";
import { makeFunctionReference } from "convex/server";
import { api } from "./fixtures/conformance/convex/_generated/api.js";
import {
  ClientPool,
  errorOf,
  showBackendOutputOnFailure,
  startBackend,
  uid,
  type Backend,
} from "./helpers.js";

const LOWERED = {
  documentsRead: 40,
  indexRangesRead: 30,
  bytesRead: 40_000,
  documentsWritten: 30,
  argumentsBytes: 20_000,
  nodeActionArgumentsBytes: 10_000,
  returnBytes: 20_000,
  searchResults: 20,
};

let backend: Backend;
const clients = new ClientPool();

beforeAll(async () => {
  process.env.LOCAL_BACKEND_TEST_LIMITS = JSON.stringify(LOWERED);
  try {
    backend = await startBackend();
  } finally {
    delete process.env.LOCAL_BACKEND_TEST_LIMITS;
  }
}, 120_000);

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
}, 60_000);

beforeEach(showBackendOutputOnFailure(() => backend));

afterEach(async () => {
  await clients.closeAll();
});

async function addNotes(shelf: string, bodies: string[], lang?: string) {
  await clients.http(backend).mutation(api.search.addNotes, { shelf, bodies, lang });
}

function find(shelf: string, text: string, options: { take?: number; lang?: string } = {}) {
  return clients.http(backend).query(api.search.find, { shelf, text, ...options });
}

describe("full-text search, as Convex searches (docs.convex.dev/search/text-search)", () => {
  test("results come in BM25 relevance order, not insertion order ('Relevance order': term frequency, field length)", async () => {
    const shelf = uid("relevance");
    await addNotes(shelf, [
      "a long story about many things where a cat appears once near the end",
      "cat",
      "cat cat dog",
    ]);
    expect(await find(shelf, "cat")).toEqual([
      "cat cat dog",
      "cat",
      "a long story about many things where a cat appears once near the end",
    ]);
    expect(await find(shelf, "cat", { take: 1 })).toEqual(["cat cat dog"]);
  });

  test("equal scores come newest first ('If multiple documents have the same score, the newest documents are returned first')", async () => {
    const shelf = uid("ties");
    for (const body of ["tie alpha", "tie bravo", "tie delta"]) await addNotes(shelf, [body]);
    expect(await find(shelf, "tie")).toEqual(["tie delta", "tie bravo", "tie alpha"]);
  });

  test("text is split like tantivy's SimpleTokenizer (on every non-alphanumeric character) and lowercased", async () => {
    const shelf = uid("tokens");
    await addNotes(shelf, [
      "Real-time sync",
      "write to ada@example.com",
      "see https://docs.convex.dev/search for more",
      "HELLO there",
    ]);
    expect(await find(shelf, "time")).toEqual(["Real-time sync"]);
    expect(await find(shelf, "example")).toEqual(["write to ada@example.com"]);
    expect(await find(shelf, "ada")).toEqual(["write to ada@example.com"]);
    expect(await find(shelf, "convex")).toEqual(["see https://docs.convex.dev/search for more"]);
    expect(await find(shelf, "hello")).toEqual(["HELLO there"]);
  });

  test("only the last term is a prefix ('Typeahead Search'): \"hel world\" finds the two world* notes, not hello/help", async () => {
    const shelf = uid("prefix");
    await addNotes(shelf, ["hello there", "help me", "world news", "worldwide web"]);
    expect((await find(shelf, "hel world")).sort()).toEqual(["world news", "worldwide web"]);
    expect((await find(shelf, "world hel")).sort()).toEqual(["hello there", "help me", "world news"]);
  });

  test("equality filters on the index's filter fields hold, and other fields are refused with Convex's message", async () => {
    const shelf = uid("filters");
    const other = uid("filters-other");
    await addNotes(shelf, ["bonjour le monde"], "fr");
    await addNotes(shelf, ["hello world"], "en");
    await addNotes(other, ["hello from the other shelf"]);
    expect(await find(shelf, "hello bonjour")).toHaveLength(2);
    expect(await find(shelf, "hello bonjour", { lang: "fr" })).toEqual(["bonjour le monde"]);
    const error = await errorOf(clients.http(backend).query(api.search.findByUnindexedField, { text: "x" }));
    expect(error.message).toContain(
      'Search query against notes.search_body contains an equality filter on "body" but that field isn\'t indexed for filtering in `filterFields`.',
    );
  });

  test("a query uses its first 16 terms only, and terms of 32 bytes or more are dropped (crates/search constants)", async () => {
    const shelf = uid("terms");
    await addNotes(shelf, ["zebra crossing", `${"b".repeat(31)} kept`, `${"c".repeat(32)} dropped`]);
    const sixteenOthers = Array.from({ length: 16 }, (_, i) => `nothing${i}`).join(" ");
    expect(await find(shelf, `${sixteenOthers} zebra`)).toEqual([]);
    expect(await find(shelf, `${sixteenOthers.split(" ").slice(1).join(" ")} zebra`)).toEqual([
      "zebra crossing",
    ]);
    expect(await find(shelf, "b".repeat(31))).toEqual([`${"b".repeat(31)} kept`]);
    expect(await find(shelf, "c".repeat(31))).toEqual([]);
  });

  test("fetching more than the result limit fails with Convex's message; taking up to it works", async () => {
    const shelf = uid("many");
    const bodies = Array.from({ length: LOWERED.searchResults + 1 }, (_, i) => `many notes ${i}`);
    await addNotes(shelf, bodies);
    expect(await find(shelf, "many", { take: LOWERED.searchResults })).toHaveLength(LOWERED.searchResults);
    const error = await errorOf(find(shelf, "many"));
    expect(error.message).toContain(
      `Search query scanned too many documents (fetched ${LOWERED.searchResults}).`,
    );
  });

  test("search results paginate in relevance order, every match once", async () => {
    const shelf = uid("pages");
    await addNotes(shelf, [
      "page one",
      "page page two",
      "page three three",
      "page four",
      "page page page five",
    ]);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const result: { page: string[]; isDone: boolean; continueCursor: string } = await clients
        .http(backend)
        .query(api.search.findPage, { shelf, text: "page", paginationOpts: { numItems: 2, cursor } });
      seen.push(...result.page);
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    expect(seen).toEqual(await find(shelf, "page"));
    expect(new Set(seen).size).toBe(5);
  });

  test("a live search query updates when a matching note is added", async () => {
    const shelf = uid("live");
    await addNotes(shelf, ["live one"]);
    const client = clients.ws(backend);
    const updates: string[][] = [];
    let notify: () => void = () => {};
    const unsubscribe = client.onUpdate(api.search.find, { shelf, text: "live" }, (bodies) => {
      updates.push(bodies);
      notify();
    });
    const waitForUpdates = (n: number) =>
      new Promise<void>((resolve) => {
        notify = () => updates.length >= n && resolve();
        notify();
      });
    await waitForUpdates(1);
    await addNotes(shelf, ["live live two"]);
    await waitForUpdates(2);
    unsubscribe();
    expect(updates.at(-1)).toEqual(["live live two", "live one"]);
  });
});

describe("vector search in actions", () => {
  test("nearest vectors first, within the filter, with scores", async () => {
    const shelf = uid("vectors");
    const ids = await clients.http(backend).mutation(api.search.addPoints, {
      shelf,
      vectors: [
        [1, 0, 0],
        [0, 1, 0],
        [0.9, 0.1, 0],
      ],
    });
    await clients
      .http(backend)
      .mutation(api.search.addPoints, { shelf: uid("elsewhere"), vectors: [[1, 0, 0]] });
    const results = await clients
      .http(backend)
      .action(api.search.nearest, { shelf, vector: [1, 0, 0], limit: 2 });
    expect(results.map((r) => r._id)).toEqual([ids[0], ids[2]]);
    expect(results[0]._score).toBeCloseTo(1);
  });

  test("a query vector of the wrong dimension is refused (VectorDimensionsMismatch)", async () => {
    const error = await errorOf(
      clients.http(backend).action(api.search.nearest, { shelf: uid("dims"), vector: [1, 0] }),
    );
    expect(error.message).toContain("Expected a vector with dimensions 3, received 2.");
  });
});

describe("module loading, as the Convex CLI pushes (its bundler's entryPoints)", () => {
  test('start-up skips _generated/ (a generateCommonJSApi .cjs is there), dotfiles and multi-dot files, and loads CommonJS and "use node" modules', async () => {
    // The fixture's _generated/api_cjs.cjs, .scratch.ts and notes.helpers.ts all throw if loaded.
    const http = clients.http(backend);
    expect(
      await http.query(makeFunctionReference<"query", Record<string, never>, string>("legacy:hello"), {}),
    ).toBe("hello from CommonJS");
    expect(await http.action(api.nodeActions.digest, { text: "abc" })).toBe("ba7816bf");
    const skipped = await errorOf(http.query(makeFunctionReference<"query">("notes.helpers:anything"), {}));
    expect(skipped.message).toContain("Could not find public function for 'notes.helpers:anything'");
  });

  test('"use node" in crons.ts is refused at start-up with the CLI\'s message', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "use-node-crons-"));
    const functionsDir = path.join(dir, "convex");
    try {
      writeFileSync(path.join(dir, "package.json"), "{}");
      const { mkdirSync } = await import("node:fs");
      mkdirSync(functionsDir);
      writeFileSync(
        path.join(functionsDir, "crons.ts"),
        `"use node";\nimport { cronJobs } from "convex/server";\nexport default cronJobs();\n`,
      );
      await expect(startBackend({ functionsDir })).rejects.toThrow(
        '"use node" directive is not allowed for crons.ts.',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("error texts, as a deployment words them", () => {
  test("ArgumentValidationError names the bad field's path, and is not an uncaught exception", async () => {
    const error = await errorOf(
      clients.http(backend).query(api.limits.echo, { payload: 42 as unknown as string }),
    );
    expect(error.message).toContain(
      "ArgumentValidationError: Value does not match validator.\nPath: .payload\nValue: 42\nValidator: v.string()",
    );
    expect(error.message).not.toContain("Uncaught");
  });

  test("missing and internal functions, and calls of the wrong kind, in Convex's words (crates/udf/src/validation.rs)", async () => {
    const ws = clients.ws(backend);
    const http = clients.http(backend);
    const missing = makeFunctionReference<"query">("nope:nothing");
    for (const call of [() => ws.query(missing, {}), () => http.query(missing, {})]) {
      const error = await errorOf(call());
      expect(error.message).toContain("Could not find public function for 'nope:nothing'.");
    }
    const internal = await errorOf(http.mutation(makeFunctionReference<"mutation">("limits:noop"), {}));
    expect(internal.message).toContain("Could not find public function for 'limits:noop'.");
    const wrongKind = await errorOf(
      http.query(makeFunctionReference<"query">("search:addNotes"), { shelf: "x", bodies: [] }),
    );
    expect(wrongKind.message).toContain(
      "Trying to execute search.js:addNotes as Query, but it is defined as Mutation.",
    );
  });
});

describe("Convex's documented limits (docs.convex.dev/production/state/limits)", () => {
  test("query/mutation execution time, 1 second of user code: under it passes, past it the call is refused", async () => {
    const http = clients.http(backend);
    expect(await http.query(api.limits.spinQuery, { ms: 600 })).toBe(600);
    const error = await errorOf(http.query(api.limits.spinQuery, { ms: 1_200 }));
    expect(error.message).toContain("Function execution timed out (maximum duration: 1s)");
  });

  test("a mutation past the time limit fails even if it catches the refusal, and writes nothing", async () => {
    const shelf = uid("timeout");
    const http = clients.http(backend);
    const error = await errorOf(http.mutation(api.limits.spinAndCatch, { ms: 1_200, shelf }));
    expect(error.message).toContain("Function execution timed out");
    expect(await http.query(api.limits.readBlobs, { shelf })).toBe(0);
  });

  test("argument size: at the limit passes, one byte over is refused", async () => {
    const http = clients.http(backend);
    const overhead = getConvexSize([{ payload: "" }]);
    const atLimit = "x".repeat(LOWERED.argumentsBytes - overhead);
    expect(await http.query(api.limits.echo, { payload: atLimit })).toBe(atLimit.length);
    const error = await errorOf(http.query(api.limits.echo, { payload: `${atLimit}x` }));
    expect(error.message).toContain(
      "Arguments for limits.js:echo are too large (actual: 19.53 KiB, limit: 19.53 KiB)",
    );
  });

  test("return value size: at the limit passes, one byte over is refused", async () => {
    const http = clients.http(backend);
    const length = LOWERED.returnBytes - getConvexSize("");
    expect(await http.query(api.limits.sized, { length })).toHaveLength(length);
    const error = await errorOf(http.query(api.limits.sized, { length: length + 1 }));
    expect(error.message).toContain("Function limits.js:sized return value is too large");
  });

  test('actions: argument and return sizes as for queries, and 5 MiB of arguments for a "use node" action', async () => {
    const http = clients.http(backend);
    const overhead = getConvexSize([{ payload: "" }]);
    const atLimit = "x".repeat(LOWERED.argumentsBytes - overhead);
    expect(await http.action(api.limits.echoAction, { payload: atLimit })).toBe(atLimit.length);
    const args = await errorOf(http.action(api.limits.echoAction, { payload: `${atLimit}x` }));
    expect(args.message).toContain("Arguments for limits.js:echoAction are too large");
    const length = LOWERED.returnBytes - getConvexSize("");
    expect(await http.action(api.limits.sizedAction, { length })).toHaveLength(length);
    const returned = await errorOf(http.action(api.limits.sizedAction, { length: length + 1 }));
    expect(returned.message).toContain("Function limits.js:sizedAction return value is too large");
    const nodeText = "y".repeat(LOWERED.nodeActionArgumentsBytes - JSON.stringify({ text: "" }).length);
    expect(await http.action(api.nodeActions.digest, { text: nodeText })).toHaveLength(8);
    const node = await errorOf(http.action(api.nodeActions.digest, { text: `${nodeText}y` }));
    expect(node.message).toContain("Node actions arguments size is too large. The maximum size is 5 MiB.");
  });

  test("documents read per transaction: at the limit passes, one more is refused", async () => {
    const shelf = uid("reads");
    const http = clients.http(backend);
    await http.mutation(api.limits.writeBlobs, { shelf, count: 20, length: 1 });
    await http.mutation(api.limits.writeBlobs, { shelf, count: 20, length: 1 });
    expect(await http.query(api.limits.readBlobs, { shelf })).toBe(40);
    await http.mutation(api.limits.writeBlobs, { shelf, count: 1, length: 1 });
    const error = await errorOf(http.query(api.limits.readBlobs, { shelf }));
    expect(error.message).toContain(
      "Too many documents read in a single function execution (limit: 40). Consider using smaller limits",
    );
  });

  test("bytes read per transaction: under the limit passes, past it is refused", async () => {
    const shelf = uid("bytes-read");
    const http = clients.http(backend);
    for (let i = 0; i < 3; i++)
      await http.mutation(api.limits.writeBlobs, { shelf, count: 1, length: 12_000 });
    expect(await http.query(api.limits.readBlobs, { shelf })).toBe(3);
    await http.mutation(api.limits.writeBlobs, { shelf, count: 1, length: 12_000 });
    const error = await errorOf(http.query(api.limits.readBlobs, { shelf }));
    expect(error.message).toContain(
      "Too many bytes read in a single function execution (limit: 40000 bytes).",
    );
  });

  test("index ranges read (calls to db.get and db.query): at the limit passes, one more is refused", async () => {
    const http = clients.http(backend);
    const shelf = uid("ranges");
    expect(await http.query(api.limits.readRanges, { shelf, count: 30 })).toBe(30);
    const error = await errorOf(http.query(api.limits.readRanges, { shelf, count: 31 }));
    expect(error.message).toContain("Too many reads in a single function execution (limit: 30).");
  });

  test("documents written per transaction: at the limit passes, one more is refused and nothing is written", async () => {
    const shelf = uid("writes");
    const http = clients.http(backend);
    expect(await http.mutation(api.limits.writeBlobs, { shelf, count: 30, length: 1 })).toBe(30);
    const error = await errorOf(
      http.mutation(api.limits.writeBlobs, { shelf: `${shelf}-2`, count: 31, length: 1 }),
    );
    expect(error.message).toContain("Too many writes in a single function execution (limit: 30)");
    expect(await http.query(api.limits.readBlobs, { shelf: `${shelf}-2` })).toBe(0);
  });

  test("bytes written per transaction, 16 MiB at real size: 16 documents of 1 MB pass, 17 are refused", async () => {
    const http = clients.http(backend);
    const shelf = uid("bytes-written");
    expect(await http.mutation(api.limits.writeBlobs, { shelf, count: 16, length: 1_000_000 })).toBe(16);
    const error = await errorOf(
      http.mutation(api.limits.writeBlobs, { shelf, count: 17, length: 1_000_000 }),
    );
    expect(error.message).toContain("Too many bytes written in a single function execution (limit: 16 MiB)");
  }, 30_000);

  test("document size, 1 MiB at real size: a document of exactly 1 MiB is stored, one byte more is refused", async () => {
    const http = clients.http(backend);
    const shelf = uid("doc-size");
    const id = await http.mutation(api.limits.insertSized, { shelf, length: 1 });
    const overhead = getDocumentSize({ shelf, value: "", _id: id, _creationTime: Date.now() });
    const length = (1 << 20) - overhead;
    expect(await http.mutation(api.limits.insertSized, { shelf, length })).toHaveLength(id.length);
    const error = await errorOf(http.mutation(api.limits.insertSized, { shelf, length: length + 1 }));
    expect(error.message).toContain("Value is too large (1 MiB > maximum size 1 MiB)");
  });

  test("document nesting, 16 levels at real size: 16 passes, 17 is refused", async () => {
    const http = clients.http(backend);
    const shelf = uid("nesting");
    // The document itself is one level; its value adds `depth` arrays.
    expect(await http.mutation(api.limits.insertNested, { shelf, depth: 15 })).toBeNull();
    const error = await errorOf(http.mutation(api.limits.insertNested, { shelf, depth: 16 }));
    expect(error.message).toContain("Document is too nested (nested 17 levels deep > maximum nesting 16)");
  });

  test("scheduled functions' arguments, 16 MiB per mutation at real size: exactly 16 MiB passes, one byte more is refused", async () => {
    const http = clients.http(backend);
    const length = (1 << 20) - getConvexSize([{ payload: "" }]);
    expect(await http.mutation(api.limits.scheduleWithPayload, { count: 16, length })).toBe(16);
    const error = await errorOf(
      http.mutation(api.limits.scheduleWithPayload, { count: 16, length: length + 1 }),
    );
    expect(error.message).toContain(
      "Too large total size of the arguments of scheduled functions from this mutation (limit: 16777216 bytes)",
    );
  }, 30_000);

  test("functions scheduled by one mutation, 1000 at real size: 1000 pass, 1001 are refused", async () => {
    const http = clients.http(backend);
    expect(await http.mutation(api.limits.scheduleMany, { count: 1000 })).toBe(1000);
    const error = await errorOf(http.mutation(api.limits.scheduleMany, { count: 1001 }));
    expect(error.message).toContain("Too many functions scheduled by this mutation (limit: 1000)");
  }, 30_000);
});
