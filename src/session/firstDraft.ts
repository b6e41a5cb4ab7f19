// The tab's draft as the server gave it to index.html's inline script, over
// Convex's HTTP query API, while this code was still downloading. Only a
// successful answer counts; anything else (no stored ID, network, an
// expired token, a server error) leaves the guard to ask over the socket.
import { jsonToConvex, type JSONValue } from "convex/values";
import type { api } from "@convex/_generated/api";
import type { FunctionReturnType } from "convex/server";

export type DraftAnswer = FunctionReturnType<typeof api.drafts.get>;

/** What the inline script leaves on `window` (see index.html). */
type Prefetch = { sessionId: string; token: string | null; answer: Promise<unknown> };

declare global {
  interface Window {
    __tabbookFirstDraft?: Prefetch;
  }
}

export type FirstDraft = {
  sessionId: string;
  /** The stored token it was asked with, while it is still valid for a few seconds more. */
  token: string | null;
  /** The server's answer, or undefined when there is none to trust. */
  draft: Promise<DraftAnswer | undefined>;
};

/** Takes the inline script's request (once; later calls get null). */
export function takeFirstDraft(): FirstDraft | null {
  const prefetch = window.__tabbookFirstDraft;
  delete window.__tabbookFirstDraft;
  if (prefetch === undefined) return null;
  return {
    sessionId: prefetch.sessionId,
    token: prefetch.token !== null && unexpired(prefetch.token) ? prefetch.token : null,
    draft: prefetch.answer.then(decodeAnswer, () => undefined),
  };
}

export function decodeAnswer(body: unknown): DraftAnswer | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { status, value } = body as { status?: unknown; value?: JSONValue };
  if (status !== "success" || value === undefined) return undefined;
  return jsonToConvex(value) as DraftAnswer;
}

/** Whether a JWT's `exp` is at least 10 s away (an unreadable token counts as expired). */
export function unexpired(token: string, now = Date.now()): boolean {
  try {
    const payload = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) as {
      exp?: unknown;
    };
    return typeof payload.exp === "number" && payload.exp * 1000 > now + 10_000;
  } catch {
    return false;
  }
}
