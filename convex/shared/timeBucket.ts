// The minute availability is computed "as of". Availability depends on the
// clock (minimum notice, the booking window, holds running out), but a cached
// Convex query is not re-run as time passes: so the tab passes the current
// minute as an argument, and a new minute is a new query. Shared by the tab
// (which ticks it) and the server (which checks it).
export const TIME_BUCKET_MS = 60_000;

/** The start of the minute containing `now`. */
export function timeBucket(now: number): number {
  return now - (now % TIME_BUCKET_MS);
}
