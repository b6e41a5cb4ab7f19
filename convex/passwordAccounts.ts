// What the password provider's action needs to check a password itself (in
// the action, off the mutation path): the stored hash, whether the email was
// confirmed, and whose account it is. Internal: no client can read a hash.
// And the sign-up emails' schedule (actions schedule through a mutation).
import { v } from "convex/values";
import { internal } from "./_generated/api";
import { internalMutation, internalQuery } from "./_generated/server";
import { vAccountEmail } from "./lib/accountEmails";
import { spendRateLimit } from "./lib/rateLimits";

export const PASSWORD_PROVIDER = "password";

export const find = internalQuery({
  args: { email: v.string() },
  handler: async (ctx, { email }) => {
    const account = await ctx.db
      .query("authAccounts")
      .withIndex("providerAndAccountId", (q) =>
        q.eq("provider", PASSWORD_PROVIDER).eq("providerAccountId", email),
      )
      .unique();
    if (account === null) return null;
    return {
      accountId: account._id,
      userId: account.userId,
      secret: account.secret ?? null,
      verified: account.emailVerified !== undefined,
    };
  },
});

/**
 * Hands one account email to the mailer action (accountMailer.ts), at most 6
 * an hour per address; the rest are dropped quietly, as the form's answer
 * must not change.
 */
export const sendEmail = internalMutation({
  args: { to: v.string(), email: vAccountEmail },
  handler: async (ctx, args) => {
    const budget = await spendRateLimit(ctx, "accountEmail", args.to.trim().toLowerCase());
    if (!budget.ok) return { sent: false };
    await ctx.scheduler.runAfter(0, internal.accountMailer.send, args);
    return { sent: true };
  },
});
