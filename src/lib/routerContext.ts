// What route guards (`beforeLoad`) get: the Convex client, this tab's
// session ID and whether the tab is signed in, so they can read the tab's
// draft and check access before a page renders; and the tab's in-memory stores.
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";
import type { ManageLinks } from "../session/manageLinks";

export type RouterContext = {
  convex: ConvexReactClient;
  sessionId: SessionId;
  isAuthenticated: boolean;
  /** Manage-link tokens this tab was given at confirm, shown once on the confirmation page. */
  manageLinks: ManageLinks;
};
