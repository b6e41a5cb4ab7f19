// Builders for the business console, beside the session builders: the
// caller's role is checked here, once, before any handler runs. Owners reach
// everything; staff reach only the provider they are linked to, named by the
// `providerId` argument every staff function takes. Refusals are ConvexErrors
// (SIGNED_OUT, FORBIDDEN, NOT_FOUND) and write nothing; allowed writes spend
// the caller's console budget.
import { zCustomMutation, zCustomQuery } from "convex-helpers/server/zod4";
import { getAuthUserId } from "@convex-dev/auth/server";
import { ConvexError, v } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import { mutation, query, type MutationCtx, type QueryCtx } from "../_generated/server";
import { enforceRateLimit } from "./rateLimits";

export type Member = Doc<"members">;

export function memberOf(ctx: QueryCtx, userId: Id<"users">): Promise<Member | null> {
  return ctx.db
    .query("members")
    .withIndex("by_userId", (q) => q.eq("userId", userId))
    .unique();
}

const forbidden = (message: string) => new ConvexError({ code: "FORBIDDEN", message });

async function requireMember(ctx: QueryCtx): Promise<{ userId: Id<"users">; member: Member }> {
  const userId = await getAuthUserId(ctx);
  if (userId === null) {
    throw new ConvexError({ code: "SIGNED_OUT", message: "Sign in to use the business console." });
  }
  const member = await memberOf(ctx, userId);
  if (member === null) throw forbidden("This account is not part of the business team.");
  return { userId, member };
}

async function requireOwner(ctx: QueryCtx) {
  const caller = await requireMember(ctx);
  if (caller.member.role !== "owner") throw forbidden("Only the owner can do this.");
  return caller;
}

/** The caller may manage `providerId`: the owner, or that provider's staff. */
async function requireProviderAccess(ctx: QueryCtx, providerId: Id<"providers">) {
  const caller = await requireMember(ctx);
  if (caller.member.role !== "owner" && caller.member.providerId !== providerId) {
    throw forbidden("You can only manage your own calendar.");
  }
  const provider = await ctx.db.get("providers", providerId);
  if (provider === null)
    throw new ConvexError({ code: "NOT_FOUND", message: "That provider no longer exists." });
  return { ...caller, provider };
}

const spendBudget = (ctx: MutationCtx, userId: Id<"users">) => enforceRateLimit(ctx, "console", userId);

export const ownerQuery = zCustomQuery(query, {
  args: {},
  input: async (ctx) => ({ ctx: await requireOwner(ctx), args: {} }),
});

export const ownerMutation = zCustomMutation(mutation, {
  args: {},
  input: async (ctx) => {
    const caller = await requireOwner(ctx);
    await spendBudget(ctx, caller.userId);
    return { ctx: caller, args: {} };
  },
});

const providerArg = { providerId: v.id("providers") };

export const staffQuery = zCustomQuery(query, {
  args: providerArg,
  input: async (ctx, { providerId }) => ({ ctx: await requireProviderAccess(ctx, providerId), args: {} }),
});

export const staffMutation = zCustomMutation(mutation, {
  args: providerArg,
  input: async (ctx, { providerId }) => {
    const caller = await requireProviderAccess(ctx, providerId);
    await spendBudget(ctx, caller.userId);
    return { ctx: caller, args: {} };
  },
});

/** Any team member (owner or staff): what the console shows them first. */
export const memberQuery = zCustomQuery(query, {
  args: {},
  input: async (ctx) => ({ ctx: await requireMember(ctx), args: {} }),
});
