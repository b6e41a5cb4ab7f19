// Shared setup for tests that run the tabbook app's own functions (convex/)
// on the local backend: one backend on the app with demo data per file, typed
// references to the app's functions (the app's `_generated/api` is not
// importable from this NodeNext project), browser-tab-like clients with their
// own session IDs, finding free times, and raw sync-protocol frames.
import { randomBytes, randomUUID } from "node:crypto";
import { connect, type Socket } from "node:net";
import type { ConvexClient } from "convex/browser";
import {
  makeFunctionReference,
  type FunctionArgs,
  type FunctionReference,
  type FunctionReturnType,
} from "convex/server";
import { convexToJson, type Value } from "convex/values";
import { DateTime } from "luxon";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { startAppBackend, type Backend, type ClientPool } from "../helpers.js";

/**
 * One backend on the app for the whole test file (handed to `started`), its
 * clients closed after each test, its output shown when a test fails.
 * Register it before the file's own `beforeAll`, which then runs after it.
 * `env` sets deployment env vars before it starts.
 */
export function backendPerFile(
  clients: ClientPool,
  started: (backend: Backend) => void,
  env: Record<string, string> = {},
): void {
  let backend: Backend | undefined;
  beforeAll(async () => {
    backend = await startAppBackend(env);
    started(backend);
  }, 120_000);
  afterAll(async () => {
    await clients.closeAll();
    await backend?.stop();
  }, 60_000);
  afterEach(() => clients.closeAll());
  showBackendOutputOnFailure(() => backend);
}

/** Prints what the backend logged during a test when that test fails. */
function showBackendOutputOnFailure(backend: () => Backend | undefined): void {
  beforeEach((context) => {
    const mark = backend()?.output().length ?? 0;
    context.onTestFailed(() => {
      const output = backend()?.output().slice(mark) ?? "";
      process.stderr.write(
        `\n--- backend output during "${context.task.name}" ---\n${output || "(none)"}\n--- end ---\n`,
      );
    });
  });
}

// ---------------------------------------------------------------------------
// The app's functions

type Session = { sessionId: string };
export type Details = { name: string; email: string; phone: string; notes: string };
export type Step = "service" | "provider" | "time" | "details" | "review";
export type SlotSearch = { serviceId: string; providerChoice: string; timeZone: string };
type Ok = { ok: true };
type Taken = { ok: false; reason: "taken" };
type Incomplete = { ok: false; reason: "incomplete" };

const query = <Args, Result>(name: string) =>
  makeFunctionReference<"query", Args & Record<string, unknown>, Result>(name);
const mutation = <Args, Result>(name: string) =>
  makeFunctionReference<"mutation", Args & Record<string, unknown>, Result>(name);

export const app = {
  services: query<
    object,
    { _id: string; name: string; durationMinutes: number; priceCents: number; currency: string }[]
  >("catalog:services"),
  providers: query<{ serviceId: string }, { _id: string; name: string; timeZone: string }[]>(
    "catalog:providers",
  ),
  day: query<SlotSearch & { date: string }, { start: number; end: number }[] | null>("availability:day"),
  draft: query<
    Session,
    {
      step: Step;
      serviceId?: string;
      providerChoice?: string;
      start?: number;
      timeZone?: string;
      details: Details;
      detailsRev: number;
      rescheduling: unknown;
    } | null
  >("drafts:get"),
  chooseService: mutation<Session & { serviceId: string }, { ok: boolean }>("drafts:chooseService"),
  chooseProvider: mutation<Session & { providerChoice: string }, { ok: boolean }>("drafts:chooseProvider"),
  setTimeZone: mutation<Session & { timeZone: string }, null>("drafts:setTimeZone"),
  enterStep: mutation<Session & { step: Step }, null>("drafts:enterStep"),
  saveDetails: mutation<Session & { details: Details; rev: number }, { saved: boolean; rev: number }>(
    "drafts:saveDetails",
  ),
  myHold: query<Session, { start: number; end: number; expiresAt: number; providerName: string } | null>(
    "holds:mine",
  ),
  hold: mutation<Session & { start: number }, (Ok & { expiresAt: number }) | Taken | Incomplete>(
    "holds:hold",
  ),
  release: mutation<Session, null>("holds:release"),
  confirm: mutation<Session, (Ok & { reference: string }) | Taken | (Incomplete & { step: Step })>(
    "bookings:confirm",
  ),
  confirmation: query<
    Session & { reference: string },
    {
      reference: string;
      status: string;
      start: number;
      end: number;
      serviceName: string;
      providerName: string;
      name: string;
      email: string;
    } | null
  >("bookings:confirmation"),
};

// ---------------------------------------------------------------------------
// Tabs

/** One browser tab: its own client and session ID, as the app's SessionProvider makes. */
export class Tab {
  readonly sessionId: string = randomUUID();

  constructor(readonly client: ConvexClient) {}

  mutation<M extends FunctionReference<"mutation">>(
    fn: M,
    args: Omit<FunctionArgs<M>, "sessionId">,
  ): Promise<FunctionReturnType<M>> {
    return this.client.mutation(fn, { ...args, sessionId: this.sessionId });
  }

  query<Q extends FunctionReference<"query">>(
    fn: Q,
    args: Omit<FunctionArgs<Q>, "sessionId">,
  ): Promise<FunctionReturnType<Q>> {
    return this.client.query(fn, { ...args, sessionId: this.sessionId });
  }

  /** The service and provider steps, as a person clicks through them. */
  async start(search: SlotSearch): Promise<void> {
    await this.mutation(app.setTimeZone, { timeZone: search.timeZone });
    await this.mutation(app.chooseService, { serviceId: search.serviceId });
    await this.mutation(app.chooseProvider, { providerChoice: search.providerChoice });
  }

  /** The details step (a single autosave) and moving on to review. */
  async fillDetails(details: Details): Promise<void> {
    const saved = await this.mutation(app.saveDetails, { details, rev: 1 });
    if (!saved.saved) throw new Error(`details not saved: ${JSON.stringify(saved)}`);
    await this.mutation(app.enterStep, { step: "review" });
  }
}

export function detailsFor(label: string): Details {
  return {
    name: `Guest ${label}`,
    email: `guest.${label}@example.com`,
    phone: "+44 20 7946 0000",
    notes: `tab ${label}`,
  };
}

// ---------------------------------------------------------------------------
// Catalog and free times

type Queryable = { query: ConvexClient["query"] };

/**
 * A search for one provider's follow-up sessions: one provider, so a time
 * offered is one bookable place (with "any", two providers could both take it).
 */
export async function followUpWith(
  client: Queryable,
  providerName: string,
): Promise<{ search: SlotSearch; durationMs: number }> {
  const services = await client.query(app.services, {});
  const service = services.find((s) => s.name === "Follow-up session");
  if (service === undefined) throw new Error(`no follow-up service in ${JSON.stringify(services)}`);
  const providers = await client.query(app.providers, { serviceId: service._id });
  const provider = providers.find((p) => p.name === providerName);
  if (provider === undefined) throw new Error(`no provider ${providerName} in ${JSON.stringify(providers)}`);
  return {
    search: { serviceId: service._id, providerChoice: provider._id, timeZone: provider.timeZone },
    durationMs: service.durationMinutes * 60_000,
  };
}

/** The calendar day (in the search's zone) that `instant` falls on, as availability.day takes it. */
export function dayOf(instant: number, timeZone: string): string {
  return DateTime.fromMillis(instant, { zone: timeZone }).toISODate()!;
}

/**
 * Free start times, day by day from `daysAhead` days from now (clear of
 * minimum notice), keeping only times at least `gapMs` apart so that holding
 * or booking one never blocks another through duration and buffer.
 */
export async function freeTimes(
  client: Queryable,
  search: SlotSearch,
  { count, gapMs, daysAhead = 2 }: { count: number; gapMs: number; daysAhead?: number },
): Promise<number[]> {
  const picked: number[] = [];
  let day = DateTime.now().setZone(search.timeZone).startOf("day").plus({ days: daysAhead });
  for (let i = 0; i < 40 && picked.length < count; i++, day = day.plus({ days: 1 })) {
    const slots = await client.query(app.day, { ...search, date: day.toISODate()! });
    for (const { start } of slots ?? []) {
      if (picked.length < count && (picked.length === 0 || start - picked.at(-1)! >= gapMs))
        picked.push(start);
    }
  }
  if (picked.length < count) throw new Error(`only ${picked.length} free times found, wanted ${count}`);
  return picked;
}

// ---------------------------------------------------------------------------
// Raw sync protocol

/** A sync-protocol Mutation message, with arguments encoded as `convex/browser` encodes them. */
export function mutationMessage(
  requestId: number,
  udfPath: string,
  args: Record<string, Value>,
): Record<string, unknown> {
  return { type: "Mutation", requestId, udfPath, args: [convexToJson(args)] };
}

/** A first ModifyQuerySet (version 0 to 1) subscribing to `queries` as query 0, 1, … */
export function subscribeMessage(
  queries: [udfPath: string, args: Record<string, Value>][],
): Record<string, unknown> {
  return {
    type: "ModifyQuerySet",
    baseVersion: 0,
    newVersion: 1,
    modifications: queries.map(([udfPath, args], queryId) => ({
      type: "Add",
      queryId,
      udfPath,
      args: [convexToJson(args)],
    })),
  };
}

/**
 * A TCP socket that has completed the WebSocket upgrade on the sync path, for
 * writing frames by hand (truncated, malformed). Anything the server sends
 * after the handshake is collected in `received`.
 */
export async function openUpgradedSocket(
  backend: Backend,
): Promise<{ socket: Socket; received: () => Buffer }> {
  const { hostname, port } = new URL(backend.url);
  const socket = connect({ host: hostname, port: Number(port) });
  socket.on("error", () => undefined);
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => {
      socket.write(
        [
          "GET /api/1.48.0/sync HTTP/1.1",
          `Host: ${hostname}:${port}`,
          "Upgrade: websocket",
          "Connection: Upgrade",
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
          "Sec-WebSocket-Version: 13",
          "",
          "",
        ].join("\r\n"),
      );
    });
    let head = "";
    const onData = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end === -1) return;
      socket.off("data", onData);
      if (!head.startsWith("HTTP/1.1 101")) {
        reject(new Error(`upgrade refused: ${head.split("\r\n")[0]}`));
        return;
      }
      const rest = Buffer.from(head.slice(end + 4), "latin1");
      if (rest.length > 0) chunks.push(rest);
      socket.on("data", (more: Buffer) => chunks.push(more));
      resolve();
    };
    socket.on("data", onData);
    socket.once("error", reject);
  });
  return { socket, received: () => Buffer.concat(chunks) };
}

/** The status code of the first close frame in what a server sent (unmasked frames), or null if none yet. */
export function closeCodeIn(received: Buffer): number | null {
  for (let at = 0; at + 2 <= received.length;) {
    const opcode = received[at] & 0x0f;
    let length = received[at + 1] & 0x7f;
    let header = 2;
    if (length === 126) {
      if (at + 4 > received.length) return null;
      length = received.readUInt16BE(at + 2);
      header = 4;
    } else if (length === 127) {
      if (at + 10 > received.length) return null;
      length = Number(received.readBigUInt64BE(at + 2));
      header = 10;
    }
    if (at + header + length > received.length) return null;
    if (opcode === 0x8) return length >= 2 ? received.readUInt16BE(at + header) : 1005;
    at += header + length;
  }
  return null;
}

/** A client-to-server WebSocket frame (masked, as clients must send them). */
export function clientFrame(
  payload: Buffer | string,
  { opcode = 0x1, masked = true, fin = true }: { opcode?: number; masked?: boolean; fin?: boolean } = {},
): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload, "utf8") : payload;
  const header: number[] = [(fin ? 0x80 : 0) | opcode];
  const maskBit = masked ? 0x80 : 0;
  if (data.length < 126) header.push(maskBit | data.length);
  else if (data.length < 65_536) header.push(maskBit | 126, data.length >> 8, data.length & 0xff);
  else {
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(data.length));
    header.push(maskBit | 127, ...length);
  }
  if (!masked) return Buffer.concat([Buffer.from(header), data]);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(data.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([Buffer.from(header), mask, body]);
}
