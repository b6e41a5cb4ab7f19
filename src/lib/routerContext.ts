// What route guards (`beforeLoad`) get: the Convex client and this tab's
// session ID, so they can read the tab's draft before a step renders.
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";

export type RouterContext = {
  convex: ConvexReactClient;
  sessionId: SessionId;
};
