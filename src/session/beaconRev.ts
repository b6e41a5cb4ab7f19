// The details revision the last page-hide beacon carried, so the page after a
// reload knows a save may still be on its way and waits for the server to
// have it before showing the form. A number in sessionStorage, nothing personal.
const KEY = "tabbook.beaconRev";

export function noteBeaconRev(rev: number): void {
  try {
    sessionStorage.setItem(KEY, String(rev));
  } catch {
    // Storage refused (private mode quota): the late save is still adopted once it lands.
  }
}

/** The revision a beacon carried since the last reload, or 0. */
export function beaconRev(): number {
  return Number(sessionStorage.getItem(KEY) ?? 0) || 0;
}

export function clearBeaconRev(): void {
  sessionStorage.removeItem(KEY);
}
