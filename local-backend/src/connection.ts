// One client WebSocket of the sync protocol: what it subscribed to, who it is,
// the versions it has been sent and has asked for, and its socket. Sending
// applies backpressure: a client that stops reading is disconnected once its
// unsent data passes a limit, instead of growing the server's memory (the
// client reconnects and re-subscribes, as `convex/browser` does after any
// dropped socket).
import type { WebSocket } from "ws";
import type { Identity } from "./engine.js";
import type { ReadSet } from "./readSet.js";
import {
  encodeVersion,
  type Args,
  type Modification,
  type MutationResponse,
  type QueryAdd,
  type QueryRemove,
  type ServerMessage,
  type Version,
} from "./protocol.js";

/** Unsent bytes a socket may hold before the server gives up on its reader. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** A close reason may be at most 123 bytes (ws throws past that); it can quote the client's message. */
const MAX_CLOSE_REASON_BYTES = 123;

export type Subscription = {
  queryId: number;
  udfPath: string;
  args: Args;
  /** Why this query is refused without running it (e.g. too many on one connection). */
  refused: string | null;
  readSet: ReadSet | null;
  /** The serialized result last sent, to send nothing when a re-run changed nothing. */
  last: string | null;
  journal: string | null;
  /** A write (or a new identity) may have changed its result since it last ran. */
  stale: boolean;
  /** Tables whose writes made it stale (for metrics), or null when it was never run. */
  staleTables: Set<string> | null;
};

export class Connection {
  readonly queries = new Map<number, Subscription>();
  /** The version the client has been sent (the end of the last Transition). */
  version: Version = { querySet: 0, identity: 0, ts: 0n };
  /** The versions the client has asked for (its latest ModifyQuerySet and Authenticate). */
  received = { querySet: 0, identity: 0 };
  /** Query-set changes received and not yet applied. */
  pendingModifications: (QueryAdd | QueryRemove)[] = [];
  /** Modifications for the next Transition. */
  outgoing: Modification[] = [];
  /** Successful mutations' answers, sent with the Transition that shows their writes. */
  pendingResponses: MutationResponse[] = [];
  identity: Identity = null;
  closed = false;
  /** Client messages that must be handled in order (auth before the queries sent after it). */
  inbox: Promise<void> = Promise.resolve();
  mutations: Promise<void> = Promise.resolve();
  sessionId: string | null = null;
  expiryTimer: NodeJS.Timeout | null = null;
  /** An update (runs of stale queries, then a Transition) is running or due. */
  updating = false;
  updateAgain = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly log: (line: string) => void,
  ) {}

  send(message: ServerMessage): void {
    if (this.closed) return;
    // Checked before sending, so one large message still goes to a client that keeps up.
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log(
        `sync: closing a connection whose client stopped reading (${Math.round(this.ws.bufferedAmount / 2 ** 20)} MB unsent)`,
      );
      this.closed = true;
      // terminate, not close: a close frame would queue behind the unread data.
      this.ws.terminate();
      return;
    }
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

  hasStaleQueries(): boolean {
    for (const sub of this.queries.values()) if (sub.stale) return true;
    return false;
  }

  /** The client must get a Transition: versions it asked for, or answers waiting for one. */
  owesTransition(): boolean {
    return (
      this.pendingResponses.length > 0 ||
      this.received.querySet !== this.version.querySet ||
      this.received.identity !== this.version.identity
    );
  }

  close(code: number, reason: string): void {
    this.ws.close(code, truncateUtf8(reason, MAX_CLOSE_REASON_BYTES));
  }
}

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
