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
  /** The stored token it was asked with (the script sends only one valid for 10 s more). */
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
    token: prefetch.token,
    draft: prefetch.answer.then(decodeAnswer, () => undefined),
  };
}

export function decodeAnswer(body: unknown): DraftAnswer | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { status, value } = body as { status?: unknown; value?: JSONValue };
  if (status !== "success" || value === undefined) return undefined;
  return jsonToConvex(value) as DraftAnswer;
}
