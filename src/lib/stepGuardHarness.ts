// Test support for the step guards (src/lib/stepGuard.ts): a router context
// whose socket and startup fetch answer what a test says. Used by the guard's
// own tests and by the prepaint's, which must agree with the guard.
import { vi } from "vitest";
import { isRedirect } from "@tanstack/react-router";
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";
import type { LoadedDraft } from "./stepGuard";
import { createTabSession } from "../session/tabSession";
import type { FirstDraft } from "../session/firstDraft";

export const EMPTY = { name: "", email: "", phone: "", notes: "" };

export const SESSION = "6f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f" as SessionId;

/** A guest tab whose sign-in state has settled; the socket answers `draft` (and has none cached unless `cached`). */
export function contextWith(
  draft: LoadedDraft,
  { firstDraft = null as FirstDraft | null, cached = false } = {},
) {
  const query = vi.fn(() => Promise.resolve(draft));
  let socket: LoadedDraft | undefined = cached ? draft : undefined;
  const listeners = new Set<() => void>();
  const watchQuery = () => ({
    localQueryResult: () => socket,
    onUpdate: (listener: () => void) => (listeners.add(listener), () => listeners.delete(listener)),
  });
  const session = createTabSession(firstDraft);
  session.auth.set({ settled: true, isAuthenticated: false });
  /** The socket's subscription gets a new answer. */
  const push = (next: LoadedDraft) => {
    socket = next;
    for (const listener of listeners) listener();
  };
  const convex = { query, watchQuery } as unknown as ConvexReactClient;
  return { convex, sessionId: SESSION, session, query, push };
}

export const fetched = (draft: LoadedDraft | undefined, sessionId: string = SESSION): FirstDraft => ({
  sessionId,
  token: null,
  draft: Promise.resolve(draft),
});

export async function redirectTarget(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (!isRedirect(error)) throw error;
    return error.options.to as string;
  }
}
