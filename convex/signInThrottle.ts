// The sign-in throttle's writes, run by the password provider's action (auth.ts).
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation } from "./_generated/server";
import { SWEEP_BATCH, admit, forget, recordFailure, sweepForgotten } from "./lib/signInThrottle";

const keys = { keys: v.array(v.string()) };

export const check = internalMutation({ args: keys, handler: (ctx, { keys }) => admit(ctx, keys) });

export const fail = internalMutation({ args: keys, handler: (ctx, { keys }) => recordFailure(ctx, keys) });

export const succeed = internalMutation({
  args: { key: v.string() },
  handler: (ctx, { key }) => forget(ctx, key),
});

/** Cron: drops counts nobody has added to for an hour, and goes on while a full batch was found. */
export const sweep = internalMutation({
  args: {},
  handler: async (ctx) => {
    const deleted = await sweepForgotten(ctx);
    if (deleted === SWEEP_BATCH) await ctx.scheduler.runAfter(0, internal.signInThrottle.sweep, {});
    return deleted;
  },
});
