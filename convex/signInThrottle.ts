// The sign-in throttle's writes, run by the password provider's action (auth.ts).
import { v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { admit, forget, recordFailure } from "./lib/signInThrottle";

const keys = { keys: v.array(v.string()) };

export const check = internalMutation({ args: keys, handler: (ctx, { keys }) => admit(ctx, keys) });

export const fail = internalMutation({ args: keys, handler: (ctx, { keys }) => recordFailure(ctx, keys) });

export const succeed = internalMutation({
  args: { key: v.string() },
  handler: (ctx, { key }) => forget(ctx, key),
});
