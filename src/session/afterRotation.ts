// What the app does once a tab's new session ID reaches the router: by
// default re-run the current route's guards (the draft may differ, e.g. a
// fork without its time); after sign-out or expiry, go back to the start.
let restart = false;

export function restartAfterRotation(): void {
  restart = true;
}

/** Reads and clears the request. */
export function takeRestart(): boolean {
  const value = restart;
  restart = false;
  return value;
}
