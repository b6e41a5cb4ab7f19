// What route guards (`beforeLoad`) and route components get: the Convex
// client, this tab's session ID, and the tab's session store (sign-in state,
// the draft fetched at startup, manage links; see session/tabSession.ts).
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";
import type { TabSession } from "../session/tabSession";

export type RouterContext = {
  convex: ConvexReactClient;
  sessionId: SessionId;
  session: TabSession;
};
