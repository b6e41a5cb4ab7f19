// Per-session write budgets (convex-helpers' token-bucket rate limiter), so one
// tab or script cannot flood the deployment with draft saves, holds or confirms.
import { ConvexError } from "convex/values";
import { defineRateLimits } from "convex-helpers/server/rateLimit";
import type { MutationCtx } from "../_generated/server";

const MINUTE = 60_000;

const { rateLimit, checkRateLimit } = defineRateLimits({
  draftWrite: { kind: "token bucket", rate: 120, period: MINUTE, capacity: 60 },
  hold: { kind: "token bucket", rate: 30, period: MINUTE, capacity: 15 },
  confirm: { kind: "token bucket", rate: 6, period: MINUTE, capacity: 6 },
  // Beats come every 10–15 s (faster under short test timeouts), plus one per
  // visibility change and two per reload (the leave beacon and the new page's
  // first beat). Refilling 5 a second with room for 120, a person reloading as
  // fast as a page loads (4 a second) never runs out; a refused beat is quiet.
  heartbeat: { kind: "token bucket", rate: 300, period: MINUTE, capacity: 120 },
  // Login carry-over, duplicate-tab forks and sign-out cleanup.
  session: { kind: "token bucket", rate: 20, period: MINUTE, capacity: 10 },
  // Cancelling and starting reschedules, per user.
  account: { kind: "token bucket", rate: 30, period: MINUTE, capacity: 10 },
  // Opening manage links, per tab; and every link that matched nothing, for the
  // whole deployment, so rotating tab IDs does not buy more guesses.
  manageOpen: { kind: "token bucket", rate: 10, period: MINUTE, capacity: 10 },
  manageMiss: { kind: "token bucket", rate: 120, period: MINUTE, capacity: 120 },
  // Console edits and invites, per team member.
  console: { kind: "token bucket", rate: 60, period: MINUTE, capacity: 30 },
  // Sign-up codes and "you already have an account" emails, per address: past
  // it they are dropped without a word (the sign-up answer stays the same), so
  // nobody can flood someone's inbox through the sign-up form.
  accountEmail: { kind: "token bucket", rate: 6, period: 60 * MINUTE, capacity: 6 },
});

export type RateLimitName =
  | "draftWrite"
  | "hold"
  | "confirm"
  | "heartbeat"
  | "session"
  | "account"
  | "manageOpen"
  | "manageMiss"
  | "console"
  | "accountEmail";

/** Spends one of `key`'s tokens for `name`; when none is left, says when to try again instead. */
export async function spendRateLimit(
  ctx: MutationCtx,
  name: RateLimitName,
  key: string,
): Promise<{ ok: true } | { ok: false; retryAt: number }> {
  const status = await rateLimit(ctx, { name, key });
  return status.ok ? { ok: true } : { ok: false, retryAt: status.retryAt ?? Date.now() + 1000 };
}

/** Throws a ConvexError the UI can show when `key` has spent its budget for `name`. */
export async function enforceRateLimit(ctx: MutationCtx, name: RateLimitName, key: string): Promise<void> {
  throwIfLimited(await spendRateLimit(ctx, name, key));
}

/** Like enforceRateLimit, but spends nothing: for budgets spent only on some outcomes. */
export async function requireBudget(ctx: MutationCtx, name: RateLimitName, key: string): Promise<void> {
  throwIfLimited(await checkRateLimit(ctx, { name, key }));
}

function throwIfLimited(status: { ok: boolean; retryAt?: number }): void {
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
