// A client's sync session is the `sessionId` its Connect message carries; it
// outlives the client's sockets. Remembering which mutations a session has run
// lets a reconnecting client re-send them without running them twice, as a
// Convex deployment guarantees. A session is only stored once it runs a
// mutation, the store is bounded, and a remembered answer is only given to a
// caller with the identity that ran it: a session ID is chosen by the client,
// so anyone can claim one.
import type { MutationResponse } from "./protocol.js";
import type { Identity } from "./engine.js";

const SESSION_IDLE_MS = 15 * 60_000;
/** Sessions remembered at most; the least recently used are forgotten first. */
export const MAX_SESSIONS = 10_000;
const MUTATIONS_REMEMBERED = 100;

type Remembered = { identity: string; response: Promise<MutationResponse> };

/** A client's sync session (the `sessionId` of Connect), which outlives its sockets. */
export class ClientSession {
  lastUsed = Date.now();
  private readonly mutations = new Map<number, Remembered>();

  /** Runs mutation `requestId` once per session and identity; a repeat gets the first answer. */
  once(
    requestId: number,
    identity: Identity,
    run: () => Promise<MutationResponse>,
  ): Promise<MutationResponse> {
    this.lastUsed = Date.now();
    const caller = identityKey(identity);
    const remembered = this.mutations.get(requestId);
    if (remembered !== undefined && remembered.identity === caller) return remembered.response;
    const response = run();
    this.mutations.delete(requestId);
    this.mutations.set(requestId, { identity: caller, response });
    if (this.mutations.size > MUTATIONS_REMEMBERED)
      this.mutations.delete(this.mutations.keys().next().value!);
    return response;
  }
}

/** Who ran a mutation: the token's subject and issuer, stable across token refreshes. */
function identityKey(identity: Identity): string {
  return identity === null ? "" : (identity.tokenIdentifier ?? JSON.stringify(identity));
}

export class ClientSessions {
  private readonly byId = new Map<string, ClientSession>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ClientSession {
    let session = this.byId.get(id);
    if (session === undefined) session = new ClientSession();
    else this.byId.delete(id);
    // Re-inserted, so the map's order is least recently used first.
    this.byId.set(id, session);
    session.lastUsed = Date.now();
    if (this.byId.size > MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value!);
    return session;
  }

  prune(): void {
    const cutoff = Date.now() - SESSION_IDLE_MS;
    for (const [id, session] of this.byId) if (session.lastUsed < cutoff) this.byId.delete(id);
  }
}
