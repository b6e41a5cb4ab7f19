// Deployment-level settings read from Convex environment variables, so an
// operator (or a test run) can change them without a code push.
import { env } from "../_generated/server";

const DEFAULT_HOLD_SECONDS = 10 * 60;

function positiveSeconds(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** How long choosing a time keeps it for the tab: TABBOOK_HOLD_SECONDS, default 600. */
export function holdDurationMs(): number {
  return positiveSeconds(env.TABBOOK_HOLD_SECONDS, DEFAULT_HOLD_SECONDS) * 1000;
}
