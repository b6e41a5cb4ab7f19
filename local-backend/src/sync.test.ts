// Ordering guarantees of the sync server, driven step by step with a scripted
// engine (no timing): a Transition moves every query of its client to the same
// snapshot, so a mutation's answer never arrives with a query result that
// predates its writes.
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import type { Engine, Outcome, QueryOutcome, Write } from "./engine.js";
import { Metrics } from "./metrics.js";
import { ReadSet } from "./readSet.js";
import { SyncServer } from "./sync.js";

type Message = Record<string, unknown> & { type: string };

/** One table holding one number; "q:read" reads it, "m:set" writes it, "m:noop" writes nothing. */
class ScriptedEngine implements Engine {
  readonly executions = new Map<string, number>();
  value = 0;
  /** While set, "m:set" waits for it before committing. */
  hold: Promise<void> | null = null;
  private committed: Write[] = [];
  private listeners: (() => void)[] = [];

  describe(udfPath: string) {
    return Promise.resolve({
      kind: udfPath.startsWith("q:") ? ("query" as const) : ("mutation" as const),
      isPublic: true,
    });
  }

  runQuery(): Promise<QueryOutcome> {
    const readSet = new ReadSet();
    readSet.tables.add("numbers");
    return Promise.resolve({ ok: true, value: this.value, logLines: [], readSet, journal: null });
  }

  async runMutation(udfPath: string, args: Record<string, unknown>): Promise<Outcome> {
    if (udfPath === "m:set") {
      await this.hold;
      const before = this.value;
      this.value = args.value as number;
      this.committed.push({
        table: "numbers",
        id: "n",
        oldDoc: { _id: "n", value: before },
        newDoc: { _id: "n", value: this.value },
      });
      setImmediate(() => this.listeners.forEach((listener) => listener()));
    }
    return { ok: true, value: null, logLines: [] };
  }

  runAction(): Promise<Outcome> {
    throw new Error("no actions here");
  }

  runHttpAction(): Promise<Response> {
    throw new Error("no HTTP actions here");
  }

  drainWrites(): Promise<Write[]> {
    const writes = this.committed;
    this.committed = [];
    return Promise.resolve(writes);
  }

  onWrite(listener: () => void): void {
    this.listeners.push(listener);
  }
}

/** A client socket: what the server sent, and a way to send it frames. */
class FakeSocket extends EventEmitter {
  readonly received: Message[] = [];
  bufferedAmount = 0;
  private waiters: (() => void)[] = [];

  send(data: string): void {
    this.received.push(JSON.parse(data) as Message);
    for (const wake of this.waiters.splice(0)) wake();
  }

  close(): void {
    this.emit("close");
  }

  terminate(): void {
    this.emit("close");
  }

  frame(message: Message): void {
    this.emit("message", Buffer.from(JSON.stringify(message)), false);
  }

  /** Resolves once a message matching `test` has been received. */
  async next(test: (message: Message) => boolean): Promise<Message> {
    for (;;) {
      const found = this.received.find(test);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

const servers: SyncServer[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

function connect(server: SyncServer): FakeSocket {
  const socket = new FakeSocket();
  server.attach(socket as unknown as WebSocket);
  socket.frame({ type: "Connect", sessionId: crypto.randomUUID(), connectionCount: 0 });
  return socket;
}

const mutation = (requestId: number, udfPath: string, value = 0): Message => ({
  type: "Mutation",
  requestId,
  udfPath,
  args: [{ value }],
});
const answerTo = (requestId: number) => (m: Message) =>
  m.type === "MutationResponse" && m.requestId === requestId;

type Update = { queryId: number; value: unknown };
const updates = (transition: Message) =>
  (transition.modifications as (Update & { type: string })[]).filter((m) => m.type === "QueryUpdated");

describe("SyncServer ordering", () => {
  it("a Transition never sends part of a client's queries at a newer snapshot than the rest", async () => {
    const engine = new ScriptedEngine();
    const server = new SyncServer(
      engine,
      () => Promise.reject(new Error("no auth")),
      new Metrics(),
      () => {},
    );
    servers.push(server);
    // Nine subscriptions to the same number: more than a finish re-runs at once, so a
    // write to it makes this client re-run them one per turn first.
    const reader = connect(server);
    const queryIds = Array.from({ length: 9 }, (_, i) => i);
    reader.frame({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: queryIds.map((queryId) => ({
        type: "Add",
        queryId,
        udfPath: "q:read",
        args: [{ n: queryId }],
      })),
    });
    await reader.next((m) => m.type === "Transition" && updates(m).length === 9);

    // The reader's mutation (it writes nothing) runs, and another client's write starts
    // behind it and holds client writes back, so the reader's Transition has to wait.
    let release!: () => void;
    engine.hold = new Promise((resolve) => (release = resolve));
    const writer = connect(server);
    reader.frame(mutation(0, "m:noop"));
    writer.frame(mutation(0, "m:set", 1));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await writer.next(answerTo(0));

    // From the reader's answer on, every Transition leaves the nine queries at one value.
    const start = reader.received.indexOf(await reader.next(answerTo(0)));
    const transitions = () => reader.received.slice(start).filter((m) => m.type === "Transition");
    const latest = new Map<number, unknown>(queryIds.map((id) => [id, 0]));
    const allAt = (value: number) => {
      const seen = new Map(latest);
      for (const transition of transitions())
        for (const u of updates(transition)) seen.set(u.queryId, u.value);
      return [...seen.values()].every((v) => v === value);
    };
    await reader.next(() => allAt(1));
    for (const transition of transitions()) {
      for (const { queryId, value } of updates(transition)) latest.set(queryId, value);
      expect([...new Set(latest.values())], "the nine values after a Transition").toHaveLength(1);
    }
  });
});
