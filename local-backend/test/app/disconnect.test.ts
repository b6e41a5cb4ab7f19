// Clients that vanish at the worst moment, on the app's own functions: raw
// sync-protocol sockets send multi-write mutations (bookings.confirm inserts
// a booking and deletes the hold and draft; holds.hold moves a hold and
// re-points the draft) and disconnect straight away, in every way a socket
// can go (close handshake, abrupt terminate, the server closing it, a frame
// cut off mid-way); others vanish while their subscriptions are being
// computed, or send frames that are not the protocol at all. Each tab's state
// must end up all or nothing, the backend must keep running, and connected
// clients must keep getting updates.
import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { isDeepStrictEqual } from "node:util";
import type { FunctionReturnType } from "convex/server";
import { jsonToConvex } from "convex/values";
import { beforeAll, describe, expect, test } from "vitest";
import {
  ClientPool,
  connectMessage,
  count,
  openRawSocket,
  waitFor,
  watch,
  withTimeout,
  type Backend,
  type Watched,
} from "../helpers.js";
import {
  app,
  clientFrame,
  closeCodeIn,
  dayOf,
  detailsFor,
  followUpWith,
  freeTimes,
  mutationMessage,
  subscribeMessage,
  openUpgradedSocket,
  backendPerFile,
  Tab,
  type Details,
  type SlotSearch,
} from "./tabbook.js";

let backend: Backend;
const clients = new ClientPool();
let search: SlotSearch;
/** Free times far enough apart that holding or booking one never blocks another. */
let times: number[] = [];

backendPerFile(clients, (started) => (backend = started));

beforeAll(async () => {
  const setup = clients.ws(backend);
  ({ search } = await followUpWith(setup, "Sam Ortiz"));
  times = await freeTimes(setup, search, { count: 120, gapMs: 45 * 60_000 });
  await clients.closeAll();
}, 120_000);

function takeTimes(n: number): number[] {
  if (times.length < n) throw new Error(`out of free times (wanted ${n}, ${times.length} left)`);
  return times.splice(0, n);
}

/** Waits until exactly the given clients are connected and subscribed, so nothing leaked. */
async function settle(connections: number, subscriptions: number, what: string): Promise<void> {
  let last = "";
  await waitFor(
    async () => {
      const metrics = await backend.metrics();
      last = `${metrics.connections} connections, ${metrics.subscriptions} subscriptions`;
      return metrics.connections === connections && metrics.subscriptions === subscriptions;
    },
    {
      timeoutMs: 20_000,
      message: () => `${what}: ${connections} connections, ${subscriptions} subscriptions (have ${last})`,
    },
  );
}

function expectAlive(): void {
  expect(backend.process.exitCode, "backend exit code").toBeNull();
  expect(backend.process.signalCode, "backend exit signal").toBeNull();
}

/** Free times on the days of `starts`, as anyone sees them now. */
async function offeredNow(tab: Tab, starts: number[]): Promise<(start: number) => boolean> {
  const days = [...new Set(starts.map((start) => dayOf(start, search.timeZone)))];
  const offered = new Set<number>();
  for (const slots of await Promise.all(days.map((date) => tab.client.query(app.day, { ...search, date })))) {
    for (const slot of slots ?? []) offered.add(slot.start);
  }
  return (start) => offered.has(start);
}

/**
 * A new client and tab can still do everything: subscribe, write, see its
 * write, and take a time that a connected bystander then stops being offered.
 */
async function freshTabWorks(bystanderDay: Watched<FunctionReturnType<typeof app.day>>, start: number) {
  const tab = new Tab(clients.ws(backend));
  const draft = watch(tab.client, app.draft, { sessionId: tab.sessionId });
  await draft.waitFor((value) => value === null, { what: "a fresh tab's empty draft" });
  await tab.start(search);
  await draft.waitFor((value) => value?.step === "time" && value.serviceId === search.serviceId, {
    what: "the fresh tab's draft",
  });
  const from = bystanderDay.values.length;
  expect(await tab.mutation(app.hold, { start })).toMatchObject({ ok: true });
  await bystanderDay.waitFor((slots) => !slots?.some((slot) => slot.start === start), {
    from,
    what: "the bystander to see the fresh tab's hold",
  });
  draft.unsubscribe();
}

/** A client connected throughout, watching the free times of `freshTime`'s day. */
async function watchingBystander(freshTime: number) {
  const bystander = new Tab(clients.ws(backend));
  const bystanderDay = watch(bystander.client, app.day, {
    ...search,
    date: dayOf(freshTime, search.timeZone),
  });
  await bystanderDay.waitFor(() => true, { what: "the bystander's first result" });
  return { bystander, bystanderDay };
}

/** The bystander, connected throughout, sees the same times as a new query, still gets updates, and the backend is up. */
async function bystanderStillCurrent(
  bystander: Tab,
  bystanderDay: Watched<FunctionReturnType<typeof app.day>>,
  freshTime: number,
) {
  const fresh = await bystander.client.query(app.day, { ...search, date: dayOf(freshTime, search.timeZone) });
  await bystanderDay.waitFor((slots) => isDeepStrictEqual(slots, fresh), {
    from: bystanderDay.values.length - 1,
    what: "the bystander's times to match a new query",
  });
  await freshTabWorks(bystanderDay, freshTime);
  expectAlive();
}

// ---------------------------------------------------------------------------

type Kind = "confirm" | "move";
const VARIANTS = [
  "close",
  "server-close",
  "terminate",
  "terminate-after-write",
  "truncated",
  "fragment-then-terminate",
] as const;
type Variant = (typeof VARIANTS)[number];
type Vanishing = {
  label: string;
  kind: Kind;
  variant: Variant;
  tab: Tab;
  details: Details;
  /** The time the tab holds before the mutation. */
  from: number;
  /** For "move": the time holds.hold moves it to. */
  to: number;
  /** The `sessionId` of the sync protocol's Connect (the client's, not the tab's). */
  syncSession: string;
  message: Record<string, unknown>;
};

type State = "booked" | "untouched" | "moved";

/** Half confirm, half move, every variant equally often. */
const TABS = 60;

/** Which all-or-nothing `State` a tab is in, or a description of how it is in none. */
async function stateOf(v: Vanishing, offered: (start: number) => boolean): Promise<string> {
  const [draft, hold] = await Promise.all([v.tab.query(app.draft, {}), v.tab.query(app.myHold, {})]);
  const reviewing = (start: number) =>
    draft?.step === "review" && draft.start === start && isDeepStrictEqual(draft.details, v.details);
  const holding = (start: number) => hold?.start === start && !offered(start);
  if (v.kind === "confirm") {
    // Only its booking can keep the time from being offered once its hold is gone.
    if (draft === null && hold === null && !offered(v.from)) return "booked";
    if (reviewing(v.from) && holding(v.from)) return "untouched";
  } else {
    if (reviewing(v.from) && holding(v.from) && offered(v.to)) return "untouched";
    if (reviewing(v.to) && holding(v.to) && offered(v.from)) return "moved";
  }
  return `neither: draft ${JSON.stringify(draft)}, hold ${JSON.stringify(hold)}, from ${v.from} offered ${offered(v.from)}, to ${v.to} offered ${offered(v.to)}`;
}

/** What each way of vanishing allows: a mutation the server received in full runs to the end. */
const ALLOWED: Record<Variant, Record<Kind, readonly State[]>> = {
  close: { confirm: ["booked"], move: ["moved"] },
  "server-close": { confirm: ["booked"], move: ["moved"] },
  terminate: { confirm: ["booked", "untouched"], move: ["moved", "untouched"] },
  "terminate-after-write": { confirm: ["booked", "untouched"], move: ["moved", "untouched"] },
  truncated: { confirm: ["untouched"], move: ["untouched"] },
  "fragment-then-terminate": { confirm: ["untouched"], move: ["untouched"] },
};

const allowed = (v: Vanishing, state: string) =>
  (ALLOWED[v.variant][v.kind] as readonly string[]).includes(state);

/** Sends the tab's mutation on a fresh socket and disconnects in the variant's way, without waiting for an answer. */
async function sendAndVanish(v: Vanishing, afterSend: () => void = () => undefined): Promise<void> {
  const text = JSON.stringify(v.message);
  if (v.variant === "truncated") {
    const { socket } = await openUpgradedSocket(backend);
    const frame = clientFrame(text);
    socket.write(clientFrame(JSON.stringify(connectMessage(v.syncSession))));
    afterSend();
    // All but the last few bytes of the Mutation frame, then end of stream.
    socket.end(frame.subarray(0, frame.length - 3));
    await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    return;
  }
  const raw = await openRawSocket(backend);
  raw.send(connectMessage(v.syncSession));
  afterSend();
  switch (v.variant) {
    case "close":
      raw.sendRaw(text);
      raw.ws.close();
      break;
    case "server-close":
      raw.sendRaw(text);
      // Binary frames are not part of the protocol: the server closes the socket itself.
      raw.sendRaw(Buffer.from([0xde, 0xad]));
      break;
    case "terminate":
      raw.sendRaw(text);
      raw.ws.terminate();
      break;
    case "terminate-after-write":
      raw.ws.send(text, () => raw.ws.terminate());
      break;
    case "fragment-then-terminate":
      // The first fragment of a fragmented message; the rest never comes.
      raw.ws.send(text.slice(0, text.length >> 1), { fin: false });
      raw.ws.terminate();
      break;
  }
  await withTimeout(raw.closed, 15_000, `${v.label}'s socket to close`);
}

/** Reconnects as the same sync client and re-sends the mutation, as convex/browser does after a reconnect. */
async function resend(v: Vanishing): Promise<unknown> {
  const raw = await openRawSocket(backend);
  try {
    raw.send(connectMessage(v.syncSession, 1));
    raw.sendRaw(JSON.stringify(v.message));
    const response = await raw.next((m) => m.type === "MutationResponse");
    expect(response, `${v.label}'s re-sent mutation`).toMatchObject({ requestId: 0, success: true });
    return jsonToConvex(response.result as never);
  } finally {
    raw.ws.close();
  }
}

/**
 * A client that stays connected and subscribes to a tab's draft and hold in
 * one query set, checking every Transition it is sent: the two always agree
 * (both there on the same time, or both gone), or a half-done write showed.
 */
async function openObserver(v: Vanishing) {
  const raw = await openRawSocket(backend);
  raw.send(connectMessage());
  const latest = new Map<number, unknown>();
  const problems: string[] = [];
  let state = "";
  let read = 0;
  const update = () => {
    for (; read < raw.messages.length; read++) {
      const message = raw.messages[read];
      if (message.type !== "Transition") continue;
      for (const mod of message.modifications as { type: string; queryId: number; value?: unknown }[]) {
        if (mod.type === "QueryUpdated") latest.set(mod.queryId, mod.value);
        else problems.push(`unexpected ${JSON.stringify(mod)}`);
      }
      if (!latest.has(0) || !latest.has(1)) continue;
      const draft = latest.get(0) as { start?: number } | null;
      const hold = latest.get(1) as { start: number } | null;
      state = draft === null && hold === null ? "none" : `draft at ${draft?.start}, hold at ${hold?.start}`;
      if (draft !== null && (hold === null || draft.start !== hold.start)) {
        problems.push(`${state} (Transition to ${JSON.stringify(message.endVersion)})`);
      }
    }
  };
  return {
    subscribe: () =>
      raw.send(
        subscribeMessage([
          ["drafts:get", { sessionId: v.tab.sessionId }],
          ["holds:mine", { sessionId: v.tab.sessionId }],
        ]),
      ),
    /** Waits until the latest Transition shows `expected` ("none" or "draft at T, hold at T"). */
    sees: async (expected: string) => {
      await raw
        .next(() => (update(), state === expected), { from: 0 })
        .catch((error: Error) => {
          throw new Error(
            `${v.label}'s observer saw "${state}", not "${expected}": ${error.message.slice(0, 200)}`,
          );
        });
      return problems;
    },
    close: () => raw.ws.close(),
  };
}

describe("clients that disconnect mid-mutation", () => {
  test("60 tabs that vanish mid-mutation each end up all or nothing, and the backend carries on", async () => {
    const setup = clients.ws(backend);
    const [freshTime] = takeTimes(1);
    const { bystander, bystanderDay } = await watchingBystander(freshTime);

    const vanishing: Vanishing[] = Array.from({ length: TABS }, (_, i) => {
      const kind: Kind = i % 2 === 0 ? "confirm" : "move";
      const variant = VARIANTS[Math.floor(i / 2) % VARIANTS.length];
      const tab = new Tab(setup);
      const [from, to] = takeTimes(kind === "move" ? 2 : 1);
      const message =
        kind === "confirm"
          ? mutationMessage(0, "bookings:confirm", { sessionId: tab.sessionId })
          : mutationMessage(0, "holds:hold", { sessionId: tab.sessionId, start: to });
      return {
        label: `tab ${i} (${kind}, ${variant})`,
        kind,
        variant,
        tab,
        details: detailsFor(`${i}`),
        from,
        to: to ?? from,
        syncSession: randomUUID(),
        message,
      };
    });
    // Every tab is on the review step holding its time.
    await Promise.all(
      vanishing.map(async (v) => {
        await v.tab.start(search);
        expect(await v.tab.mutation(app.hold, { start: v.from }), `${v.label} holds`).toMatchObject({
          ok: true,
        });
        await v.tab.fillDetails(v.details);
      }),
    );
    const allTimes = vanishing.flatMap((v) => [v.from, v.to]);
    const initially = await offeredNow(bystander, allTimes);
    for (const v of vanishing) expect(await stateOf(v, initially), v.label).toBe("untouched");
    await settle(2, 1, "before the storm");
    const before = await backend.metrics();

    // Connected clients subscribe to each tab's draft and hold just as its mutation is sent.
    const observers = await Promise.all(vanishing.map((v) => openObserver(v)));
    await Promise.all(vanishing.map((v, i) => sendAndVanish(v, () => observers[i].subscribe())));

    // The sockets are gone (none left behind), and every tab is in a state its mutation allows.
    await settle(2 + TABS, 1 + 2 * TABS, "after the storm");
    let states: string[] = [];
    await waitFor(
      async () => {
        const offered = await offeredNow(bystander, allTimes);
        states = await Promise.all(vanishing.map((v) => stateOf(v, offered)));
        return vanishing.every((v, i) => allowed(v, states[i]));
      },
      {
        timeoutMs: 20_000,
        message: () =>
          `all-or-nothing states:\n${vanishing
            .map((v, i) => `  ${v.label}: ${states[i]}`)
            .filter((_, i) => !allowed(vanishing[i], states[i]))
            .join("\n")}`,
      },
    );
    expectAlive();

    // Reconnecting and re-sending finishes every tab's mutation exactly once.
    const results = await Promise.all(vanishing.map((v) => resend(v)));
    for (const [i, v] of vanishing.entries()) {
      const result = results[i];
      if (v.kind === "confirm") {
        expect(result, v.label).toEqual({
          ok: true,
          reference: expect.stringMatching(/^[A-Z2-9]{8}$/),
          manageToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        });
        const { reference } = result as { reference: string };
        expect(await v.tab.query(app.confirmation, { reference }), `${v.label}'s booking`).toMatchObject({
          reference,
          status: "confirmed",
          start: v.from,
          name: v.details.name,
        });
      } else {
        expect(result, v.label).toEqual({ ok: true, expiresAt: expect.any(Number) });
      }
    }
    const offered = await offeredNow(bystander, allTimes);
    for (const v of vanishing) {
      expect(await stateOf(v, offered), v.label).toBe(v.kind === "confirm" ? "booked" : "moved");
    }
    // The observers saw every tab's state change in one step, never half of it.
    for (const [i, v] of vanishing.entries()) {
      const problems = await observers[i].sees(
        v.kind === "confirm" ? "none" : `draft at ${v.to}, hold at ${v.to}`,
      );
      expect(problems, `what ${v.label}'s observer saw`).toEqual([]);
      observers[i].close();
    }
    const after = await backend.metrics();
    for (const name of ["bookings:confirm", "holds:hold"]) {
      expect(count(after.executions, name) - count(before.executions, name), `${name} runs`).toBe(TABS / 2);
    }

    await bystanderStillCurrent(bystander, bystanderDay, freshTime);
  });
});

// ---------------------------------------------------------------------------

describe("clients that disconnect while their subscriptions are computed", () => {
  const VANISH = ["initial", "initial-close", "recompute-other", "recompute-own", "resubscribe"] as const;

  test("20 subscribers that vanish mid-computation leave no subscriptions behind", async () => {
    const setup = clients.ws(backend);
    const [freshTime, ...writeTimes] = takeTimes(21);
    const { bystander, bystanderDay } = await watchingBystander(freshTime);
    // Tabs on the time step whose holds change what the vanishing subscribers are subscribed to.
    const writers = writeTimes.map((start) => ({ tab: new Tab(setup), start }));
    await Promise.all(writers.map(({ tab }) => tab.start(search)));
    await settle(2, 1, "before the subscribers");

    const vanish = async (i: number) => {
      const way = VANISH[i % VANISH.length];
      const { tab, start } = writers[i];
      const date = dayOf(start, search.timeZone);
      const raw = await openRawSocket(backend);
      raw.send(connectMessage());
      const subscribe = subscribeMessage([
        ["availability:day", { ...search, date }],
        ["availability:month", { ...search, month: date.slice(0, 7) }],
        ["holds:mine", { sessionId: tab.sessionId }],
      ]);
      raw.send(subscribe);
      if (way === "initial") {
        // Gone while its first results are being computed.
        raw.ws.terminate();
      } else if (way === "initial-close") {
        raw.ws.close();
      } else if (way === "recompute-other") {
        await raw.next((m) => m.type === "Transition");
        // Another client's write makes the server re-run this socket's queries as it vanishes.
        const held = tab.mutation(app.hold, { start });
        raw.ws.terminate();
        expect(await held).toMatchObject({ ok: true });
      } else if (way === "recompute-own") {
        await raw.next((m) => m.type === "Transition");
        // Its own write, whose response and re-run results it will never read.
        raw.sendRaw(JSON.stringify(mutationMessage(0, "holds:hold", { sessionId: tab.sessionId, start })));
        raw.ws.terminate();
      } else {
        // Swaps a query out and back in, and is gone before the server has answered.
        await raw.next((m) => m.type === "Transition");
        raw.send({
          type: "ModifyQuerySet",
          baseVersion: 1,
          newVersion: 2,
          modifications: [{ type: "Remove", queryId: 0 }],
        });
        raw.send({
          ...subscribeMessage([["availability:day", { ...search, date }]]),
          baseVersion: 2,
          newVersion: 3,
        });
        raw.ws.terminate();
      }
      await withTimeout(raw.closed, 15_000, "the subscriber's socket to close");
    };
    await Promise.all(writers.map((_, i) => vanish(i)));

    await settle(2, 1, "after the subscribers vanished");
    // Holds sent by a vanishing subscriber are all or nothing: held and chosen, or neither.
    await waitFor(
      async () => {
        const offered = await offeredNow(bystander, writeTimes);
        const states = await Promise.all(
          writers.map(async ({ tab, start }, i) => {
            const [draft, hold] = await Promise.all([tab.query(app.draft, {}), tab.query(app.myHold, {})]);
            const held = hold?.start === start && draft?.start === start && !offered(start);
            const free = hold === null && draft?.start === undefined && offered(start);
            const way = VANISH[i % VANISH.length];
            if (way === "recompute-other") return held;
            if (way === "recompute-own") return held || free;
            return free;
          }),
        );
        return states.every(Boolean);
      },
      { message: "every writer's hold to be all or nothing" },
    );
    await bystanderStillCurrent(bystander, bystanderDay, freshTime);
  });
});

// ---------------------------------------------------------------------------

describe("frames that are not the protocol", () => {
  /**
   * Sends `bytes` on a socket that completed the upgrade (then ends the stream
   * if `end`), and waits until the server closes the connection: the status
   * code of its close frame, or null if it dropped the connection without one.
   */
  async function afterUpgrade(
    bytes: Buffer,
    { end = false }: { end?: boolean } = {},
  ): Promise<number | null> {
    const { socket, received } = await openUpgradedSocket(backend);
    const closed = new Promise<number | null>((resolve) => {
      socket.on("data", () => {
        const code = closeCodeIn(received());
        if (code !== null) resolve(code);
      });
      socket.once("close", () => resolve(closeCodeIn(received())));
    });
    if (end) socket.end(bytes);
    else socket.write(bytes);
    try {
      return await withTimeout(closed, 15_000, "the server to close the connection");
    } finally {
      socket.destroy();
    }
  }

  /** Opens a TCP connection to the deployment URL, sends `text`, and resets or awaits the server's close. */
  async function rawTcp(text: string, then: "reset" | "await-close"): Promise<string> {
    const { hostname, port } = new URL(backend.url);
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on("error", () => undefined);
    let received = "";
    socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(text);
    if (then === "reset") socket.resetAndDestroy();
    await withTimeout(closed, 15_000, `the server to answer ${JSON.stringify(text.slice(0, 30))}`);
    return received;
  }

  const upgrade = (target: string) =>
    `GET ${target} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

  test("garbage, truncated and malformed frames close only their own socket", async () => {
    const [freshTime] = takeTimes(1);
    const { bystander, bystanderDay } = await watchingBystander(freshTime);
    await settle(1, 1, "before the garbage");

    const hello = clientFrame(JSON.stringify(connectMessage()));
    const afterHello = (frame: Buffer) => afterUpgrade(Buffer.concat([hello, frame]));
    // A text frame header announcing 2^40 bytes (masked, as from a client).
    const hugeFrame = Buffer.from([0x81, 0xff, 0, 0, 0x01, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    const cases: { what: string; send: () => Promise<unknown>; closeCode?: number }[] = [
      {
        what: "a frame cut short, then end of stream",
        send: () =>
          afterUpgrade(Buffer.concat([hello, clientFrame("x".repeat(1000)).subarray(0, 20)]), { end: true }),
      },
      {
        what: "a frame cut short, then a reset",
        send: async () => {
          const { socket } = await openUpgradedSocket(backend);
          socket.write(clientFrame("x".repeat(1000)).subarray(0, 20));
          socket.resetAndDestroy();
        },
      },
      {
        what: "invalid UTF-8 in a text frame",
        send: () => afterHello(clientFrame(Buffer.from([0x7b, 0xff, 0x7d]))),
        closeCode: 1007,
      },
      {
        what: "an unmasked client frame",
        send: () => afterHello(clientFrame("{}", { masked: false })),
        closeCode: 1002,
      },
      {
        what: "a reserved opcode",
        send: () => afterHello(clientFrame("{}", { opcode: 0x3 })),
        closeCode: 1002,
      },
      { what: "a frame longer than the server accepts", send: () => afterHello(hugeFrame), closeCode: 1009 },
      {
        what: "a fragmented message interrupted by a new one",
        send: () =>
          afterHello(Buffer.concat([clientFrame('{"type":', { fin: false }), clientFrame('"Connect"}')])),
        closeCode: 1002,
      },
      {
        what: "a binary frame",
        send: () => afterHello(clientFrame(Buffer.from([1, 2, 3]), { opcode: 0x2 })),
        closeCode: 1003,
      },
      { what: "text that is not JSON", send: () => afterHello(clientFrame("{ not json")), closeCode: 1008 },
      {
        // The close reason quotes the type: it must be cut to the 123 bytes a close frame allows.
        what: "a message type in non-ASCII text",
        send: () => afterHello(clientFrame(JSON.stringify({ type: "ü".repeat(100) }))),
        closeCode: 1008,
      },
      {
        what: "a mutation whose argument names are reserved, in non-ASCII text",
        send: () =>
          afterHello(
            clientFrame(
              JSON.stringify({
                type: "Mutation",
                requestId: 0,
                udfPath: "drafts:get",
                args: [{ [`$${"ß".repeat(80)}`]: 1 }],
              }),
            ),
          ),
        closeCode: 1008,
      },
      {
        what: "bytes that are not HTTP",
        send: async () =>
          expect(await rawTcp("\x16\x03\x01\x02\x00garbage\r\n\r\n", "await-close")).toMatch(
            /^HTTP\/1\.1 400 /,
          ),
      },
      {
        what: "an upgrade request cut off mid-headers",
        send: () => rawTcp(upgrade("/api/1.48.0/sync").slice(0, 60), "reset"),
      },
      {
        what: "an upgrade on another path, reset at once",
        send: () => rawTcp(upgrade("/api/1.48.0/elsewhere"), "reset"),
      },
      {
        what: "an upgrade whose target is not a URL",
        send: async () =>
          expect(await rawTcp(upgrade("http://["), "await-close")).toMatch(/^HTTP\/1\.1 404 /),
      },
    ];
    for (const { what, send, closeCode } of cases) {
      const outcome = await send().catch((error: unknown) => {
        throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      });
      if (closeCode !== undefined) expect(outcome, `${what}: the close frame's status code`).toBe(closeCode);
      // Still up, and still serving the bystander.
      expectAlive();
      await expect(
        bystander.client.query(app.draft, { sessionId: bystander.sessionId }),
        what,
      ).resolves.toBeNull();
    }

    await settle(1, 1, "after the garbage");
    await freshTabWorks(bystanderDay, freshTime);
    expectAlive();
  });
});
