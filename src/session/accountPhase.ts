// Where the tab is in following the account: the sign-in page waits for
// "member" (draft carried over to the rotated session) before it navigates.
import { useSyncExternalStore } from "react";

type AccountPhase = "guest" | "carrying-over" | "member";

let phase: AccountPhase = "guest";
const listeners = new Set<() => void>();

export function setAccountPhase(next: AccountPhase): void {
  if (next === phase) return;
  phase = next;
  for (const listener of listeners) listener();
}

export function useAccountPhase(): AccountPhase {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => phase,
  );
}
