// Conformance suite for the local Convex-compatible backend. It drives a
// backend process running the fixture functions dir in
// test/fixtures/conformance/convex with the unmodified `convex/browser`
// clients (ConvexClient over the WebSocket sync protocol, ConvexHttpClient
// over the HTTP API), plain fetch for HTTP actions and raw `ws` sockets for
// protocol-level checks. Every wait is on an observable condition.
import { createServer } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { generateKeyPair, importJWK, importPKCS8, jwtVerify, SignJWT } from "jose";
import { makeFunctionReference, type FunctionArgs, type UserIdentity } from "convex/server";
import { ConvexError } from "convex/values";
import { api } from "./fixtures/conformance/convex/_generated/api.js";
import type { Doc } from "./fixtures/conformance/convex/_generated/dataModel.js";
import {
  CapturingLogger,
  ClientPool,
  count,
  decodeTs,
  errorOf,
  addQueryMessage,
  connectMessage,
  openRawSocket,
  runCli,
  showBackendOutputOnFailure,
  startBackend,
  startJwksServer,
  uid,
  waitFor,
  watch,
  withTimeout,
  type Backend,
  type JwksServer,
  type Metrics,
} from "./helpers.js";

let backend: Backend;
let issuer: JwksServer;
const clients = new ClientPool();

beforeAll(async () => {
  issuer = await startJwksServer();
  backend = await startBackend({
    env: { TEST_ISSUER: issuer.issuer, TEST_JWKS_URL: issuer.jwksUrl },
  });
}, 120_000);

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
  await issuer?.close();
}, 60_000);

beforeEach(showBackendOutputOnFailure(() => backend));

afterEach(async () => {
  await clients.closeAll();
});

const bumpInternal = makeFunctionReference<"mutation", { name: string }, number>("counters:bumpInternal");
const peekInternal = makeFunctionReference<"query", { name: string }, number | null>("counters:peekInternal");
const missingMutation = makeFunctionReference<"mutation", Record<string, never>, null>("nope:nothing");

const delta = (
  before: Metrics,
  after: Metrics,
  field: "executions" | "rerunsByFunction" | "rerunsByTable" | "docsRead",
  key: string,
) => count(after[field], key) - count(before[field], key);

const ns = (rows: Doc<"items">[]) => rows.map((row) => row.n);

// ---------------------------------------------------------------------------

describe("startup, URLs and the CLI", () => {
  test("functions see CONVEX_CLOUD_URL and CONVEX_SITE_URL equal to the announced URLs", async () => {
    const http = clients.http(backend);
    const urls = await http.query(api.misc.urls, {});
    const trim = (url: string | null) => url?.replace(/\/+$/, "") ?? null;
    expect({ cloud: trim(urls.cloud), site: trim(urls.site) }).toEqual({
      cloud: backend.url,
      site: backend.siteUrl,
    });
    // The same through the `env` object of `_generated/server`.
    expect({
      cloud: trim(urls.generatedEnvCloud),
      site: trim(urls.generatedEnvSite),
    }).toEqual({
      cloud: backend.url,
      site: backend.siteUrl,
    });
    expect(backend.url).not.toBe(backend.siteUrl);
  });

  test("generates JWT_PRIVATE_KEY and a matching JWKS in the env store", async () => {
    const pem = await backend.env.get("JWT_PRIVATE_KEY");
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY----- \S[\S ]*\S -----END PRIVATE KEY-----$/);
    expect(pem).not.toContain("\n");
    const jwks = JSON.parse(await backend.env.get("JWKS")) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      use: "sig",
      kty: "RSA",
      n: expect.any(String),
      e: "AQAB",
    });

    // The pair matches: a token signed with the private key verifies with the JWKS key.
    const privateKey = await importPKCS8(pem, "RS256");
    const token = await new SignJWT({}).setProtectedHeader({ alg: "RS256" }).setSubject("x").sign(privateKey);
    const publicKey = await importJWK({ ...jwks.keys[0], alg: "RS256" }, "RS256");
    await expect(jwtVerify(token, publicKey)).resolves.toBeTruthy();

    // The fixture's http.ts serves process.env.JWKS on the site URL, as @convex-dev/auth does.
    const served = await fetch(`${backend.siteUrl}/.well-known/jwks.json`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual(jwks);
    const discovery = (await (await fetch(`${backend.siteUrl}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer.replace(/\/+$/, "")).toBe(backend.siteUrl);
  });

  test("refuses to start on a functions dir that does not exist", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "local-backend-missing-"));
    try {
      const missing = path.join(dataDir, "no-such-functions-dir");
      const result = await runCli(
        ["--dir", missing, "--port", "0", "--site-port", "0", "--data-dir", dataDir],
        { timeoutMs: 30_000 },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).not.toBe("");
      expect(result.stderr).toContain("no-such-functions-dir");
      expect(result.stdout).not.toMatch(/ready:/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test("refuses to start on a broken functions dir, naming the file in one line", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "local-backend-broken-"));
    // Inside the repo, so the module could resolve `convex` if it parsed.
    const functionsDir = mkdtempSync(path.join(import.meta.dirname, ".hot-broken-"));
    try {
      writeFileSync(path.join(functionsDir, "bad.ts"), "export const oops = query({ args: {} \n");
      const result = await runCli(
        ["--dir", functionsDir, "--port", "0", "--site-port", "0", "--data-dir", dataDir],
        { timeoutMs: 30_000 },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toContain("bad.ts");
      expect(result.stdout).not.toMatch(/ready:/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(functionsDir, { recursive: true, force: true });
    }
  });

  test("refuses to start on a port that is in use", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    const address = blocker.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    const dataDir = mkdtempSync(path.join(tmpdir(), "local-backend-busy-"));
    try {
      const result = await runCli(
        [
          "--dir",
          backend.functionsDir,
          "--port",
          String(address.port),
          "--site-port",
          "0",
          "--data-dir",
          dataDir,
        ],
        { timeoutMs: 30_000 },
      );
      expect(result.code).not.toBe(0);
      expect(result.stderr.trim()).not.toBe("");
      expect(result.stdout).not.toMatch(/ready:/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------

describe("queries, mutations and subscriptions", () => {
  test("a second client sees the first client's insert, patch and delete live", async () => {
    const channel = uid("live");
    const a = clients.ws(backend);
    const b = clients.ws(backend);
    const seen = watch(b, api.messages.list, { channel });
    await seen.waitFor((rows) => rows.length === 0, {
      what: "the initial empty list",
    });

    const id = await a.mutation(api.messages.send, {
      channel,
      author: "a",
      body: "hello",
    });
    const afterInsert = await seen.waitFor((rows) => rows.length === 1, {
      what: "the insert",
    });
    expect(afterInsert[0]).toMatchObject({
      _id: id,
      channel,
      author: "a",
      body: "hello",
    });

    await a.mutation(api.messages.edit, { id, body: "edited" });
    await seen.waitFor((rows) => rows.length === 1 && rows[0].body === "edited", { what: "the patch" });

    const from = seen.values.length;
    await a.mutation(api.messages.remove, { id });
    await seen.waitFor((rows) => rows.length === 0, {
      from,
      what: "the delete",
    });
  });

  test("read-your-writes: when a mutation resolves, the writer's subscriptions and queries already reflect it", async () => {
    const channel = uid("ryw");
    const a = clients.ws(backend);
    const mine = watch(a, api.messages.list, { channel });
    await mine.waitFor((rows) => rows.length === 0);
    for (let i = 0; i < 5; i++) {
      const id = await a.mutation(api.messages.send, {
        channel,
        author: "a",
        body: `m${i}`,
      });
      // No waiting: the client resolves a mutation only after a Transition at or past its commit ts.
      expect(mine.latest()?.map((row) => row._id)).toContain(id);
      expect((await a.query(api.messages.list, { channel })).map((row) => row._id)).toContain(id);
    }
    expect(mine.latest()?.map((row) => row.body)).toEqual(["m0", "m1", "m2", "m3", "m4"]);

    const http = clients.http(backend);
    const id = await http.mutation(api.messages.send, {
      channel,
      author: "h",
      body: "via http",
    });
    expect((await http.query(api.messages.list, { channel })).map((row) => row._id)).toContain(id);
  });

  test("get by id returns the document with system fields, and null once deleted", async () => {
    const http = clients.http(backend);
    const channel = uid("byid");
    const before = Date.now();
    const id = await http.mutation(api.messages.send, {
      channel,
      author: "a",
      body: "x",
    });
    const doc = await http.query(api.messages.get, { id });
    expect(doc).toMatchObject({ _id: id, channel, author: "a", body: "x" });
    expect(typeof doc!._creationTime).toBe("number");
    expect(doc!._creationTime).toBeGreaterThanOrEqual(before - 5_000);
    await http.mutation(api.messages.remove, { id });
    expect(await http.query(api.messages.get, { id })).toBeNull();
  });

  test("a re-run whose result did not change pushes nothing", async () => {
    const http = clients.http(backend);
    const channel = uid("same");
    const other = uid("barrier");
    const id = await http.mutation(api.messages.send, {
      channel,
      author: "a",
      body: "unchanged",
    });
    const client = clients.ws(backend);
    const watched = watch(client, api.messages.list, { channel });
    const barrier = watch(client, api.messages.list, { channel: other });
    await watched.waitFor((rows) => rows.length === 1);
    await barrier.waitFor((rows) => rows.length === 0);
    const pushes = watched.values.length;

    // Rewrites the document the query read, with identical content.
    await http.mutation(api.messages.edit, { id, body: "unchanged" });
    // Same connection, later commit: once its update arrives, any push for the first one would have too.
    await http.mutation(api.messages.send, {
      channel: other,
      author: "b",
      body: "barrier",
    });
    await barrier.waitFor((rows) => rows.length === 1);
    expect(watched.values.length).toBe(pushes);
  });
});

// ---------------------------------------------------------------------------

describe("indexes and pagination", () => {
  test("index ranges honour gt/gte/lt/lte bounds and asc/desc order", async () => {
    const http = clients.http(backend);
    const tag = uid("range");
    const otherTag = uid("range-other");
    await http.mutation(api.items.seed, { tag, ns: [5, 1, 9, 3, 7] });
    await http.mutation(api.items.seed, { tag: otherTag, ns: [2, 4, 6, 8] });

    const range = (args: Omit<FunctionArgs<typeof api.items.range>, "tag">) =>
      http.query(api.items.range, { tag, ...args });
    expect(await range({ order: "asc" })).toEqual([1, 3, 5, 7, 9]);
    expect(await range({ order: "desc" })).toEqual([9, 7, 5, 3, 1]);
    expect(await range({ order: "asc", lower: { op: "gt", value: 3 } })).toEqual([5, 7, 9]);
    expect(await range({ order: "asc", lower: { op: "gte", value: 3 } })).toEqual([3, 5, 7, 9]);
    expect(await range({ order: "asc", upper: { op: "lt", value: 7 } })).toEqual([1, 3, 5]);
    expect(await range({ order: "asc", upper: { op: "lte", value: 7 } })).toEqual([1, 3, 5, 7]);
    expect(
      await range({
        order: "asc",
        lower: { op: "gt", value: 3 },
        upper: { op: "lte", value: 7 },
      }),
    ).toEqual([5, 7]);
    expect(
      await range({
        order: "desc",
        lower: { op: "gt", value: 3 },
        upper: { op: "lte", value: 7 },
      }),
    ).toEqual([7, 5]);
    expect(
      await range({
        order: "desc",
        lower: { op: "gte", value: 3 },
        upper: { op: "lt", value: 9 },
      }),
    ).toEqual([7, 5, 3]);
    expect(await range({ order: "asc", lower: { op: "gt", value: 9 } })).toEqual([]);
    expect(await http.query(api.items.first, { tag, order: "asc" })).toBe(1);
    expect(await http.query(api.items.first, { tag, order: "desc" })).toBe(9);

    // The same over the WebSocket.
    const client = clients.ws(backend);
    expect(
      await client.query(api.items.range, {
        tag,
        order: "desc",
        upper: { op: "lte", value: 5 },
      }),
    ).toEqual([5, 3, 1]);
    expect(
      await client.query(api.items.range, {
        tag: otherTag,
        order: "asc",
        lower: { op: "gte", value: 4 },
      }),
    ).toEqual([4, 6, 8]);
  });

  test("an index-range subscription re-runs only for writes inside its range", async () => {
    const http = clients.http(backend);
    const tag = uid("precise-range");
    const otherTag = uid("precise-range-other");
    await http.mutation(api.items.seed, { tag, ns: [1, 20] });
    const client = clients.ws(backend);
    const watched = watch(client, api.items.range, {
      tag,
      order: "asc",
      lower: { op: "gt", value: 10 },
    });
    await watched.waitFor((value) => value.length === 1 && value[0] === 20);
    const before = await backend.metrics();

    await http.mutation(api.items.insert, { tag, n: 3 }); // same tag, below the range
    await http.mutation(api.items.insert, { tag: otherTag, n: 15 }); // inside the n bounds, other tag
    await http.mutation(api.items.insert, { tag, n: 12 }); // inside the range
    await watched.waitFor((value) => value.join() === "12,20", {
      what: "the in-range insert",
    });

    const after = await backend.metrics();
    expect(delta(before, after, "rerunsByFunction", "items:range")).toBe(1);
    expect(watched.values).toEqual([[20], [12, 20]]);
  });

  test("paginate returns pages, continue cursors and isDone (HTTP and WebSocket)", async () => {
    const http = clients.http(backend);
    const tag = uid("pages");
    await http.mutation(api.items.seed, {
      tag,
      ns: [70, 10, 40, 20, 60, 30, 50],
    });

    const p1 = await http.query(api.items.page, {
      tag,
      paginationOpts: { numItems: 3, cursor: null },
    });
    expect(ns(p1.page)).toEqual([10, 20, 30]);
    expect(p1.isDone).toBe(false);
    expect(typeof p1.continueCursor).toBe("string");

    const p2 = await http.query(api.items.page, {
      tag,
      paginationOpts: { numItems: 3, cursor: p1.continueCursor },
    });
    expect(ns(p2.page)).toEqual([40, 50, 60]);
    expect(p2.isDone).toBe(false);
    expect(p2.continueCursor).not.toBe(p1.continueCursor);

    const p3 = await http.query(api.items.page, {
      tag,
      paginationOpts: { numItems: 5, cursor: p2.continueCursor },
    });
    expect(ns(p3.page)).toEqual([70]);
    expect(p3.isDone).toBe(true);
    expect(typeof p3.continueCursor).toBe("string");

    // Same cursors over the WebSocket.
    const client = clients.ws(backend);
    const w2 = await client.query(api.items.page, {
      tag,
      paginationOpts: { numItems: 3, cursor: p1.continueCursor },
    });
    expect(ns(w2.page)).toEqual([40, 50, 60]);
    expect(w2.isDone).toBe(false);
  });

  test("reactive pagination (ConvexClient paginated subscription) stays gapless as rows come and go", async () => {
    const http = clients.http(backend);
    const tag = uid("live-pages");
    await http.mutation(api.items.seed, {
      tag,
      ns: [10, 20, 30, 40, 50, 60, 70],
    });
    const client = clients.ws(backend);

    type Paginated = {
      results: Doc<"items">[];
      status: string;
      loadMore: (numItems: number) => boolean;
    };
    const updates: Paginated[] = [];
    const errors: Error[] = [];
    client.onPaginatedUpdate_experimental(
      api.items.page,
      // The client adds paginationOpts itself (the experimental API's type asks for them anyway).
      { tag } as FunctionArgs<typeof api.items.page>,
      { initialNumItems: 3 },
      (result) => void updates.push(result as unknown as Paginated),
      (error) => void errors.push(error),
    );
    const until = (what: string, predicate: (p: Paginated) => boolean) =>
      waitFor(
        () => {
          if (errors.length > 0) throw new Error(`paginated query failed: ${errors[0].message}`);
          const last = updates[updates.length - 1];
          return last !== undefined && predicate(last) ? last : undefined;
        },
        {
          message: () => {
            const last = updates.at(-1);
            return `${what}; last update: ${JSON.stringify(last && { n: ns(last.results), status: last.status })}`;
          },
        },
      );
    const shown = (p: Paginated) => ns(p.results).join();

    let current = await until("the first page", (p) => shown(p) === "10,20,30" && p.status === "CanLoadMore");
    expect(current.loadMore(3)).toBe(true);
    current = await until(
      "the second page",
      (p) => shown(p) === "10,20,30,40,50,60" && p.status === "CanLoadMore",
    );
    expect(current.loadMore(3)).toBe(true);
    await until("the last page", (p) => shown(p) === "10,20,30,40,50,60,70" && p.status === "Exhausted");

    // Inserting before every row must not push a row out of the loaded window (page ends are pinned).
    await http.mutation(api.items.insert, { tag, n: 5 });
    await until("the insert before the first row", (p) => shown(p) === "5,10,20,30,40,50,60,70");
    await http.mutation(api.items.insert, { tag, n: 35 });
    await until("the insert inside page two", (p) => shown(p) === "5,10,20,30,35,40,50,60,70");
    await http.mutation(api.items.insert, { tag, n: 80 });
    await until("the insert after the last row", (p) => shown(p) === "5,10,20,30,35,40,50,60,70,80");
    await http.mutation(api.items.remove, { tag, n: 30 });
    await until("the delete", (p) => shown(p) === "5,10,20,35,40,50,60,70,80");
    expect(errors).toEqual([]);
  });
});

// ---------------------------------------------------------------------------

describe("errors and validation", () => {
  test("ConvexError data arrives as error.data over WebSocket and HTTP, and the failed mutation's writes roll back", async () => {
    const expected = { code: "NOPE", extra: 1 };
    const client = clients.ws(backend);
    const http = clients.http(backend);

    const wsMutation = await errorOf(client.mutation(api.messages.fail, {}));
    expect(wsMutation).toBeInstanceOf(ConvexError);
    expect(wsMutation.data).toEqual(expected);

    const wsQuery = await errorOf(client.query(api.messages.failQuery, {}));
    expect(wsQuery).toBeInstanceOf(ConvexError);
    expect(wsQuery.data).toEqual(expected);

    const subscription = watch(client, api.messages.failQuery, {});
    const subscriptionError = (await subscription.waitForError()) as Error & {
      data?: unknown;
    };
    expect(subscriptionError.data).toEqual(expected);

    const wsAction = await errorOf(client.action(api.actions.fail, {}));
    expect(wsAction).toBeInstanceOf(ConvexError);
    expect(wsAction.data).toEqual(expected);

    for (const failure of [
      http.mutation(api.messages.fail, {}),
      http.query(api.messages.failQuery, {}),
      http.action(api.actions.fail, {}),
    ]) {
      const error = await errorOf(failure);
      expect(error).toBeInstanceOf(ConvexError);
      expect(error.data).toEqual(expected);
    }

    expect(await http.query(api.messages.list, { channel: "rolled-back" })).toEqual([]);
  });

  test("a plain Error reaches the caller as an error without data", async () => {
    const client = clients.ws(backend);
    const http = clients.http(backend);
    for (const error of [
      await errorOf(client.mutation(api.messages.crash, {})),
      await errorOf(http.mutation(api.messages.crash, {})),
    ]) {
      expect(error.message).toContain("plain failure from messages:crash");
      expect(error).not.toBeInstanceOf(ConvexError);
      expect(error.data).toBeUndefined();
    }
    // The connection is still usable.
    expect(
      await client.mutation(api.counters.increment, {
        name: uid("after-crash"),
      }),
    ).toBe(1);
  });

  test("internal functions are refused over WebSocket and HTTP, and never run", async () => {
    const name = uid("internal");
    const client = clients.ws(backend);
    const http = clients.http(backend);
    const before = await backend.metrics();

    const refusals = [
      await errorOf(client.mutation(bumpInternal, { name })),
      await errorOf(http.mutation(bumpInternal, { name })),
      await errorOf(client.query(peekInternal, { name })),
      await errorOf(http.query(peekInternal, { name })),
    ];
    const paths = [
      "counters:bumpInternal",
      "counters:bumpInternal",
      "counters:peekInternal",
      "counters:peekInternal",
    ];
    refusals.forEach((error, i) => {
      // Convex's wording (crates/udf/src/validation.rs): "Could not find public function for 'module:fn'."
      expect(error.message).toMatch(
        new RegExp(`Could not find public (\\w+ )?function for '${paths[i]}'`, "i"),
      );
    });

    const after = await backend.metrics();
    expect(delta(before, after, "executions", "counters:bumpInternal")).toBe(0);
    expect(delta(before, after, "executions", "counters:peekInternal")).toBe(0);
    expect(await http.query(api.counters.get, { name })).toBeNull();
    // The socket that sent the refused calls still works.
    expect(await client.mutation(api.counters.increment, { name })).toBe(1);
  });

  test("unknown functions are refused with a clear error", async () => {
    const client = clients.ws(backend);
    const http = clients.http(backend);
    for (const error of [
      await errorOf(client.mutation(missingMutation, {})),
      await errorOf(http.mutation(missingMutation, {})),
    ]) {
      expect(error.message).toMatch(/Could not find (public )?(\w+ )?function for 'nope:nothing'/i);
    }
  });

  test("argument validators are enforced and nothing is written", async () => {
    const channel = uid("badargs");
    const client = clients.ws(backend);
    const http = clients.http(backend);
    type SendArgs = FunctionArgs<typeof api.messages.send>;

    const missing = await errorOf(
      client.mutation(api.messages.send, {
        channel,
        author: "a",
      } as unknown as SendArgs),
    );
    expect(missing.message).toMatch(/valid/i);
    expect(missing.message).toContain("body");

    const extra = await errorOf(
      client.mutation(api.messages.send, {
        channel,
        author: "a",
        body: "b",
        extra: 1,
      } as unknown as SendArgs),
    );
    expect(extra.message).toMatch(/valid/i);
    expect(extra.message).toContain("extra");

    const wrongType = await errorOf(
      client.mutation(api.messages.send, {
        channel,
        author: "a",
        body: 123,
      } as unknown as SendArgs),
    );
    expect(wrongType.message).toMatch(/valid/i);

    const overHttp = await errorOf(
      http.mutation(api.messages.send, {
        channel,
        author: "a",
      } as unknown as SendArgs),
    );
    expect(overHttp.message).toMatch(/valid/i);
    expect(overHttp.message).toContain("body");

    const badId = await errorOf(
      http.query(api.messages.get, {
        id: "not-an-id" as Doc<"messages">["_id"],
      }),
    );
    expect(badId.message.length).toBeGreaterThan(0);

    const subscription = watch(client, api.items.range, {
      tag: channel,
      order: "sideways" as "asc",
    });
    const subscriptionError = await subscription.waitForError();
    expect(subscriptionError.message).toMatch(/valid/i);

    expect(await http.query(api.messages.list, { channel })).toEqual([]);
  });

  test("return validators are enforced", async () => {
    const client = clients.ws(backend);
    const http = clients.http(backend);
    for (const error of [
      await errorOf(client.query(api.misc.badReturn, {})),
      await errorOf(http.query(api.misc.badReturn, {})),
    ]) {
      expect(error.message).toMatch(/valid/i);
    }
  });
});

// ---------------------------------------------------------------------------

describe("scheduler and crons", () => {
  test("runAfter runs the mutation after its delay, and subscribers see its write", async () => {
    const name = uid("run-after");
    const client = clients.ws(backend);
    const watched = watch(client, api.counters.get, { name });
    await watched.waitFor((row) => row === null);
    const started = Date.now();
    const jobId = await client.mutation(api.counters.scheduleIncrement, {
      name,
      delayMs: 400,
    });
    expect(typeof jobId).toBe("string");
    await watched.waitFor((row) => row?.value === 1, {
      what: "the scheduled increment",
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  test("runAt runs the mutation at its time", async () => {
    const name = uid("run-at");
    const client = clients.ws(backend);
    const watched = watch(client, api.counters.get, { name });
    await watched.waitFor((row) => row === null);
    const at = Date.now() + 300;
    await client.mutation(api.counters.scheduleIncrementAt, { name, at });
    await watched.waitFor((row) => row?.value === 1, {
      what: "the scheduled increment",
    });
    expect(Date.now()).toBeGreaterThanOrEqual(at - 50);
  });

  test("cancel prevents a scheduled run", async () => {
    const cancelled = uid("cancelled");
    const sentinel = uid("sentinel");
    const client = clients.ws(backend);
    const http = clients.http(backend);
    await client.mutation(api.counters.scheduleAndCancel, {
      name: cancelled,
      delayMs: 200,
    });
    // A later job: once it has run, the cancelled one's time has long passed.
    await client.mutation(api.counters.scheduleIncrement, {
      name: sentinel,
      delayMs: 800,
    });
    const watched = watch(client, api.counters.get, { name: sentinel });
    await watched.waitFor((row) => row?.value === 1, {
      what: "the sentinel job",
    });
    expect(await http.query(api.counters.get, { name: cancelled })).toBeNull();
  });

  test("an interval cron runs repeatedly", async () => {
    const client = clients.ws(backend);
    const before = await backend.metrics();
    const watched = watch(client, api.counters.get, { name: "cron" });
    const first = await watched.waitFor(() => true);
    const start = first?.value ?? 0;
    await watched.waitFor((row) => (row?.value ?? 0) >= start + 2, {
      timeoutMs: 8_000,
      what: "two cron runs",
    });
    const after = await backend.metrics();
    expect(delta(before, after, "executions", "counters:tick")).toBeGreaterThanOrEqual(2);
  });
});

// ---------------------------------------------------------------------------

describe("actions and HTTP actions", () => {
  test("actions call public and internal queries and mutations", async () => {
    const name = uid("action");
    const client = clients.ws(backend);
    const http = clients.http(backend);
    const watched = watch(client, api.counters.get, { name });
    await watched.waitFor((row) => row === null);
    const before = await backend.metrics();
    expect(await client.action(api.actions.roundTrip, { name })).toEqual({
      afterPublic: 1,
      afterInternal: 2,
      read: 2,
    });
    const after = await backend.metrics();
    // Each function the action ran counts as one execution.
    for (const fn of [
      "actions:roundTrip",
      "counters:increment",
      "counters:bumpInternal",
      "counters:peekInternal",
    ]) {
      expect(delta(before, after, "executions", fn), fn).toBe(1);
    }
    await watched.waitFor((row) => row?.value === 2, {
      what: "the action's writes",
    });
    expect(await http.action(api.actions.roundTrip, { name })).toEqual({
      afterPublic: 3,
      afterInternal: 4,
      read: 4,
    });
    await watched.waitFor((row) => row?.value === 4, {
      what: "the HTTP action call's writes",
    });
  });

  test("HTTP actions answer GET with text, POST with JSON, prefix routes, and 404 for no route", async () => {
    const hello = await fetch(`${backend.siteUrl}/hello`);
    expect(hello.status).toBe(200);
    expect(hello.headers.get("content-type")).toContain("text/plain");
    expect(await hello.text()).toBe("hello from conformance");

    const echo = await fetch(`${backend.siteUrl}/echo?x=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ a: [1, "two", { three: true }] }),
    });
    expect(echo.status).toBe(200);
    expect(echo.headers.get("x-conformance")).toBe("yes");
    expect(await echo.json()).toEqual({
      echoed: { a: [1, "two", { three: true }] },
      query: "?x=1",
    });

    const file = await fetch(`${backend.siteUrl}/files/a/b.txt`);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe("/files/a/b.txt");

    expect((await fetch(`${backend.siteUrl}/no-such-route`)).status).toBe(404);
    expect((await fetch(`${backend.siteUrl}/echo`)).status).toBe(404); // wrong method
  });

  test("a throwing HTTP action gives status 500 and the server keeps working", async () => {
    const boom = await fetch(`${backend.siteUrl}/boom`);
    expect(boom.status).toBe(500);
    await boom.text();
    const again = await fetch(`${backend.siteUrl}/hello`);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe("hello from conformance");
    const client = clients.ws(backend);
    expect(
      await client.mutation(api.counters.increment, {
        name: uid("after-boom"),
      }),
    ).toBe(1);
  });

  test("an HTTP action's mutation reaches subscribers", async () => {
    const kind = uid("http-event");
    const client = clients.ws(backend);
    const watched = watch(client, api.events.byKind, { kind });
    await watched.waitFor((rows) => rows.length === 0);
    const response = await fetch(`${backend.siteUrl}/record`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind }),
    });
    expect(response.status).toBe(204);
    await watched.waitFor((rows) => rows.length === 1 && rows[0] === kind, {
      what: "the recorded event",
    });
  });

  test("malformed HTTP API requests get a 4xx and the server keeps working", async () => {
    for (const endpoint of ["query", "mutation", "action"]) {
      const response = await fetch(`${backend.url}/api/${endpoint}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{ this is not json",
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      await response.text();
    }
    const http = clients.http(backend);
    expect(await http.query(api.counters.get, { name: uid("after-garbage") })).toBeNull();
  });
});

// ---------------------------------------------------------------------------

describe("environment variables and logs", () => {
  test("env vars set with the CLI reach a running backend, and can be listed and removed", async () => {
    const http = clients.http(backend);
    const value = uid("value");
    await backend.env.set("SOME_VAR", value);
    await waitFor(async () => (await http.query(api.misc.someVar, {})) === value, {
      timeoutMs: 10_000,
      message: "SOME_VAR to reach process.env in functions",
    });
    expect(await http.query(api.misc.someVarFromGeneratedEnv, {})).toBe(value);
    expect(await backend.env.get("SOME_VAR")).toBe(value);
    const listed = await backend.env.list();
    expect(listed).toContain("SOME_VAR");
    expect(listed).toContain(value);

    await backend.env.remove("SOME_VAR");
    await waitFor(async () => (await http.query(api.misc.someVar, {})) === null, {
      timeoutMs: 10_000,
      message: "SOME_VAR to be removed",
    });
    expect(await http.query(api.misc.someVarFromGeneratedEnv, {})).toBeNull();
  });

  test("--env sets env vars for one run, over the stored ones", async () => {
    const flagged = await startBackend({ extraArgs: ["--env", "SOME_VAR=from-flag"] });
    try {
      const http = clients.http(flagged);
      expect(await http.query(api.misc.someVar, {})).toBe("from-flag");
      await flagged.env.set("SOME_VAR", "from-store");
      await flagged.env.set("OTHER_VAR", "seen");
      await waitFor(async () => (await http.query(api.misc.envVar, { name: "OTHER_VAR" })) === "seen", {
        message: "the running backend to apply the store",
      });
      expect(await http.query(api.misc.someVar, {})).toBe("from-flag");
    } finally {
      await flagged.stop();
    }
  });

  test("--run runs a function (internal too) once, before the ready line, like `npx convex dev --run`", async () => {
    const seeded = await startBackend({ extraArgs: ["--run", "counters:bumpAtStartup"] });
    try {
      expect(seeded.output()).toMatch(/Ran counters:bumpAtStartup: 1\n[\s\S]*ready:/);
      const row = await clients.http(seeded).query(api.counters.get, { name: "startup" });
      expect(row?.value).toBe(1);
    } finally {
      await seeded.stop();
    }
    await expect(startBackend({ extraArgs: ["--run", "counters:noSuchFunction"] })).rejects.toThrow(
      /--run: no function counters:noSuchFunction/,
    );
  });

  test("console.log in a query reaches the client's logger as a function log line", async () => {
    const logger = new CapturingLogger();
    const client = clients.ws(backend, { logger });
    const marker = uid("marker");
    expect(await client.query(api.misc.chatty, { marker })).toBe(marker);
    const line = logger.calls.find(
      (call) => call.level === "log" && call.args.some((arg) => String(arg).includes(marker)),
    );
    expect(line, `logger calls: ${JSON.stringify(logger.calls)}`).toBeDefined();
    expect(String(line!.args[0])).toContain("[CONVEX Q(misc:chatty)] [LOG]");
    expect(line!.args.map(String).join(" ")).toContain("conformance-log");
    expect(logger.text("error").filter((text) => text.includes("Could not parse"))).toEqual([]);

    const httpLogger = new CapturingLogger();
    const http = clients.http(backend, { logger: httpLogger });
    const httpMarker = uid("http-marker");
    await http.query(api.misc.chatty, { marker: httpMarker });
    const httpLine = httpLogger.calls.find((call) =>
      call.args.some((arg) => String(arg).includes(httpMarker)),
    );
    expect(httpLine, `logger calls: ${JSON.stringify(httpLogger.calls)}`).toBeDefined();
    expect(String(httpLine!.args[0])).toContain("[CONVEX Q(misc:chatty)] [LOG]");
  });
});

// ---------------------------------------------------------------------------

describe("authentication", () => {
  async function ownToken(
    claims: Record<string, unknown> = {},
    options: { audience?: string; exp?: number; iss?: string } = {},
  ) {
    const key = await importPKCS8(await backend.env.get("JWT_PRIVATE_KEY"), "RS256");
    const now = Math.floor(Date.now() / 1000);
    const exp = options.exp ?? now + 3600;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256" })
      .setSubject("user1|sess1")
      .setIssuer(options.iss ?? backend.siteUrl)
      .setAudience(options.audience ?? "convex")
      .setIssuedAt(Math.min(now - 60, exp - 3600))
      .setExpirationTime(exp)
      .sign(key);
  }

  async function expectAuthenticated(token: string, expected: Partial<UserIdentity>) {
    const client = clients.ws(backend);
    const who = watch(client, api.misc.whoami, {});
    await who.waitFor((identity) => identity === null, {
      what: "the anonymous identity",
    });
    const changes: boolean[] = [];
    client.setAuth(
      async () => token,
      (isAuthenticated) => void changes.push(isAuthenticated),
    );
    const identity = await who.waitFor((value) => value !== null, {
      what: "the identity after setAuth",
    });
    expect(identity).toMatchObject(expected);
    await waitFor(() => changes.includes(true), { message: "onChange(true)" });
    expect(changes).not.toContain(false);

    const http = clients.http(backend);
    http.setAuth(token);
    expect(await http.query(api.misc.whoami, {})).toMatchObject(expected);
  }

  test("a token signed with the generated JWT_PRIVATE_KEY for the site's issuer authenticates (WebSocket and HTTP)", async () => {
    const token = await ownToken({
      name: "Ada Lovelace",
      email: "ada@example.com",
      email_verified: true,
    });
    await expectAuthenticated(token, {
      tokenIdentifier: `${backend.siteUrl}|user1|sess1`,
      subject: "user1|sess1",
      issuer: backend.siteUrl,
      name: "Ada Lovelace",
      email: "ada@example.com",
      emailVerified: true,
    });
  });

  test("a customJwt token whose keys come from an external JWKS URL authenticates", async () => {
    const token = await issuer.sign({ sub: "cust-1", name: "Custom User" });
    await expectAuthenticated(token, {
      tokenIdentifier: `${issuer.issuer}|cust-1`,
      subject: "cust-1",
      issuer: issuer.issuer,
      name: "Custom User",
    });
    expect(issuer.requests()).toBeGreaterThan(0);
  });

  const invalidTokens: [string, () => Promise<string>][] = [
    [
      "forged (signed with another key)",
      async () => {
        const { privateKey } = await generateKeyPair("RS256");
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({})
          .setProtectedHeader({ alg: "RS256" })
          .setSubject("user1|sess1")
          .setIssuer(backend.siteUrl)
          .setAudience("convex")
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .sign(privateKey);
      },
    ],
    ["expired", async () => ownToken({}, { exp: Math.floor(Date.now() / 1000) - 600 })],
    ["for another audience", async () => ownToken({}, { audience: "someone-else" })],
    ["from an unknown issuer", async () => ownToken({}, { iss: "http://127.0.0.1:9/unknown-issuer" })],
    ["not a JWT at all", async () => "not-a-jwt"],
    [
      "customJwt signed with another key under the same kid",
      async () => {
        const { privateKey } = await generateKeyPair("RS256");
        const now = Math.floor(Date.now() / 1000);
        return new SignJWT({})
          .setProtectedHeader({ alg: "RS256", kid: issuer.kid })
          .setSubject("cust-forged")
          .setIssuer(issuer.issuer)
          .setAudience("conformance-app")
          .setIssuedAt(now)
          .setExpirationTime(now + 3600)
          .sign(privateKey);
      },
    ],
  ];

  test.each(invalidTokens)("a token %s gives no identity", async (_label, makeToken) => {
    const token = await makeToken();

    const client = clients.ws(backend);
    const who = watch(client, api.misc.whoami, {});
    await who.waitFor((identity) => identity === null);
    const changes: boolean[] = [];
    client.setAuth(
      async () => token,
      (isAuthenticated) => void changes.push(isAuthenticated),
    );
    await waitFor(() => changes.includes(false), {
      message: "onChange(false) after the server's AuthError",
    });
    expect(changes).not.toContain(true);
    // After the failure the client carries on anonymously.
    expect(
      await client.mutation(api.counters.increment, {
        name: uid("after-bad-auth"),
      }),
    ).toBe(1);
    expect(await client.query(api.misc.whoami, {})).toBeNull();
    expect(who.values.every((identity) => identity === null)).toBe(true);

    const http = clients.http(backend);
    http.setAuth(token);
    const error = await errorOf(http.query(api.misc.whoami, {}));
    expect(error.message.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------

describe("sync protocol and robustness", () => {
  test("raw protocol: Connect, ModifyQuerySet, Mutation and Action produce the documented messages", async () => {
    const channel = uid("raw");
    const raw = await openRawSocket(backend);
    try {
      raw.send(connectMessage());
      raw.send(addQueryMessage("messages:list", { channel }));
      const first = await raw.next((m) => m.type === "Transition");
      expect(first.startVersion).toEqual({
        querySet: 0,
        identity: 0,
        ts: expect.any(String),
      });
      expect(decodeTs((first.startVersion as { ts: string }).ts)).toBe(0n);
      expect(first.endVersion).toMatchObject({ querySet: 1, identity: 0 });
      expect(first.modifications).toEqual([
        expect.objectContaining({
          type: "QueryUpdated",
          queryId: 0,
          value: [],
          logLines: [],
        }),
      ]);

      const from = raw.messages.length;
      raw.send({
        type: "Mutation",
        requestId: 0,
        udfPath: "messages:send",
        args: [{ channel, author: "raw", body: "hi" }],
      });
      const response = await raw.next((m) => m.type === "MutationResponse", {
        from,
      });
      expect(response).toMatchObject({
        type: "MutationResponse",
        requestId: 0,
        success: true,
        logLines: [],
      });
      expect(typeof response.result).toBe("string");
      const commitTs = decodeTs(response.ts);
      const second = await raw.next(
        (m) => m.type === "Transition" && decodeTs((m.endVersion as { ts: string }).ts) >= commitTs,
        { from },
      );
      // Transitions chain: each starts where the previous one ended.
      const transitions = raw.messages.filter((m) => m.type === "Transition");
      for (let i = 1; i < transitions.length; i++)
        expect(transitions[i].startVersion).toEqual(transitions[i - 1].endVersion);
      const update =
        (second.modifications as Record<string, unknown>[]).find((m) => m.queryId === 0) ??
        transitions
          .flatMap((t) => t.modifications as Record<string, unknown>[])
          .filter((m) => m.queryId === 0)
          .at(-1);
      expect(update).toMatchObject({
        type: "QueryUpdated",
        value: [expect.objectContaining({ _id: response.result, body: "hi" })],
      });

      const beforeAction = raw.messages.length;
      raw.send({
        type: "Action",
        requestId: 1,
        udfPath: "actions:fail",
        args: [{}],
      });
      const actionResponse = await raw.next((m) => m.type === "ActionResponse", { from: beforeAction });
      expect(actionResponse).toMatchObject({
        requestId: 1,
        success: false,
        errorData: { code: "NOPE", extra: 1 },
      });
      expect(typeof actionResponse.result).toBe("string"); // on failure `result` carries the error message

      const beforeRemove = raw.messages.length;
      raw.send({
        type: "ModifyQuerySet",
        baseVersion: 1,
        newVersion: 2,
        modifications: [{ type: "Remove", queryId: 0 }],
      });
      const removed = await raw.next(
        (m) => m.type === "Transition" && (m.endVersion as { querySet: number }).querySet === 2,
        { from: beforeRemove },
      );
      for (const modification of removed.modifications as Record<string, unknown>[]) {
        expect(modification).toEqual({ type: "QueryRemoved", queryId: 0 });
      }
    } finally {
      raw.ws.close();
    }
  });

  test("a mutation re-sent after a reconnect is answered again, not run twice", async () => {
    const channel = uid("exactly-once");
    const sessionId = randomUUID();
    const send = {
      type: "Mutation",
      requestId: 7,
      udfPath: "messages:send",
      args: [{ channel, author: "a", body: "once" }],
    };
    const first = await openRawSocket(backend);
    first.send(connectMessage(sessionId));
    first.send(send);
    const original = await first.next((m) => m.type === "MutationResponse");
    first.ws.close();

    // The client lost the Transition, so it reconnects and re-sends the mutation.
    const second = await openRawSocket(backend);
    try {
      second.send(connectMessage(sessionId, 1));
      second.send(send);
      const replayed = await second.next((m) => m.type === "MutationResponse");
      expect(replayed).toMatchObject({ requestId: 7, success: true, result: original.result });
      await second.next((m) => m.type === "Transition");
      const rows = (await clients.http(backend).query(api.messages.list, { channel })) as unknown[];
      expect(rows).toHaveLength(1);
    } finally {
      second.ws.close();
    }
  });

  test("garbage on a socket does not crash the server or disturb another client", async () => {
    const channel = uid("garbage");
    const a = clients.ws(backend);
    const b = clients.ws(backend);
    const seen = watch(b, api.messages.list, { channel });
    await seen.waitFor((rows) => rows.length === 0);

    // 1. Garbage before any Connect.
    const early = await openRawSocket(backend);
    early.sendRaw("this is not json");
    early.sendRaw("{");
    early.sendRaw(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    early.send(null);
    early.send([1, 2, 3]);
    early.send({ type: "NoSuchMessageType" });
    early.send(connectMessage());
    early.send(addQueryMessage("messages:list", { channel }));

    // 2. Garbage after a valid Connect, then a valid query.
    const late = await openRawSocket(backend);
    late.send(connectMessage());
    late.send({ type: "NoSuchMessageType", hello: "world" });
    late.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: "not an array",
    });
    late.send({ type: "Mutation", requestId: "x", udfPath: 42, args: "nope" });
    late.send({ type: "Authenticate", tokenType: "Martian", baseVersion: 0 });
    late.sendRaw("]]]");
    late.send(addQueryMessage("messages:list", { channel }));

    // The server has dealt with each socket once it either closed it or answered the valid query.
    for (const raw of [early, late]) {
      await withTimeout(
        Promise.race([
          raw.closed,
          raw.next((m) => m.type === "Transition", { timeoutMs: 20_000 }).catch(() => undefined),
        ]),
        15_000,
        "the server to close the socket or answer its valid query",
      );
    }
    early.ws.terminate();
    late.ws.terminate();

    await a.mutation(api.messages.send, {
      channel,
      author: "a",
      body: "still alive",
    });
    await seen.waitFor((rows) => rows.length === 1 && rows[0].body === "still alive", {
      what: "the update after garbage",
    });
    const fresh = clients.ws(backend);
    expect(await fresh.query(api.messages.list, { channel })).toHaveLength(1);
    await expect(backend.metrics()).resolves.toMatchObject({
      commits: expect.any(Number),
    });
  });

  test("clients that disconnect mid-flight do not disturb the others", async () => {
    const channel = uid("drop");
    const a = clients.ws(backend);
    const b = clients.ws(backend);
    const seen = watch(b, api.messages.list, { channel });
    await seen.waitFor((rows) => rows.length === 0);

    // A raw client subscribes, fires a mutation and vanishes without a close handshake.
    const raw = await openRawSocket(backend);
    raw.send(connectMessage());
    raw.send(addQueryMessage("messages:list", { channel }));
    raw.send({
      type: "Mutation",
      requestId: 0,
      udfPath: "messages:send",
      args: [{ channel, author: "raw", body: "vanishing" }],
    });
    raw.ws.terminate();

    // A ConvexClient closes with a mutation in flight and a subscription open.
    const c = clients.ws(backend);
    watch(c, api.messages.list, { channel });
    const inFlight = c.mutation(api.messages.send, {
      channel,
      author: "c",
      body: "closing",
    });
    inFlight.catch(() => undefined);
    await c.close();

    await a.mutation(api.messages.send, {
      channel,
      author: "a",
      body: "after the drops",
    });
    await seen.waitFor((rows) => rows.some((row) => row.body === "after the drops"), { what: "a's message" });
    // Only a and b remain connected.
    await waitFor(async () => (await backend.metrics()).connections === 2, {
      message: "connections to settle at 2",
    });
    expect(await a.mutation(api.counters.increment, { name: uid("after-drops") })).toBe(1);
  });
});

// ---------------------------------------------------------------------------

describe("precision and metrics", () => {
  test("the metrics endpoint has the documented shape and counts executions", async () => {
    const metrics = await backend.metrics();
    expect(metrics).toMatchObject({
      executions: expect.any(Object),
      rerunsByFunction: expect.any(Object),
      rerunsByTable: expect.any(Object),
      commits: expect.any(Number),
      subscriptions: expect.any(Number),
      connections: expect.any(Number),
    });
    const http = clients.http(backend);
    const before = await backend.metrics();
    await http.query(api.events.byKind, { kind: uid("count-me") });
    await http.mutation(api.messages.send, {
      channel: uid("count-me"),
      author: "a",
      body: "b",
    });
    const after = await backend.metrics();
    expect(delta(before, after, "executions", "events:byKind")).toBe(1);
    expect(delta(before, after, "executions", "messages:send")).toBe(1);
    expect(after.commits).toBeGreaterThan(before.commits);
  });

  test("a scheduled run counts as one execution, a cancelled one as none", async () => {
    const client = clients.ws(backend);
    const name = uid("count-scheduled");
    const watched = watch(client, api.counters.get, { name });
    await watched.waitFor((row) => row === null);

    const m0 = await backend.metrics();
    await client.mutation(api.counters.scheduleIncrement, {
      name,
      delayMs: 100,
    });
    await watched.waitFor((row) => row?.value === 1, {
      what: "the scheduled run",
    });
    const m1 = await backend.metrics();
    expect(delta(m0, m1, "executions", "counters:bumpInternal")).toBe(1);

    await client.mutation(api.counters.scheduleAndCancel, {
      name,
      delayMs: 100,
    });
    await client.mutation(api.counters.scheduleIncrement, {
      name,
      delayMs: 400,
    });
    await watched.waitFor((row) => row?.value === 2, {
      what: "the run after the cancelled one",
    });
    const m2 = await backend.metrics();
    expect(delta(m1, m2, "executions", "counters:bumpInternal")).toBe(1);
    expect(watched.latest()?.value).toBe(2);
  });

  test("a write re-runs only the subscription whose read set it touches", async () => {
    const http = clients.http(backend);
    const nameA = uid("precise-a");
    const nameB = uid("precise-b");
    await http.mutation(api.counters.set, { name: nameA, value: 0 });
    await http.mutation(api.counters.set, { name: nameB, value: 0 });
    const a = clients.ws(backend);
    const b = clients.ws(backend);
    const watchA = watch(a, api.counters.watch, { name: nameA });
    const watchB = watch(b, api.counters.watch, { name: nameB });
    await watchA.waitFor((value) => value === 0);
    await watchB.waitFor((value) => value === 0);

    const m0 = await backend.metrics();
    await a.mutation(api.counters.increment, { name: nameA });
    await watchA.waitFor((value) => value === 1);
    const m1 = await backend.metrics();
    expect(delta(m0, m1, "rerunsByFunction", "counters:watch")).toBe(1);
    expect(delta(m0, m1, "rerunsByTable", "counters")).toBe(1);

    await b.mutation(api.counters.increment, { name: nameB });
    await watchB.waitFor((value) => value === 1);
    const m2 = await backend.metrics();
    expect(delta(m0, m2, "rerunsByFunction", "counters:watch")).toBe(2);
    expect(watchA.values).toEqual([0, 1]);
    expect(watchB.values).toEqual([0, 1]);
  });

  test("identical subscriptions on different clients share one re-run", async () => {
    const http = clients.http(backend);
    const name = uid("shared");
    await http.mutation(api.counters.set, { name, value: 0 });
    const watchers = [clients.ws(backend), clients.ws(backend), clients.ws(backend)].map((client) =>
      watch(client, api.counters.watch, { name }),
    );
    for (const w of watchers) await w.waitFor((value) => value === 0);

    const m0 = await backend.metrics();
    await http.mutation(api.counters.increment, { name });
    for (const w of watchers) await w.waitFor((value) => value === 1);
    const m1 = await backend.metrics();
    expect(delta(m0, m1, "rerunsByFunction", "counters:watch")).toBe(1);
    expect(delta(m0, m1, "executions", "counters:watch")).toBe(1);
  });

  test("metrics attribute re-runs to the written table and count the documents a query read", async () => {
    const http = clients.http(backend);
    const channel = uid("attributed");
    const name = uid("attributed");
    for (const body of ["one", "two", "three"]) {
      await http.mutation(api.messages.send, { channel, author: "a", body });
    }
    await http.mutation(api.counters.set, { name, value: 0 });
    const client = clients.ws(backend);
    const messages = watch(client, api.messages.list, { channel });
    const counter = watch(client, api.counters.watch, { name });
    await messages.waitFor((rows) => rows.length === 3);
    await counter.waitFor((value) => value === 0);

    const m0 = await backend.metrics();
    await http.mutation(api.counters.increment, { name });
    await counter.waitFor((value) => value === 1);
    await http.query(api.messages.list, { channel });
    const m1 = await backend.metrics();
    const countersReruns = (m: Metrics) => m.rerunsByTableAndFunction.counters ?? {};
    expect((countersReruns(m1)["counters:watch"] ?? 0) - (countersReruns(m0)["counters:watch"] ?? 0)).toBe(1);
    expect(countersReruns(m1)["messages:list"] ?? 0).toBe(countersReruns(m0)["messages:list"] ?? 0);
    expect(delta(m0, m1, "docsRead", "messages:list")).toBe(3);
  });

  test("a document read by id re-runs only when that document changes", async () => {
    const http = clients.http(backend);
    const channel = uid("by-id-precise");
    const mine = await http.mutation(api.messages.send, {
      channel,
      author: "a",
      body: "mine",
    });
    const other = await http.mutation(api.messages.send, {
      channel,
      author: "b",
      body: "other",
    });
    const client = clients.ws(backend);
    const watched = watch(client, api.messages.get, { id: mine });
    await watched.waitFor((doc) => doc?.body === "mine");

    const m0 = await backend.metrics();
    await http.mutation(api.messages.edit, {
      id: other,
      body: "other, edited",
    });
    await http.mutation(api.messages.edit, { id: mine, body: "mine, edited" });
    await watched.waitFor((doc) => doc?.body === "mine, edited", {
      what: "the edit",
    });
    const m1 = await backend.metrics();
    expect(delta(m0, m1, "rerunsByFunction", "messages:get")).toBe(1);
  });

  test("a limited read (.first(), one page) re-runs only for writes inside the part of the range it read", async () => {
    const http = clients.http(backend);
    const tag = uid("scanned");
    await http.mutation(api.items.seed, {
      tag,
      ns: [10, 20, 30, 40, 50, 60, 70],
    });
    const p1 = await http.query(api.items.page, {
      tag,
      paginationOpts: { numItems: 3, cursor: null },
    });
    const client = clients.ws(backend);
    const first = watch(client, api.items.first, { tag, order: "asc" });
    const page2 = watch(client, api.items.page, {
      tag,
      paginationOpts: { numItems: 3, cursor: p1.continueCursor },
    });
    await first.waitFor((n) => n === 10);
    await page2.waitFor((page) => ns(page.page).join() === "40,50,60");

    const m0 = await backend.metrics();
    await http.mutation(api.items.insert, { tag, n: 80 }); // after everything either query read
    await http.mutation(api.items.insert, { tag, n: 5 }); // inside .first()'s read only
    await first.waitFor((n) => n === 5, { what: ".first() to see 5" });
    await http.mutation(api.items.insert, { tag, n: 45 }); // inside page two only
    await page2.waitFor((page) => ns(page.page).includes(45), {
      what: "page two to see 45",
    });
    const m1 = await backend.metrics();
    expect(delta(m0, m1, "rerunsByFunction", "items:first")).toBe(1);
    expect(delta(m0, m1, "rerunsByFunction", "items:page")).toBe(1);
  });

  test("subscription and connection counts follow clients", async () => {
    await waitFor(
      async () => {
        const m = await backend.metrics();
        return m.connections === 0 && m.subscriptions === 0;
      },
      { message: "no connections or subscriptions left from earlier tests" },
    );
    const x = clients.ws(backend);
    const y = clients.ws(backend);
    watch(x, api.counters.watch, { name: uid("count-x1") });
    watch(x, api.counters.watch, { name: uid("count-x2") });
    watch(y, api.counters.watch, { name: uid("count-y") });
    await waitFor(
      async () => {
        const m = await backend.metrics();
        return m.connections === 2 && m.subscriptions === 3;
      },
      { message: "2 connections and 3 subscriptions" },
    );
    await x.close();
    await waitFor(
      async () => {
        const m = await backend.metrics();
        return m.connections === 1 && m.subscriptions === 1;
      },
      { message: "1 connection and 1 subscription after closing a client" },
    );
  });
});
