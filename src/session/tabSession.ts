// The tab's session state that parts of the client share, in one explicit
// store handed to the router as context (`context.session`) and from there
// to guards and components: who is signed in once the server has said so,
// the draft answer index.html fetched, the sign-in page's progress, the
// access token beacons carry, the request to restart after sign-out, and
// the manage links shown once after booking, and outcome messages (toasts).
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "@convex/_generated/api";
import { createStore, type Store } from "../lib/store";
import type { DraftAnswer, FirstDraft } from "./firstDraft";
import { createManageLinks, type ManageLinks } from "./manageLinks";
import { createToasts, type Toasts } from "../lib/toasts";
import { SESSION_STORAGE_KEY } from "./prewarmDraft";

/** Where the tab is in following the account: the sign-in page waits for "member". */
export type AccountPhase = "guest" | "carrying-over" | "member";

export type AuthState = { settled: boolean; isAuthenticated: boolean };

export type TabSession = {
  /** The server's word on sign-in; `settled` stays true once it has first answered. */
  auth: Store<AuthState>;
  /** Resolves with whether the tab is signed in, once the server has first said so. */
  signedIn(): Promise<boolean>;
  /** index.html's draft for `sessionId`, for the first page's guards while the socket has no answer yet. */
  firstDraftFor(convex: ConvexReactClient, sessionId: SessionId): Promise<DraftAnswer | undefined>;
  /**
   * The first page has shown: later guards ask the socket. The startup answer is
   * as old as the page load, and a page that subscribes to no draft (the manage
   * page) can change it (Reschedule) before navigating.
   */
  firstPageShown(): void;
  /**
   * The tab got its session ID in this page (none was stored) and the server's
   * first word was "signed in": every write under the ID was the user's, so
   * there is nothing to carry over to a new one.
   */
  bornSignedIn(): boolean;
  accountPhase: Store<AccountPhase>;
  /** The access token page-hide beacons carry (they cannot send an Authorization header). */
  authToken: Store<string | null>;
  /** After sign-out or expiry the next new session ID goes back to the start, not re-checks. */
  requestRestart(): void;
  /** Reads and clears the restart request. */
  takeRestart(): boolean;
  manageLinks: ManageLinks;
  /** Outcome messages the root's <Toaster> announces. */
  toasts: Toasts;
};

export function createTabSession(firstDraft: FirstDraft | null = null): TabSession {
  const auth = createStore<AuthState>({ settled: false, isAuthenticated: false });
  let restart = false;
  let startupDraft = firstDraft;
  const startedFresh = sessionStorage.getItem(SESSION_STORAGE_KEY) === null;
  let firstWord: boolean | null = null;
  auth.subscribe(() => {
    const { settled, isAuthenticated } = auth.get();
    if (settled && firstWord === null) firstWord = isAuthenticated;
  });
  return {
    auth,
    signedIn: () =>
      new Promise((resolve) => {
        const check = () => {
          const { settled, isAuthenticated } = auth.get();
          if (!settled) return false;
          unsubscribe();
          resolve(isAuthenticated);
          return true;
        };
        const unsubscribe = auth.subscribe(() => void check());
        check();
      }),
    async firstDraftFor(convex, sessionId) {
      if (
        startupDraft === null ||
        startupDraft.sessionId !== sessionId ||
        socketHasDraft(convex, sessionId)
      ) {
        return undefined;
      }
      return startupDraft.draft;
    },
    firstPageShown: () => void (startupDraft = null),
    bornSignedIn: () => startedFresh && firstWord === true,
    accountPhase: createStore<AccountPhase>("guest"),
    authToken: createStore<string | null>(null),
    requestRestart: () => void (restart = true),
    takeRestart() {
      const value = restart;
      restart = false;
      return value;
    },
    manageLinks: createManageLinks(),
    toasts: createToasts(),
  };
}

/** Whether the socket's subscription has answered already (then it is the fresher source). */
function socketHasDraft(convex: ConvexReactClient, sessionId: SessionId): boolean {
  try {
    return convex.watchQuery(api.drafts.get, { sessionId }).localQueryResult() !== undefined;
  } catch {
    return true; // it answered with an error: let the guard ask again and see it
  }
}
