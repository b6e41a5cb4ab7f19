// What route guards (`beforeLoad`) get: the Convex client, this tab's
// session ID and whether the tab is signed in, so they can read the tab's
// draft and check access before a page renders.
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";

export type RouterContext = {
  convex: ConvexReactClient;
  sessionId: SessionId;
  isAuthenticated: boolean;
};
