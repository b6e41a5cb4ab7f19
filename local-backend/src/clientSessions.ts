// A client's sync session is the `sessionId` its Connect message carries; it
// outlives the client's sockets. Remembering which mutations a session has run
// lets a reconnecting client re-send them without running them twice, as a
// Convex deployment guarantees.
import type { ServerMessage } from "./sync.js";

const SESSION_IDLE_MS = 15 * 60_000;
const MUTATIONS_REMEMBERED = 1000;

/** A client's sync session (the `sessionId` of Connect), which outlives its sockets. */
export class ClientSession {
  lastUsed = Date.now();
  private readonly mutations = new Map<number, Promise<ServerMessage>>();

  once(requestId: number, run: () => Promise<ServerMessage>): Promise<ServerMessage> {
    this.lastUsed = Date.now();
    let response = this.mutations.get(requestId);
    if (response === undefined) {
      response = run();
      this.mutations.set(requestId, response);
      if (this.mutations.size > MUTATIONS_REMEMBERED)
        this.mutations.delete(this.mutations.keys().next().value!);
    }
    return response;
  }
}

export class ClientSessions {
  private readonly byId = new Map<string, ClientSession>();

  get(id: string): ClientSession {
    let session = this.byId.get(id);
    if (session === undefined) this.byId.set(id, (session = new ClientSession()));
    session.lastUsed = Date.now();
    return session;
  }

  prune(): void {
    const cutoff = Date.now() - SESSION_IDLE_MS;
    for (const [id, session] of this.byId) if (session.lastUsed < cutoff) this.byId.delete(id);
  }
}
