// Failed sign-ins slow down, they never lock: after a few free tries each
// further failure doubles the wait before the next try (up to a cap), per
// account email and per client, and an hour without failures starts over.
// The account's owner can always get in after the wait, which a hard lock
// (the library's default: 10 failures an hour, then nobody) would not allow.
import { ConvexError } from "convex/values";
import type { MutationCtx } from "../_generated/server";

export const FREE_FAILURES = 5;
const MAX_DELAY_MS = 5 * 60_000;
export const FORGET_AFTER_MS = 60 * 60_000;
/** Rows the sweeper deletes per run. */
export const SWEEP_BATCH = 100;

/** The wait after `failures` failures in a row. */
export function delayAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

/** Keys are hashed: the table holds no email address. */
export async function throttleKey(kind: "account" | "client", value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${kind}:${value}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

async function rowOf(ctx: MutationCtx, key: string) {
  return ctx.db
    .query("signInThrottles")
    .withIndex("by_key", (q) => q.eq("key", key))
    .unique();
}

/** Throws SLOW_DOWN (with when to retry) while any key is still waiting. */
export async function admit(ctx: MutationCtx, keys: string[]): Promise<void> {
  const now = Date.now();
  let retryAt = 0;
  for (const key of keys) {
    const row = await rowOf(ctx, key);
    if (row !== null && now - row.lastFailureAt < FORGET_AFTER_MS) {
      retryAt = Math.max(retryAt, row.lastFailureAt + delayAfter(row.failures));
    }
  }
  if (retryAt > now) {
    const seconds = Math.ceil((retryAt - now) / 1000);
    throw new ConvexError({
      code: "SLOW_DOWN",
      message: `Too many failed attempts. Try again in ${seconds} s.`,
      retryAt,
    });
  }
}

export async function recordFailure(ctx: MutationCtx, keys: string[]): Promise<void> {
  const now = Date.now();
  for (const key of keys) {
    const row = await rowOf(ctx, key);
    if (row === null) await ctx.db.insert("signInThrottles", { key, failures: 1, lastFailureAt: now });
    else {
      const failures = now - row.lastFailureAt < FORGET_AFTER_MS ? row.failures + 1 : 1;
      await ctx.db.patch("signInThrottles", row._id, { failures, lastFailureAt: now });
    }
  }
}

export async function forget(ctx: MutationCtx, key: string): Promise<void> {
  const row = await rowOf(ctx, key);
  if (row !== null) await ctx.db.delete("signInThrottles", row._id);
}

/**
 * Deletes counts older than the forget window, a batch at a time: failed
 * sign-ins with made-up emails would otherwise leave a row each for good.
 * Returns how many it deleted.
 */
export async function sweepForgotten(ctx: MutationCtx): Promise<number> {
  const stale = await ctx.db
    .query("signInThrottles")
    .withIndex("by_lastFailureAt", (q) => q.lt("lastFailureAt", Date.now() - FORGET_AFTER_MS))
    .take(SWEEP_BATCH);
  for (const row of stale) await ctx.db.delete("signInThrottles", row._id);
  return stale.length;
}
