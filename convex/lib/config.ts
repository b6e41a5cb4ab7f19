// Deployment-level settings read from Convex environment variables, so an
// operator (or a test run) can change them without a code push.
import { env } from "../_generated/server";

const DEFAULT_HOLD_SECONDS = 10 * 60;

function positiveNumber(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** How long choosing a time keeps it for the tab: TABBOOK_HOLD_SECONDS, default 600. */
export function holdDurationMs(): number {
  return positiveNumber(env.TABBOOK_HOLD_SECONDS, DEFAULT_HOLD_SECONDS) * 1000;
}

const DEFAULT_DRAFT_TTL_SECONDS = 2 * 60 * 60;
const DEFAULT_HEARTBEAT_TIMEOUT_SECONDS = 60;

/** How long an untouched draft lives: TABBOOK_DRAFT_TTL_SECONDS, default 7200 (2 h). */
export function draftTtlMs(): number {
  return positiveNumber(env.TABBOOK_DRAFT_TTL_SECONDS, DEFAULT_DRAFT_TTL_SECONDS) * 1000;
}

/**
 * How long a visible tab may stay silent before its hold is released:
 * TABBOOK_HEARTBEAT_TIMEOUT_SECONDS, default 60. Tabs beat 4–6 times per timeout.
 */
export function heartbeatTimeoutMs(): number {
  return positiveNumber(env.TABBOOK_HEARTBEAT_TIMEOUT_SECONDS, DEFAULT_HEARTBEAT_TIMEOUT_SECONDS) * 1000;
}

const DEFAULT_NEWCOMER_SHARE = 0.5;
const DEFAULT_NEWCOMER_ACCOUNT_SECONDS = 24 * 60 * 60;

/**
 * The share of a provider's working day that guests and new accounts may
 * hold or book between them: TABBOOK_NEWCOMER_SHARE, in (0, 1], default 0.5.
 */
export function newcomerShare(): number {
  const share = positiveNumber(env.TABBOOK_NEWCOMER_SHARE, DEFAULT_NEWCOMER_SHARE);
  return Math.min(share, 1);
}

/** How old an account must be to stop counting as new: TABBOOK_NEWCOMER_ACCOUNT_SECONDS, default 1 day (0: at once). */
export function newcomerAccountAgeMs(): number {
  const raw = env.TABBOOK_NEWCOMER_ACCOUNT_SECONDS;
  if (raw === "0") return 0;
  return positiveNumber(raw, DEFAULT_NEWCOMER_ACCOUNT_SECONDS) * 1000;
}

const DEFAULT_VERIFY_SECONDS = 15 * 60;

/**
 * How long a guest has to open the emailed link before a pending booking's
 * time is let go (lib/bookingVerification.ts): TABBOOK_VERIFY_SECONDS, default 900.
 */
export function verifyWindowMs(): number {
  return positiveNumber(env.TABBOOK_VERIFY_SECONDS, DEFAULT_VERIFY_SECONDS) * 1000;
}
