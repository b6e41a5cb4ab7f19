// The tab's session lifecycle, mounted once under the router when the server
// has first said who is signed in: account carry-over and sign-out,
// duplicate-tab forks, heartbeats, expiry notices.
import type { TabSession as TabSessionStore } from "./tabSession";
import { useAccountSync } from "./useAccountSync";
import { useDuplicateTabFork } from "./useDuplicateTabFork";
import { useHeartbeat } from "./useHeartbeat";
import { useSessionNotice } from "./useSessionNotice";

export function TabSession({ session }: { session: TabSessionStore }) {
  useAccountSync(session);
  useDuplicateTabFork();
  useHeartbeat(session);
  useSessionNotice();
  return null;
}
