// The time step's list for one day: its free times with the tab's own held
// time among them, once. The two come from different queries, so a free list
// from before the hold (one kept while the next minute's list loads, or one
// not yet re-run) can still offer the held time.
import type { TimeOption } from "./TimeGrid";

export function dayTimes(free: { start: number }[], heldStart: number | null): TimeOption[] {
  const times = free.filter(({ start }) => start !== heldStart).map(({ start }) => ({ start, held: false }));
  if (heldStart !== null) times.push({ start: heldStart, held: true });
  return times.sort((a, b) => a.start - b.start);
}
