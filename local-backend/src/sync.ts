// Convex's WebSocket sync protocol, as `convex/browser` speaks it: query
// sets, mutations, actions and authentication per connection, and
// Transitions that move each client from one consistent version to the next.
//
// Each connection brings itself up to date on its own: it runs its stale
// queries one at a time, taking turns with every other connection (so one
// client's 300 queries never stall another's one), reuses results other
// clients already computed, and sends its Transition once none of its
// results is stale. A commit only marks the subscriptions it touched as
// stale. A mutation's answer leaves with the first Transition that shows its
// writes (MutationResponse first, then the Transition).
import type { RawData, WebSocket } from "ws";
import { convexToJson } from "convex/values";
import type { Engine, Identity, Write } from "./engine.js";
import { normalizeUdfPath } from "./engine.js";
import { encodeTs } from "./encoding.js";
import { host, inRoot, rootTimeout } from "./hostContext.js";
import type { Metrics } from "./metrics.js";
import type { VerifiedToken } from "./auth.js";
import { ClientSessions } from "./clientSessions.js";
import { Connection, type Subscription } from "./connection.js";
import { FunctionCalls, failureFields } from "./functionCalls.js";
import { WriteGate } from "./writeGate.js";
import { QueryCache, applyEvaluation, evaluationKey, touches, type Evaluation } from "./queryResults.js";
import {
  ProtocolError,
  parseClientMessage,
  type ClientMessage,
  type Modification,
  type MutationResponse,
} from "./protocol.js";

const PING_INTERVAL_MS = 15_000;
/** Queries one connection may subscribe to; past it, a query fails without running. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 256;
/** Stale queries a connection re-runs in a finish (holding writes back); more run one per turn first. */
const RERUNS_PER_FINISH = 8;
/** Recent commits kept, to tell whether a query run overlapped a write it read. */
const RECENT_COMMITS = 64;

type ClientMessageOf<T extends ClientMessage["type"]> = Extract<ClientMessage, { type: T }>;

export class SyncServer {
  private readonly connections = new Set<Connection>();
  private readonly sessions = new ClientSessions();
  private readonly cache = new QueryCache();
  /** Query runs in progress, so identical subscriptions wait for one run instead of starting their own. */
  private readonly running = new Map<string, Promise<{ evaluation: Evaluation; overlapped: boolean }>>();
  readonly calls: FunctionCalls;
  private draining: Promise<void> = Promise.resolve();
  /** Commits drained so far, and the writes of the most recent ones. */
  private commitSeq = 0;
  private recentCommits: { seq: number; writes: Write[] }[] = [];
  private ts = BigInt(Date.now()) * 1_000_000n;
  private readonly pingTimer: NodeJS.Timeout;
  /** Connections whose queries are fresh but for a few, waiting for a finish to send their Transition. */
  private readonly ready = new Set<Connection>();
  private finishQueued = false;

  constructor(
    private readonly engine: Engine,
    private readonly verifyToken: (token: string) => Promise<VerifiedToken>,
    private readonly metrics: Metrics,
    private readonly log: (line: string) => void,
    actions: Pick<Engine, "runAction"> = engine,
    gate = new WriteGate(),
  ) {
    this.calls = new FunctionCalls(engine, metrics, actions, gate);
    engine.onWrite(() => void this.drain());
    this.pingTimer = inRoot(() =>
      host.setInterval(() => {
        for (const conn of this.connections) conn.send({ type: "Ping" });
        this.sessions.prune();
      }, PING_INTERVAL_MS),
    );
    this.pingTimer.unref();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get subscriptionCount(): number {
    let n = 0;
    for (const conn of this.connections) n += conn.queries.size;
    return n;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  close(): void {
    host.clearInterval(this.pingTimer);
    for (const conn of this.connections) conn.close(1001, "Server shutting down");
  }

  attach(ws: WebSocket): void {
    const conn = new Connection(ws, this.log);
    this.connections.add(conn);
    ws.on("message", (data, isBinary) => {
      if (isBinary) return conn.close(1003, "Binary messages are not part of the sync protocol");
      try {
        this.dispatch(conn, parseClientMessage(rawText(data)));
      } catch (error) {
        if (!(error instanceof ProtocolError)) this.log(`sync: internal error: ${String(error)}`);
        conn.close(1008, error instanceof Error ? error.message : String(error));
      }
    });
    ws.on("close", () => {
      conn.closed = true;
      if (conn.expiryTimer) host.clearTimeout(conn.expiryTimer);
      this.connections.delete(conn);
    });
    ws.on("error", () => ws.terminate());
  }

  /** Re-runs every subscription (after a code reload) and pushes what changed. */
  rerunAll(): void {
    this.cache.clear();
    this.running.clear();
    for (const conn of this.connections) {
      for (const sub of conn.queries.values()) markStale(sub, null);
      this.schedule(conn);
    }
  }

  private dispatch(conn: Connection, message: ClientMessage): void {
    switch (message.type) {
      case "Connect":
        conn.sessionId = message.sessionId;
        return;
      case "ModifyQuerySet":
        return this.inOrder(conn, () => this.onModifyQuerySet(conn, message));
      case "Mutation":
        return this.onMutation(conn, message);
      case "Action":
        return this.onAction(conn, message);
      case "Authenticate":
        return this.inOrder(conn, () => this.onAuthenticate(conn, message));
      case "Event":
        return;
      default:
        message satisfies never;
    }
  }

  /** Handles query-set and auth changes in the order the client sent them. */
  private inOrder(conn: Connection, handle: () => void | Promise<void>): void {
    conn.inbox = conn.inbox.then(async () => {
      if (!conn.closed) await handle();
    });
    conn.inbox.catch((error: unknown) => this.internalError(error));
  }

  private onModifyQuerySet(conn: Connection, message: ClientMessageOf<"ModifyQuerySet">): void {
    const { baseVersion, newVersion, modifications } = message;
    if (baseVersion !== conn.received.querySet) {
      return conn.close(
        1008,
        `Query set base version ${baseVersion} does not match ${conn.received.querySet}`,
      );
    }
    if (newVersion <= baseVersion) {
      return conn.close(1008, `Query set version ${newVersion} does not follow ${baseVersion}`);
    }
    conn.received.querySet = newVersion;
    conn.pendingModifications.push(...modifications);
    this.schedule(conn);
  }

  private onMutation(conn: Connection, { requestId, udfPath, args }: ClientMessageOf<"Mutation">): void {
    // Mutations sent after an Authenticate run as the identity it proves.
    const authenticated = conn.inbox;
    conn.mutations = conn.mutations
      .then(() => authenticated)
      .then(async () => {
        const identity = conn.identity;
        const run = () => this.runMutation(requestId, udfPath, args, identity);
        // A reconnecting client re-sends every mutation it has no Transition
        // for; one its session already ran is answered again, not re-run.
        const session = conn.sessionId === null ? undefined : this.sessions.get(conn.sessionId);
        const response = await (session?.once(requestId, identity, run) ?? run());
        if (conn.closed) return;
        if (!response.success) return conn.send(response);
        conn.pendingResponses.push(response);
        this.schedule(conn);
      })
      .catch((error: unknown) => this.internalError(error));
  }

  private async runMutation(
    requestId: number,
    udfPath: string,
    args: ClientMessageOf<"Mutation">["args"],
    identity: Identity,
  ): Promise<MutationResponse> {
    const outcome = await this.calls.call("mutation", udfPath, args, identity);
    return outcome.ok
      ? {
          type: "MutationResponse",
          requestId,
          success: true,
          result: convexToJson(outcome.value),
          logLines: outcome.logLines,
        }
      : { type: "MutationResponse", requestId, success: false, ...failureFields(outcome) };
  }

  private onAction(conn: Connection, { requestId, udfPath, args }: ClientMessageOf<"Action">): void {
    void this.calls.call("action", udfPath, args, conn.identity).then((outcome) => {
      conn.send(
        outcome.ok
          ? {
              type: "ActionResponse",
              requestId,
              success: true,
              result: convexToJson(outcome.value),
              logLines: outcome.logLines,
            }
          : { type: "ActionResponse", requestId, success: false, ...failureFields(outcome) },
      );
    });
  }

  private async onAuthenticate(conn: Connection, message: ClientMessageOf<"Authenticate">): Promise<void> {
    let verified: { identity: Identity; expiresAt: number | null } = { identity: null, expiresAt: null };
    if (message.token.type === "User") {
      try {
        verified = await this.verifyToken(message.token.value);
      } catch (error) {
        conn.send({
          type: "AuthError",
          error: error instanceof Error ? error.message : String(error),
          baseVersion: message.baseVersion,
          authUpdateAttempted: true,
        });
        return;
      }
    }
    // The version first: setting the identity schedules the update that answers it.
    conn.received.identity = message.baseVersion + 1;
    this.setIdentity(conn, verified.identity);
    this.armExpiry(conn, verified.expiresAt);
  }

  private setIdentity(conn: Connection, identity: Identity): void {
    conn.identity = identity;
    for (const sub of conn.queries.values()) markStale(sub, null);
    this.schedule(conn);
  }

  /** At the token's expiry the connection loses its identity, as on a deployment. */
  private armExpiry(conn: Connection, expiresAt: number | null): void {
    if (conn.expiryTimer) host.clearTimeout(conn.expiryTimer);
    conn.expiryTimer = null;
    if (expiresAt === null) return;
    conn.expiryTimer = rootTimeout(
      () => {
        conn.expiryTimer = null;
        if (conn.closed) return;
        this.setIdentity(conn, null);
        conn.send({
          type: "AuthError",
          error: "Token expired",
          baseVersion: conn.received.identity,
          authUpdateAttempted: false,
        });
      },
      Math.max(0, expiresAt - Date.now()),
    );
  }

  // -------------------------------------------------------------------------
  // Bringing a connection up to date

  /** Starts an update of `conn`, or asks the running one to look again. */
  private schedule(conn: Connection): void {
    if (conn.closed) return;
    if (conn.updating) {
      conn.updateAgain = true;
      return;
    }
    conn.updating = true;
    conn.updateAgain = false;
    void this.update(conn)
      .catch((error: unknown) => this.internalError(error))
      .finally(() => {
        conn.updating = false;
        if (conn.updateAgain) this.schedule(conn);
      });
  }

  /**
   * Applies the client's query-set changes. A connection with many stale
   * queries (a large batch, or a commit that touched many) runs them one per
   * turn, between other clients' work; the last few run in a finish, which
   * sends the Transition.
   */
  private async update(conn: Connection): Promise<void> {
    for (;;) {
      if (conn.closed) return;
      if (conn.pendingModifications.length > 0) {
        if (!this.applyModifications(conn, conn.outgoing)) return;
        continue;
      }
      const stale = staleQueries(conn);
      if (stale.length <= RERUNS_PER_FINISH) break;
      // Not ready for a finish meanwhile: it would send a Transition without the run in flight.
      this.ready.delete(conn);
      const mod = await this.refresh(conn, stale[0], false);
      if (mod !== null && conn.queries.get(stale[0].queryId) === stale[0]) conn.outgoing.push(mod);
      await nextTurn();
    }
    if (conn.hasStaleQueries() || conn.outgoing.length > 0 || conn.owesTransition()) {
      this.ready.add(conn);
      this.requestFinish();
    }
  }

  private requestFinish(): void {
    if (this.finishQueued) return;
    this.finishQueued = true;
    void this.calls.gate
      .exclusive(() => {
        this.finishQueued = false;
        return this.finish();
      })
      .catch((error: unknown) => this.internalError(error));
  }

  /**
   * With no client write in progress: takes the commits so far, re-runs what
   * they made stale on the connections that are ready, and sends each its
   * Transition, so every result in it reflects the same writes. Stops after a
   * bounded number of runs and lets waiting writes in before the rest.
   */
  private async finish(): Promise<void> {
    await this.drain();
    let budget = RERUNS_PER_FINISH * 4;
    for (const conn of [...this.ready]) {
      if (budget <= 0) break;
      this.ready.delete(conn);
      if (conn.closed) continue;
      const stale = staleQueries(conn);
      if (conn.pendingModifications.length > 0 || stale.length > RERUNS_PER_FINISH) {
        this.schedule(conn);
        continue;
      }
      for (const sub of stale) {
        const mod = await this.refresh(conn, sub, true);
        // The client may have removed it while it ran.
        if (mod !== null && conn.queries.get(sub.queryId) === sub) conn.outgoing.push(mod);
      }
      budget -= stale.length;
      this.emit(conn);
    }
    if (this.ready.size > 0) this.requestFinish();
  }

  private emit(conn: Connection): void {
    const modifications = conn.outgoing;
    conn.outgoing = [];
    if (modifications.length === 0 && !conn.owesTransition()) return;
    const responses = conn.pendingResponses;
    conn.pendingResponses = [];
    const ts = encodeTs(this.ts);
    for (const response of responses) conn.send({ ...response, ts });
    conn.transition(modifications, {
      querySet: conn.received.querySet,
      identity: conn.received.identity,
      ts: this.ts,
    });
  }

  /** Applies received Add/Remove modifications; false if they were invalid (the connection is closed). */
  private applyModifications(conn: Connection, out: Modification[]): boolean {
    const pending = conn.pendingModifications;
    conn.pendingModifications = [];
    for (const mod of pending) {
      switch (mod.type) {
        case "Remove":
          if (!conn.queries.delete(mod.queryId)) {
            conn.close(1008, `Nonexistent query id: ${mod.queryId}`);
            return false;
          }
          out.push({ type: "QueryRemoved", queryId: mod.queryId });
          break;
        case "Add": {
          if (conn.queries.has(mod.queryId)) {
            conn.close(1008, `Duplicate query ID: ${mod.queryId}`);
            return false;
          }
          const refused =
            conn.queries.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION
              ? `Too many subscriptions on one connection: at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} queries may be subscribed at once.`
              : null;
          const sub: Subscription = {
            queryId: mod.queryId,
            udfPath: mod.udfPath,
            args: mod.args,
            refused,
            readSet: null,
            last: null,
            journal: mod.journal,
            stale: refused === null,
            staleTables: null,
          };
          conn.queries.set(mod.queryId, sub);
          if (refused !== null)
            out.push({
              type: "QueryFailed",
              queryId: mod.queryId,
              errorMessage: refused,
              logLines: [],
              journal: null,
            });
          break;
        }
        default:
          mod satisfies never;
      }
    }
    return true;
  }

  /**
   * Re-runs one stale subscription, or takes another client's identical
   * result. `holdingGate`: called from a finish, which already holds the write
   * gate (so it must not wait for runs that wait for the gate).
   */
  private async refresh(
    conn: Connection,
    sub: Subscription,
    holdingGate: boolean,
  ): Promise<Modification | null> {
    sub.stale = false;
    const identity = conn.identity;
    const key = evaluationKey(sub, identity);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      sub.staleTables = null;
      return applyEvaluation(sub, cached);
    }
    if (sub.staleTables !== null && sub.staleTables.size > 0 && (holdingGate || !this.running.has(key)))
      this.metrics.rerun(normalizeUdfPath(sub.udfPath), sub.staleTables);
    let run = holdingGate ? undefined : this.running.get(key);
    if (run === undefined) {
      run = this.evaluate(key, sub, identity, holdingGate);
      if (!holdingGate) {
        this.running.set(key, run);
        void run.finally(() => this.running.delete(key)).catch(() => undefined);
      }
    }
    const { evaluation, overlapped } = await run;
    sub.staleTables = null;
    // A write it read landed while it ran, or a new identity arrived: run it again.
    if (overlapped || conn.identity !== identity) {
      sub.stale = true;
      this.schedule(conn);
    }
    return applyEvaluation(sub, evaluation);
  }

  private async evaluate(key: string, sub: Subscription, identity: Identity, holdingGate: boolean) {
    const startSeq = this.commitSeq;
    const evaluation = await this.calls.subscribe(sub.udfPath, sub.args, identity, sub.journal, holdingGate);
    const overlapped = this.overlappedWrite(evaluation.readSet, startSeq);
    if (startSeq === this.commitSeq) this.cache.set(key, evaluation);
    return { evaluation, overlapped };
  }

  /** Whether a commit drained since `startSeq` touched what a run read. */
  private overlappedWrite(readSet: Subscription["readSet"], startSeq: number): boolean {
    if (startSeq === this.commitSeq || readSet === null) return false;
    if (this.recentCommits.length === 0 || this.recentCommits[0].seq > startSeq + 1) return true;
    return this.recentCommits.some((c) => c.seq > startSeq && c.writes.some((w) => touches(readSet, w)));
  }

  /** Takes the engine's new commits and marks the subscriptions they touched as stale. */
  private drain(): Promise<void> {
    this.draining = this.draining
      .then(async () => {
        const writes = await this.engine.drainWrites();
        if (writes.length === 0) return;
        this.metrics.commits += 1;
        this.ts = nextTs(this.ts);
        this.commitSeq += 1;
        this.recentCommits.push({ seq: this.commitSeq, writes });
        if (this.recentCommits.length > RECENT_COMMITS) this.recentCommits.shift();
        this.cache.invalidate(writes);
        const writtenTables = new Set(writes.map((w) => w.table));
        for (const conn of this.connections) {
          let touched = false;
          for (const sub of conn.queries.values()) {
            const readSet = sub.readSet;
            if (readSet === null || !readSet.mayContainAny(writtenTables)) continue;
            const tables = new Set(writes.filter((w) => touches(readSet, w)).map((w) => w.table));
            if (tables.size === 0) continue;
            markStale(sub, tables);
            touched = true;
          }
          if (touched) this.schedule(conn);
        }
      })
      .catch((error: unknown) => this.internalError(error));
    return this.draining;
  }

  private internalError(error: unknown): void {
    this.log(
      `sync: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
}

function markStale(sub: Subscription, tables: Set<string> | null): void {
  if (sub.refused !== null) return;
  sub.stale = true;
  if (tables === null) return;
  sub.staleTables ??= new Set();
  for (const table of tables) sub.staleTables.add(table);
}

function staleQueries(conn: Connection): Subscription[] {
  return [...conn.queries.values()].filter((sub) => sub.stale);
}

/** Lets sockets, timers and other connections' updates run before the next query. */
const nextTurn = () => new Promise<void>((resolve) => host.setImmediate(resolve));

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return (Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString("utf8");
}

function nextTs(previous: bigint): bigint {
  const now = BigInt(Date.now()) * 1_000_000n;
  return now > previous ? now : previous + 1n;
}
