// One client must not stall, starve or impersonate the others (issue 11): the
// findings of the security test, each reproduced on a small scale with raw
// sync-protocol sockets: a frame that breaks the protocol's rules, a batch of
// expensive subscriptions, identical subscriptions on many clients, a commit
// that re-runs many queries, a socket that never reads, a sync-session ID
// reused by someone else, a token that expires on an open socket, requests
// naming a foreign Host, and a large body sent to an HTTP action that refuses it.
import { request } from "node:http";
import { connect } from "node:net";
import { randomUUID } from "node:crypto";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ClientPool,
  connectMessage,
  count,
  openRawSocket,
  startBackend,
  startJwksServer,
  uid,
  waitFor,
  type Backend,
  type JwksServer,
  type RawSocket,
} from "./helpers.js";

const api = anyApi;
const clients = new ClientPool();
let backend: Backend;
let issuer: JwksServer;
/** Iterations of load:slow's loop: a few milliseconds of CPU per run. */
const WORK = 1_000_000;

beforeAll(async () => {
  issuer = await startJwksServer();
  backend = await startBackend({ env: { TEST_ISSUER: issuer.issuer, TEST_JWKS_URL: issuer.jwksUrl } });
}, 60_000);

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
  await issuer?.close();
});

type Message = Record<string, unknown>;
const isTransition = (m: Message) => m.type === "Transition";
const modificationsOf = (m: Message) =>
  m.modifications as { type: string; queryId: number; errorMessage?: string }[];

async function connected(): Promise<RawSocket> {
  const socket = await openRawSocket(backend);
  socket.send(connectMessage());
  return socket;
}

function slowQueries(channel: string, count: number, from = 0) {
  return Array.from({ length: count }, (_, i) => ({
    type: "Add",
    queryId: from + i,
    udfPath: "load:slow",
    args: [{ channel, n: from + i, work: WORK }],
  }));
}

function modifyQuerySet(baseVersion: number, modifications: unknown[]): Message {
  return { type: "ModifyQuerySet", baseVersion, newVersion: baseVersion + 1, modifications };
}

/** The order in which `events` settle, by name. */
function settleOrder(events: Record<string, Promise<unknown>>): Promise<string[]> {
  const order: string[] = [];
  return Promise.all(Object.entries(events).map(([name, p]) => p.then(() => order.push(name)))).then(
    () => order,
  );
}

describe("the sync protocol's rules", () => {
  test.each([
    ["removes a query it never added", [{ type: "Remove", queryId: 7 }], /Nonexistent query id: 7/],
    [
      "adds the same query ID twice",
      [
        { type: "Add", queryId: 1, udfPath: "messages:list", args: [{ channel: "x" }] },
        { type: "Add", queryId: 1, udfPath: "messages:list", args: [{ channel: "y" }] },
      ],
      /Duplicate query ID: 1/,
    ],
  ])(
    "a ModifyQuerySet that %s closes that socket with the reason, and the server carries on",
    async (_what, mods, reason) => {
      const socket = await connected();
      socket.send(modifyQuerySet(0, mods));
      expect((await socket.closed).reason).toMatch(reason);
      const healthy = await connected();
      healthy.send(
        modifyQuerySet(0, [{ type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel: "x" }] }]),
      );
      await healthy.next(isTransition);
      healthy.ws.close();
    },
  );

  test("a ModifyQuerySet whose version does not advance closes the socket", async () => {
    const socket = await connected();
    socket.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 0, modifications: [] });
    expect((await socket.closed).reason).toMatch(/does not follow/);
  });
});

describe("one client must not stall everyone", () => {
  test("subscriptions past the per-connection cap fail with a clear error; the others are answered", async () => {
    const socket = await connected();
    socket.send(
      modifyQuerySet(
        0,
        Array.from({ length: 300 }, (_, queryId) => ({
          type: "Add",
          queryId,
          udfPath: "messages:list",
          args: [{ channel: `cap-${queryId}` }],
        })),
      ),
    );
    const transition = await socket.next(isTransition, { timeoutMs: 30_000 });
    const mods = modificationsOf(transition);
    expect(mods.filter((m) => m.type === "QueryUpdated")).toHaveLength(256);
    const failed = mods.filter((m) => m.type === "QueryFailed");
    expect(failed.map((m) => m.queryId)).toEqual(Array.from({ length: 44 }, (_, i) => 256 + i));
    expect(failed[0].errorMessage).toMatch(/Too many subscriptions on one connection: at most 256/);
    socket.ws.close();
  });

  test("another client's query is answered while one socket's batch of expensive queries runs", async () => {
    const heavy = await connected();
    const bystander = await connected();
    const { subscriptions } = await backend.metrics();
    heavy.send(modifyQuerySet(0, slowQueries(uid("batch"), 120)));
    // The batch has started once its queries are counted.
    await waitFor(async () => (await backend.metrics()).subscriptions >= subscriptions + 120, {
      message: "the batch to start",
    });
    bystander.send(
      modifyQuerySet(0, [{ type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel: "b" }] }]),
    );
    const order = await settleOrder({
      heavy: heavy.next(isTransition, { timeoutMs: 60_000 }),
      bystander: bystander.next(isTransition, { timeoutMs: 60_000 }),
    });
    expect(order).toEqual(["bystander", "heavy"]);
    heavy.ws.close();
    bystander.ws.close();
  });

  test("identical queries subscribed by many clients at once run once", async () => {
    const channel = uid("shared");
    const before = await backend.metrics();
    const sockets = await Promise.all(Array.from({ length: 5 }, () => connected()));
    for (const socket of sockets) socket.send(modifyQuerySet(0, slowQueries(channel, 1)));
    await Promise.all(sockets.map((s) => s.next(isTransition)));
    const after = await backend.metrics();
    expect(count(after.executions, "load:slow") - count(before.executions, "load:slow")).toBe(1);
    for (const socket of sockets) socket.ws.close();
  });

  test("a commit that re-runs many queries does not hold back another client's write", async () => {
    const channel = uid("rerun");
    const heavy = await connected();
    heavy.send(modifyQuerySet(0, slowQueries(channel, 120)));
    await heavy.next(isTransition, { timeoutMs: 60_000 });
    const writer = clients.ws(backend);
    const bystander = clients.ws(backend);
    await bystander.mutation(api.counters.set, { name: uid("warm"), value: 0 });

    const from = heavy.messages.length;
    await writer.mutation(api.messages.send, { channel, author: "a", body: "re-run them all" });
    const order = await settleOrder({
      reruns: heavy.next(isTransition, { from, timeoutMs: 60_000 }),
      write: bystander.mutation(api.counters.set, { name: uid("other"), value: 1 }),
    });
    expect(order).toEqual(["write", "reruns"]);
    heavy.ws.close();
  });
});

describe("actions off the sync loop", () => {
  test("an action's CPU work does not hold back another client's query", async () => {
    const caller = await connected();
    const bystander = await connected();
    caller.send({ type: "Action", requestId: 0, udfPath: "load:spin", args: [{ work: 60_000_000 }] });
    bystander.send(
      modifyQuerySet(0, [{ type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel: "spin" }] }]),
    );
    const order = await settleOrder({
      action: caller.next((m) => m.type === "ActionResponse", { timeoutMs: 60_000 }),
      bystander: bystander.next(isTransition, { timeoutMs: 60_000 }),
    });
    expect(order).toEqual(["bystander", "action"]);
    expect(caller.messages.find((m) => m.type === "ActionResponse")).toMatchObject({ success: true });
    caller.ws.close();
    bystander.ws.close();
  });

  test("an action's arguments are validated before it runs", async () => {
    const error = await clients
      .ws(backend)
      .action(api.load.spin, { work: "lots" })
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    // Convex's wording (crates/udf/src/validation.rs): a system error, not an uncaught exception.
    expect((error as Error).message).toContain("ArgumentValidationError: Value does not match validator.");
    expect((error as Error).message).not.toContain("Uncaught");
  });

  test("an action's return value is validated", async () => {
    const error = await clients
      .ws(backend)
      .action(api.load.badReturn, {})
      .catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    // Convex's wording (crates/model/src/modules/function_validators.rs).
    expect((error as Error).message).toContain(
      'ReturnsValidationError: Value does not match validator.\n\nValue: "not a number"\nValidator: v.float64()',
    );
  });
});

describe("backpressure and sync sessions", () => {
  test("a socket that stops reading is closed once its unsent data passes the limit; its client can reconnect", async () => {
    const channel = uid("stalled");
    const sessionId = randomUUID();
    const stalled = await openRawSocket(backend);
    stalled.send(connectMessage(sessionId));
    stalled.send(
      modifyQuerySet(0, [{ type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel }] }]),
    );
    await stalled.next(isTransition);
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();

    // Each message makes the list (and the Transition that carries it) 100 KB longer.
    const writer = clients.ws(backend);
    const body = "x".repeat(100_000);
    for (let i = 0; i < 300 && !stalled.isClosed(); i++) {
      await writer.mutation(api.messages.send, { channel, author: "w", body });
      if (i % 10 === 9) {
        const { subscriptions } = await backend.metrics();
        if (subscriptions === 0) break;
      }
    }
    await waitFor(async () => (await backend.metrics()).subscriptions === 0, {
      message: "the server to drop the stalled socket",
    });
    expect(backend.output()).toMatch(/closing a connection whose client stopped reading/);

    const again = await openRawSocket(backend);
    again.send(connectMessage(sessionId, 1));
    again.send(
      modifyQuerySet(0, [{ type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel }] }]),
    );
    const caughtUp = await again.next(isTransition);
    const value = (caughtUp.modifications as { value: unknown[] }[])[0].value;
    expect(value.length).toBeGreaterThan(10);
    again.ws.close();
    stalled.ws.terminate();
  });

  test("Connect messages alone store no sync session", async () => {
    const before = (await backend.metrics()).syncSessions;
    const socket = await openRawSocket(backend);
    for (let i = 0; i < 2_000; i++) socket.send(connectMessage());
    socket.send(
      modifyQuerySet(0, [{ type: "Add", queryId: 0, udfPath: "messages:list", args: [{ channel: "c" }] }]),
    );
    await socket.next(isTransition);
    expect(before).toEqual(expect.any(Number));
    expect((await backend.metrics()).syncSessions).toBe(before);
    socket.ws.close();
  });

  test("a second connection reusing a sync-session ID gets its own mutation result, not the first one's", async () => {
    const sessionId = randomUUID();
    const token = await issuer.sign({ sub: "victim" });
    const victim = await openRawSocket(backend);
    victim.send(connectMessage(sessionId));
    victim.send({ type: "Authenticate", tokenType: "User", value: token, baseVersion: 0 });
    victim.send({ type: "Mutation", requestId: 3, udfPath: "load:whoRan", args: [{}] });
    expect(await victim.next((m) => m.type === "MutationResponse")).toMatchObject({ result: "victim" });
    victim.ws.close();

    const thief = await openRawSocket(backend);
    thief.send(connectMessage(sessionId, 1));
    thief.send({ type: "Mutation", requestId: 3, udfPath: "load:whoRan", args: [{}] });
    expect(await thief.next((m) => m.type === "MutationResponse")).toMatchObject({
      success: true,
      result: null,
    });
    thief.ws.close();
  });
});

describe("auth on a live socket", () => {
  test("an Authenticate on a socket with no queries is answered by a Transition to the new identity version", async () => {
    const socket = await connected();
    socket.send({
      type: "Authenticate",
      tokenType: "User",
      value: await issuer.sign({ sub: "a" }),
      baseVersion: 0,
    });
    const answer = await socket.next(isTransition);
    expect(answer).toMatchObject({ endVersion: { identity: 1 } });
    socket.ws.close();
  });

  test("when the token expires, the socket gets an AuthError and its identity is gone for later calls and subscriptions", async () => {
    const token = await issuer.sign({ sub: "expiring" }, { expiresIn: "2s" });
    const socket = await connected();
    socket.send({ type: "Authenticate", tokenType: "User", value: token, baseVersion: 0 });
    socket.send(modifyQuerySet(0, [{ type: "Add", queryId: 0, udfPath: "misc:whoami", args: [{}] }]));
    // The Authenticate may get a Transition of its own before the query's first answer.
    const first = await socket.next(
      (m) => isTransition(m) && modificationsOf(m).some((mod) => mod.queryId === 0),
    );
    expect(modificationsOf(first).find((mod) => mod.queryId === 0)).toMatchObject({
      value: expect.objectContaining({ subject: "expiring" }),
    });

    const expired = await socket.next((m) => m.type === "AuthError", { timeoutMs: 10_000 });
    expect(expired).toMatchObject({ error: "Token expired", authUpdateAttempted: false });
    const from = socket.messages.length;
    socket.send({ type: "Mutation", requestId: 0, udfPath: "load:whoRan", args: [{}] });
    expect(await socket.next((m) => m.type === "MutationResponse", { from })).toMatchObject({ result: null });
    const unauthenticated = await socket.next(
      (m) => isTransition(m) && modificationsOf(m).some((mod) => mod.queryId === 0),
      { from: socket.messages.indexOf(expired) },
    );
    expect(modificationsOf(unauthenticated).find((m) => m.queryId === 0)).toMatchObject({ value: null });
    socket.ws.close();
  });
});

describe("local endpoints", () => {
  function get(path: string, host: string, headers: Record<string, string> = {}, base = backend.url) {
    const url = new URL(path, base);
    return new Promise<number>((resolve, reject) => {
      const req = request(url, { headers: { ...headers, Host: host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
  }

  test("bound to loopback, /_local/metrics and the API answer only loopback Host values", async () => {
    const port = new URL(backend.url).port;
    expect(await get("/_local/metrics", `evil.example:${port}`)).toBe(403);
    expect(await get("/api/query", `attacker.test`)).toBe(403);
    expect(await get("/_local/metrics", `localhost:${port}`)).toBe(200);
    expect(await get("/_local/metrics", `127.0.0.1:${port}`)).toBe(200);
  });

  test("bound elsewhere, the backend warns and /_local/metrics needs the admin key", async () => {
    const open = await startBackend({ extraArgs: ["--host", "0.0.0.0"] });
    try {
      expect(open.output()).toMatch(/Warning: --host 0.0.0.0 is not a loopback address/);
      const base = open.url.replace("0.0.0.0", "127.0.0.1");
      const keyFile = /key in (\S+)\.$/m.exec(open.output())?.[1];
      const { readFileSync } = await import("node:fs");
      const key = readFileSync(keyFile!, "utf8").trim();
      expect(await get("/_local/metrics", "127.0.0.1", {}, base)).toBe(401);
      expect(await get("/_local/metrics", "127.0.0.1", { Authorization: "Convex wrong" }, base)).toBe(401);
      expect(await get("/_local/metrics", "127.0.0.1", { Authorization: `Convex ${key}` }, base)).toBe(200);
    } finally {
      await open.stop();
    }
  });

  test("an HTTP action that refuses a large body answers before the body is sent, and the rest is not read", async () => {
    const { hostname, port } = new URL(backend.siteUrl);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on("error", () => undefined);
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      `POST /capped HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: text/plain\r\nContent-Length: ${15 * 1024 * 1024}\r\n\r\n`,
    );
    socket.write(Buffer.alloc(64 * 1024, 0x61));
    // The other 15 MB are never sent: the answer must not wait for them.
    await waitFor(() => received.startsWith("HTTP/1.1 413"), { message: "a 413 before the body ends" });
    await waitFor(() => socket.destroyed || socket.readableEnded, {
      message: "the server to close the connection",
    });
    socket.destroy();
  });
});
