// Convex's WebSocket sync protocol, as `convex/browser` speaks it: query
// sets, mutations, actions and authentication per connection, and
// Transitions that move each client from one consistent version to the next.
// All query-set work runs on one serial queue, so a client's versions always
// chain; mutations run beside it and are answered by the flush that makes
// their writes visible (MutationResponse first, then the Transition).
import type { RawData, WebSocket } from "ws";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import {
  normalizeUdfPath,
  type Engine,
  type FunctionInfo,
  type FunctionKind,
  type Identity,
  type Outcome,
} from "./engine.js";
import { encodeTs } from "./encoding.js";
import { host, inRoot, rootTimeout } from "./hostContext.js";
import type { Metrics } from "./metrics.js";
import type { ReadSet } from "./readSet.js";
import type { VerifiedToken } from "./auth.js";
import { ClientSessions, type ClientSession } from "./clientSessions.js";
import { WriteGate } from "./writeGate.js";

type Version = { querySet: number; identity: number; ts: bigint };
type Modification =
  | { type: "QueryUpdated"; queryId: number; value: JSONValue; logLines: string[]; journal: string | null }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      errorData?: JSONValue;
      logLines: string[];
      journal: string | null;
    }
  | { type: "QueryRemoved"; queryId: number };
type Subscription = {
  queryId: number;
  udfPath: string;
  args: Record<string, Value>;
  readSet: ReadSet | null;
  last: string | null;
  journal: string | null;
};
export type ServerMessage = Record<string, unknown> & { type: string };

const PING_INTERVAL_MS = 15_000;

export class Connection {
  readonly queries = new Map<number, Subscription>();
  version: Version = { querySet: 0, identity: 0, ts: 0n };
  identity: Identity = null;
  closed = false;
  mutations: Promise<void> = Promise.resolve();
  clientSession: ClientSession | undefined;
  expiryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly ws: WebSocket) {}

  send(message: ServerMessage): void {
    if (this.closed) return;
    this.ws.send(JSON.stringify(message));
  }

  transition(modifications: Modification[], end: Partial<Version>): void {
    const start = this.version;
    const next: Version = {
      querySet: end.querySet ?? start.querySet,
      identity: end.identity ?? start.identity,
      ts: end.ts !== undefined && end.ts > start.ts ? end.ts : start.ts,
    };
    this.version = next;
    this.send({
      type: "Transition",
      startVersion: encodeVersion(start),
      endVersion: encodeVersion(next),
      modifications,
    });
  }

  close(code: number, reason: string): void {
    // A close reason may be at most 123 bytes (ws throws past that); it can quote the client's message.
    this.ws.close(code, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES));
  }
}

const MAX_CLOSE_REASON_BYTES = 123;

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let out = "";
  let bytes = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}

function encodeVersion(v: Version) {
  return { querySet: v.querySet, identity: v.identity, ts: encodeTs(v.ts) };
}

export class SyncServer {
  private readonly connections = new Set<Connection>();
  private readonly sessions = new ClientSessions();
  private readonly gate = new WriteGate();
  private queue: Promise<void> = Promise.resolve();
  private pendingResponses: { conn: Connection; message: ServerMessage }[] = [];
  private flushQueued = false;
  private ts = BigInt(Date.now()) * 1_000_000n;
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly engine: Engine,
    private readonly verifyToken: (token: string) => Promise<VerifiedToken>,
    private readonly metrics: Metrics,
    private readonly log: (line: string) => void,
  ) {
    engine.onWrite(() => this.requestFlush());
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

  close(): void {
    host.clearInterval(this.pingTimer);
    for (const conn of this.connections) conn.close(1001, "Server shutting down");
  }

  attach(ws: WebSocket): void {
    const conn = new Connection(ws);
    this.connections.add(conn);
    ws.on("message", (data, isBinary) => {
      if (isBinary) return conn.close(1003, "Binary messages are not part of the sync protocol");
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(rawText(data)) as Record<string, unknown>;
        if (typeof message !== "object" || message === null || Array.isArray(message))
          throw new Error("not an object");
      } catch {
        return conn.close(1008, "Malformed message: expected a JSON object");
      }
      try {
        this.onMessage(conn, message);
      } catch (error) {
        conn.close(
          1008,
          `Invalid ${String(message.type)} message: ${error instanceof Error ? error.message : String(error)}`.slice(
            0,
            120,
          ),
        );
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
    this.enqueue(async () => {
      for (const conn of this.connections) {
        const mods: Modification[] = [];
        for (const sub of conn.queries.values()) {
          const mod = await this.runSubscription(conn, sub);
          if (mod) mods.push(mod);
        }
        if (mods.length > 0) conn.transition(mods, { ts: this.ts });
      }
    });
  }

  requestFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.enqueue(() => {
      this.flushQueued = false;
      return this.flush();
    });
  }

  private enqueue(job: () => Promise<void>): void {
    this.queue = this.queue.then(job).catch((error: unknown) => {
      this.log(
        `sync: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
  }

  private onMessage(conn: Connection, message: Record<string, unknown>): void {
    switch (message.type) {
      case "Connect":
        if (typeof message.sessionId === "string" && message.sessionId.length <= 100) {
          conn.clientSession = this.sessions.get(message.sessionId);
        }
        return;
      case "ModifyQuerySet":
        return this.onModifyQuerySet(conn, message);
      case "Mutation":
        return this.onMutation(conn, message);
      case "Action":
        return this.onAction(conn, message);
      case "Authenticate":
        return this.onAuthenticate(conn, message);
      case "Event":
        return;
      default:
        throw new Error("unknown message type");
    }
  }

  private onModifyQuerySet(conn: Connection, message: Record<string, unknown>): void {
    const { baseVersion, newVersion, modifications } = message as {
      baseVersion: number;
      newVersion: number;
      modifications: {
        type: string;
        queryId: number;
        udfPath?: string;
        args?: JSONValue[];
        journal?: unknown;
      }[];
    };
    if (!Number.isInteger(baseVersion) || !Number.isInteger(newVersion) || !Array.isArray(modifications)) {
      throw new Error("expected baseVersion, newVersion and modifications");
    }
    const added: Subscription[] = [];
    const removed: number[] = [];
    for (const mod of modifications) {
      if (!Number.isInteger(mod?.queryId)) throw new Error("queryId must be an integer");
      if (mod.type === "Add") {
        if (typeof mod.udfPath !== "string") throw new Error("udfPath must be a string");
        const sub: Subscription = {
          queryId: mod.queryId,
          udfPath: mod.udfPath,
          args: decodeArgs(mod.args),
          readSet: null,
          last: null,
          journal: typeof mod.journal === "string" ? mod.journal : null,
        };
        added.push(sub);
      } else if (mod.type === "Remove") {
        removed.push(mod.queryId);
      } else {
        throw new Error("modification type must be Add or Remove");
      }
    }
    this.enqueue(async () => {
      if (conn.closed) return;
      if (conn.version.querySet !== baseVersion) {
        conn.close(1008, `Query set base version ${baseVersion} does not match ${conn.version.querySet}`);
        return;
      }
      const mods: Modification[] = [];
      for (const queryId of removed) {
        conn.queries.delete(queryId);
        mods.push({ type: "QueryRemoved", queryId });
      }
      for (const sub of added) conn.queries.set(sub.queryId, sub);
      for (const sub of added) {
        const mod = await this.runSubscription(conn, sub);
        if (mod) mods.push(mod);
      }
      conn.transition(mods, { querySet: newVersion, ts: this.ts });
    });
  }

  private onMutation(conn: Connection, message: Record<string, unknown>): void {
    const { requestId, udfPath, args } = requestFields(message);
    conn.mutations = conn.mutations.then(async () => {
      // A reconnecting client re-sends every mutation it has no Transition
      // for; one its session already ran is answered again, not re-run.
      const response = await (conn.clientSession?.once(requestId, () =>
        this.runMutation(conn, requestId, udfPath, args),
      ) ?? this.runMutation(conn, requestId, udfPath, args));
      if (conn.closed) return;
      if (response.success !== true) {
        conn.send(response);
        return;
      }
      this.pendingResponses.push({ conn, message: response });
      this.requestFlush();
    });
  }

  private async runMutation(
    conn: Connection,
    requestId: number,
    udfPath: string,
    args: Record<string, Value>,
  ): Promise<ServerMessage> {
    const outcome = await this.call("mutation", udfPath, args, conn.identity);
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

  private onAction(conn: Connection, message: Record<string, unknown>): void {
    const { requestId, udfPath, args } = requestFields(message);
    void this.call("action", udfPath, args, conn.identity).then((outcome) => {
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

  private onAuthenticate(conn: Connection, message: Record<string, unknown>): void {
    const { tokenType, value, baseVersion } = message as {
      tokenType: string;
      value?: string;
      baseVersion: number;
    };
    if (!Number.isInteger(baseVersion)) throw new Error("baseVersion must be an integer");
    this.enqueue(async () => {
      if (conn.closed) return;
      let identity: Identity = null;
      let expiresAt: number | null = null;
      if (tokenType === "User" && typeof value === "string") {
        try {
          ({ identity, expiresAt } = await this.verifyToken(value));
        } catch (error) {
          conn.send({
            type: "AuthError",
            error: error instanceof Error ? error.message : String(error),
            baseVersion,
            authUpdateAttempted: true,
          });
          return;
        }
      } else if (tokenType !== "None") {
        conn.send({
          type: "AuthError",
          error: `Unsupported token type ${String(tokenType)}`,
          baseVersion,
          authUpdateAttempted: true,
        });
        return;
      }
      conn.identity = identity;
      this.armExpiry(conn, expiresAt);
      const mods: Modification[] = [];
      for (const sub of conn.queries.values()) {
        const mod = await this.runSubscription(conn, sub);
        if (mod) mods.push(mod);
      }
      conn.transition(mods, { identity: baseVersion + 1, ts: this.ts });
    });
  }

  private armExpiry(conn: Connection, expiresAt: number | null): void {
    if (conn.expiryTimer) host.clearTimeout(conn.expiryTimer);
    conn.expiryTimer = null;
    if (expiresAt === null) return;
    conn.expiryTimer = rootTimeout(
      () => {
        conn.send({
          type: "AuthError",
          error: "Token expired",
          baseVersion: conn.version.identity,
          authUpdateAttempted: false,
        });
      },
      Math.max(0, expiresAt - Date.now()),
    );
  }

  private flush(): Promise<void> {
    return this.gate.exclusive(() => this.flushSnapshot());
  }

  private async flushSnapshot(): Promise<void> {
    const responses = this.pendingResponses;
    this.pendingResponses = [];
    const writes = await this.engine.drainWrites();
    if (writes.length > 0) this.metrics.commits += 1;
    this.ts = nextTs(this.ts);
    const changed = new Map<Connection, Modification[]>();
    const evaluations = new Map<string, Evaluation>();
    if (writes.length > 0) {
      const writtenTables = new Set(writes.map((w) => w.table));
      for (const conn of this.connections) {
        for (const sub of conn.queries.values()) {
          const readSet = sub.readSet;
          if (readSet === null || !readSet.mayContainAny(writtenTables)) continue;
          const tables = new Set<string>();
          for (const w of writes) {
            if (readSet.contains(w.table, w.oldDoc) || readSet.contains(w.table, w.newDoc))
              tables.add(w.table);
          }
          if (tables.size === 0) continue;
          // Identical subscriptions (same query, args, identity, page end) share one run, as
          // a deployment's query cache would.
          const key = evaluationKey(sub, conn.identity);
          let evaluation = evaluations.get(key);
          if (evaluation === undefined) {
            this.metrics.rerun(normalizeUdfPath(sub.udfPath), tables);
            evaluation = await this.evaluate(sub, conn.identity);
            evaluations.set(key, evaluation);
          }
          const mod = this.apply(conn, sub, evaluation);
          if (mod) {
            const list = changed.get(conn) ?? [];
            list.push(mod);
            changed.set(conn, list);
          }
        }
      }
    }
    const answered = new Set<Connection>();
    for (const { conn, message } of responses) {
      conn.send({ ...message, ts: encodeTs(this.ts) });
      answered.add(conn);
    }
    for (const conn of new Set([...changed.keys(), ...answered])) {
      if (!conn.closed) conn.transition(changed.get(conn) ?? [], { ts: this.ts });
    }
  }

  private async runSubscription(conn: Connection, sub: Subscription): Promise<Modification | null> {
    return this.apply(conn, sub, await this.evaluate(sub, conn.identity));
  }

  private async evaluate(sub: Subscription, identity: Identity): Promise<Evaluation> {
    const info = await this.engine.describe(sub.udfPath);
    if (info === null || !info.isPublic || info.kind !== "query") {
      const outcome: Outcome = { ok: false, errorMessage: refusal(sub.udfPath, "query", info), logLines: [] };
      return { outcome, readSet: null, journal: sub.journal };
    }
    const result = await this.engine.runQuery(sub.udfPath, sub.args, identity, sub.journal);
    this.metrics.read(normalizeUdfPath(sub.udfPath), result.readSet.docsRead);
    return { outcome: result, readSet: result.readSet, journal: result.journal };
  }

  /** Records a subscription's new result and returns the modification to send, if it changed. */
  private apply(
    conn: Connection,
    sub: Subscription,
    { outcome, readSet, journal }: Evaluation,
  ): Modification | null {
    sub.readSet = readSet;
    sub.journal = journal;
    const serialized = outcome.ok
      ? JSON.stringify(convexToJson(outcome.value))
      : `!${outcome.errorMessage}${JSON.stringify(outcome.errorData ?? null)}`;
    if (serialized === sub.last || conn.queries.get(sub.queryId) !== sub) return null;
    sub.last = serialized;
    return outcome.ok
      ? {
          type: "QueryUpdated",
          queryId: sub.queryId,
          value: convexToJson(outcome.value),
          logLines: outcome.logLines,
          journal: sub.journal,
        }
      : {
          type: "QueryFailed",
          queryId: sub.queryId,
          errorMessage: outcome.errorMessage,
          ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
          logLines: outcome.logLines,
          journal: sub.journal,
        };
  }

  /** Runs a public mutation or action by path, refusing anything else. */
  async call(
    kind: FunctionKind,
    udfPath: string,
    args: Record<string, Value>,
    identity: Identity,
  ): Promise<Outcome> {
    const info = await this.engine.describe(udfPath).catch(() => null);
    if (info === null || !info.isPublic || info.kind !== kind) {
      return { ok: false, errorMessage: refusal(udfPath, kind, info), logLines: [] };
    }
    if (kind === "mutation") return this.gate.run(() => this.engine.runMutation(udfPath, args, identity));
    if (kind === "action") return this.engine.runAction(udfPath, args, identity);
    const result = await this.engine.runQuery(udfPath, args, identity);
    this.metrics.read(normalizeUdfPath(udfPath), result.readSet.docsRead);
    return result;
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return (Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString("utf8");
}

type Evaluation = { outcome: Outcome; readSet: ReadSet | null; journal: string | null };

function evaluationKey(sub: Subscription, identity: Identity): string {
  return JSON.stringify([normalizeUdfPath(sub.udfPath), convexToJson(sub.args), identity, sub.journal]);
}

function nextTs(previous: bigint): bigint {
  const now = BigInt(Date.now()) * 1_000_000n;
  return now > previous ? now : previous + 1n;
}

const capitalized = (kind: string) => kind[0].toUpperCase() + kind.slice(1);

/** Why a client may not call `udfPath` as `kind`, worded as a Convex deployment words it. */
function refusal(udfPath: string, kind: FunctionKind, info: FunctionInfo | null): string {
  if (info !== null && info.isPublic) {
    return `Trying to execute ${udfPath} as ${capitalized(kind)}, but it is defined as ${capitalized(info.kind)}.`;
  }
  return `Could not find public function for '${udfPath}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`;
}

export function decodeArgs(args: unknown): Record<string, Value> {
  const raw: unknown = Array.isArray(args) ? ((args as unknown[])[0] ?? {}) : args;
  const value = jsonToConvex(raw as JSONValue);
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer) {
    throw new Error("arguments must be an object");
  }
  return value as Record<string, Value>;
}

function requestFields(message: Record<string, unknown>) {
  const { requestId, udfPath, args } = message;
  if (!Number.isInteger(requestId)) throw new Error("requestId must be an integer");
  if (typeof udfPath !== "string") throw new Error("udfPath must be a string");
  return { requestId: requestId as number, udfPath, args: decodeArgs(args) };
}

export function failureFields(outcome: Extract<Outcome, { ok: false }>) {
  return {
    result: outcome.errorMessage,
    ...(outcome.errorData !== undefined ? { errorData: outcome.errorData } : {}),
    logLines: outcome.logLines,
  };
}
