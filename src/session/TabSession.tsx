// The tab's session lifecycle, mounted once under the router: account
// carry-over and sign-out, duplicate-tab forks, heartbeats, expiry notices.
import { useAccountSync } from "./useAccountSync";
import { useDuplicateTabFork } from "./useDuplicateTabFork";
import { useHeartbeat } from "./useHeartbeat";
import { useSessionNotice } from "./useSessionNotice";

export function TabSession() {
  useAccountSync();
  useDuplicateTabFork();
  useHeartbeat();
  useSessionNotice();
  return null;
}
