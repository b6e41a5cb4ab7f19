// App-level builders for every session-scoped function. A tab's session ID
// is a secret bearer key for its server-side state, so it is validated here,
// once, and handed to handlers on `ctx` (never echoed back in results).
// Feature modules use these builders instead of checking sessions themselves.
import { zCustomMutation, zCustomQuery } from "convex-helpers/server/zod4";
import { SessionIdArg, type SessionId } from "convex-helpers/server/sessions";
import { ConvexError } from "convex/values";
import { isSessionId } from "./sessionId";
import { internalMutation, mutation, query } from "../_generated/server";

export function assertSessionId(sessionId: string): SessionId {
  if (!isSessionId(sessionId)) {
    throw new ConvexError({
      code: "INVALID_SESSION",
      message: "This tab's session ID is malformed. Reload the page to start a new session.",
    });
  }
  return sessionId as SessionId;
}

const withSession = {
  args: SessionIdArg,
  input: (_ctx: unknown, { sessionId }: { sessionId: SessionId }) =>
    Promise.resolve({ ctx: { sessionId: assertSessionId(sessionId) }, args: {} }),
};

export const sessionQuery = zCustomQuery(query, withSession);
export const sessionMutation = zCustomMutation(mutation, withSession);
/** For the page-hide beacon's HTTP action: same checks, reached via ctx.runMutation. */
export const internalSessionMutation = zCustomMutation(internalMutation, withSession);
