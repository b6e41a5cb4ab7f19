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

const DEFAULT_DRAFT_TTL_SECONDS = 2 * 60 * 60;
const DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 60;

/** How long an untouched draft lives: TABBOOK_DRAFT_TTL_SECONDS, default 7200 (2 h). */
export function draftTtlMs(): number {
  return positiveSeconds(env.TABBOOK_DRAFT_TTL_SECONDS, DEFAULT_DRAFT_TTL_SECONDS) * 1000;
}

/**
 * How long a visible tab may stay silent before its hold is released:
 * TABBOOK_HEARTBEAT_TIMEOUT_SECONDS, default 60. Tabs beat 4–6 times per timeout.
 */
export function heartbeatTimeoutMs(): number {
  return positiveSeconds(env.TABBOOK_HEARTBEAT_TIMEOUT_SECONDS, DEFAULT_HEARTBEAT_TIMEOUT_SECONDS) * 1000;
}
