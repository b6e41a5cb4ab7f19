// Per-session write budgets (convex-helpers' token-bucket rate limiter), so one
// tab or script cannot flood the deployment with draft saves, holds or confirms.
import { ConvexError } from "convex/values";
import { defineRateLimits } from "convex-helpers/server/rateLimit";
import type { MutationCtx } from "../_generated/server";

const MINUTE = 60_000;

const { rateLimit } = defineRateLimits({
  draftWrite: { kind: "token bucket", rate: 120, period: MINUTE, capacity: 60 },
  hold: { kind: "token bucket", rate: 30, period: MINUTE, capacity: 15 },
  confirm: { kind: "token bucket", rate: 6, period: MINUTE, capacity: 6 },
  // Beats come every 10–15 s (faster under short test timeouts) plus one per visibility change.
  heartbeat: { kind: "token bucket", rate: 120, period: MINUTE, capacity: 30 },
  // Login carry-over, duplicate-tab forks and sign-out cleanup.
  session: { kind: "token bucket", rate: 20, period: MINUTE, capacity: 10 },
  // Cancelling and starting reschedules, per user.
  account: { kind: "token bucket", rate: 30, period: MINUTE, capacity: 10 },
  // Console edits and invites, per team member.
  console: { kind: "token bucket", rate: 60, period: MINUTE, capacity: 30 },
});

export type RateLimitName =
  "draftWrite" | "hold" | "confirm" | "heartbeat" | "session" | "account" | "console";

/** Throws a ConvexError the UI can show when `key` has spent its budget for `name`. */
export async function enforceRateLimit(ctx: MutationCtx, name: RateLimitName, key: string): Promise<void> {
  const status = await rateLimit(ctx, { name, key });
  if (!status.ok) {
    const retryAt = status.retryAt ?? Date.now() + 1000;
    const seconds = Math.max(1, Math.ceil((retryAt - Date.now()) / 1000));
    throw new ConvexError({
      code: "RATE_LIMITED",
      message: `Too many changes at once. Try again in ${seconds} s.`,
      retryAt,
    });
  }
}
