// Page-hide beacons: the HTTP routes a closing or reloading tab posts to
// (convex/http.ts) and what each carries (src/lib/beacon.ts sends them).
// The server still validates every field in the internal mutation behind
// each route; these types keep the two ends from drifting apart.

export const BEACON_PATHS = {
  /** The details form's last values, typed after the last save. */
  flushDetails: "/drafts/flush",
  /** The tab is closing or reloading: its silence counts from now. */
  leave: "/heartbeats/leave",
} as const;

export type BeaconPath = (typeof BEACON_PATHS)[keyof typeof BEACON_PATHS];

export type BeaconBodies = {
  "/drafts/flush": {
    sessionId: string;
    details: { name: string; email: string; phone: string; notes: string };
    rev: number;
  };
  "/heartbeats/leave": { sessionId: string; seq: number };
};

/** What travels: the body and, for a signed-in tab, its access token (a beacon has no headers). */
export type BeaconMessage<P extends BeaconPath> = BeaconBodies[P] & { token?: string };
