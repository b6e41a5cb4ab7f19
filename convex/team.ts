// The business team: who may use the console (owner, staff linked to one
// provider) and the one-use invite links that add people to it. The first
// owner is made on purpose: `npm run dev` prints a local owner invite
// (ensureLocalOwnerInvite), and on a deployment an operator runs
// `npx convex run team:makeOwner '{"email": "…"}'` for an existing account.
import { z } from "zod";
import { zid } from "convex-helpers/server/zod4";
import { ConvexError, v } from "convex/values";
import { internalMutation } from "./_generated/server";
import { userMutation, userQuery } from "./lib/sessionFunctions";
import { memberOf, ownerMutation, ownerQuery } from "./lib/roleFunctions";
import { createInvite, usableInvite } from "./lib/invites";
import { recordAudit } from "./lib/audit";
import { enforceRateLimit } from "./lib/rateLimits";

/** The caller's place in the team, or null (signed out, or a customer). */
export const me = userQuery({
  args: {},
  handler: async (ctx) => {
    if (ctx.userId === null) return null;
    const member = await memberOf(ctx, ctx.userId);
    if (member === null) return null;
    const provider =
      member.providerId === undefined ? null : await ctx.db.get("providers", member.providerId);
    return { role: member.role, providerId: member.providerId ?? null, providerName: provider?.name ?? null };
  },
});

/** Members and open invites (never their tokens). */
export const list = ownerQuery({
  args: {},
  handler: async (ctx) => {
    const members = await Promise.all(
      (await ctx.db.query("members").take(200)).map(async (member) => {
        const [user, provider] = await Promise.all([
          ctx.db.get("users", member.userId),
          member.providerId === undefined ? null : ctx.db.get("providers", member.providerId),
        ]);
        return {
          _id: member._id,
          email: user?.email ?? "",
          role: member.role,
          providerName: provider?.name ?? null,
        };
      }),
    );
    const now = Date.now();
    const open = await ctx.db
      .query("invites")
      .withIndex("by_role_and_usedAt", (q) => q.eq("role", "staff").eq("usedAt", undefined))
      .take(100);
    const invites = await Promise.all(
      open
        .filter((invite) => invite.expiresAt > now)
        .map(async (invite) => ({
          _id: invite._id,
          providerName:
            invite.providerId === undefined
              ? null
              : ((await ctx.db.get("providers", invite.providerId))?.name ?? null),
          expiresAt: invite.expiresAt,
        })),
    );
    return { members, invites };
  },
});

/** A one-use link for a staff member of `providerId`. The token is returned only here. */
export const inviteStaff = ownerMutation({
  args: { providerId: zid("providers") },
  handler: async (ctx, { providerId }) => {
    const provider = await ctx.db.get("providers", providerId);
    if (provider === null)
      throw new ConvexError({ code: "NOT_FOUND", message: "That provider no longer exists." });
    if (provider.archivedAt !== undefined)
      throw new ConvexError({
        code: "ARCHIVED",
        message: `${provider.name} is archived: restore them first.`,
      });
    const token = await createInvite(ctx, { role: "staff", providerId, createdBy: ctx.userId });
    await recordAudit(ctx, ctx.userId, "staff.invited", `Invited a staff member for ${provider.name}`);
    return { token };
  },
});

/** An open invite's link stops working (sent to the wrong person, say). */
export const revokeInvite = ownerMutation({
  args: { inviteId: zid("invites") },
  handler: async (ctx, { inviteId }) => {
    const invite = await ctx.db.get("invites", inviteId);
    if (invite === null || invite.usedAt !== undefined || invite.role !== "staff")
      return { ok: false as const };
    await ctx.db.delete("invites", inviteId);
    const provider =
      invite.providerId === undefined ? null : await ctx.db.get("providers", invite.providerId);
    await recordAudit(
      ctx,
      ctx.userId,
      "invite.revoked",
      `Revoked an open staff invite for ${provider?.name ?? "a provider"}`,
    );
    return { ok: true as const };
  },
});

/** Takes a staff member off the team (someone leaving): their console access ends at once. */
export const removeStaff = ownerMutation({
  args: { memberId: zid("members") },
  handler: async (ctx, { memberId }) => {
    const member = await ctx.db.get("members", memberId);
    if (member === null || member.role !== "staff") return { ok: false as const };
    const user = await ctx.db.get("users", member.userId);
    await ctx.db.delete("members", memberId);
    await recordAudit(
      ctx,
      ctx.userId,
      "member.removed",
      `Removed ${user?.email ?? "a staff member"} from the team`,
    );
    return { ok: true as const };
  },
});

export const inviteTokenSchema = z.string().min(20, "This invite link is incomplete.").max(100);

/** The signed-in caller joins the team with an invite link's token (used once). */
export const acceptInvite = userMutation({
  args: { token: inviteTokenSchema },
  handler: async (ctx, { token }) => {
    await enforceRateLimit(ctx, "account", ctx.userId);
    const invite = await usableInvite(ctx, token);
    if ((await memberOf(ctx, ctx.userId)) !== null) {
      throw new ConvexError({
        code: "ALREADY_MEMBER",
        message: "This account is already on the team. Sign in with another account to use this invite.",
      });
    }
    await ctx.db.insert("members", { userId: ctx.userId, role: invite.role, providerId: invite.providerId });
    await ctx.db.patch("invites", invite._id, { usedAt: Date.now() });
    const provider =
      invite.providerId === undefined ? null : await ctx.db.get("providers", invite.providerId);
    await recordAudit(
      ctx,
      ctx.userId,
      "member.joined",
      invite.role === "owner"
        ? "Joined as the owner"
        : `Joined as staff for ${provider?.name ?? "a provider"}`,
    );
    return { role: invite.role };
  },
});

/**
 * For `npm run dev`: while the deployment has no owner, a fresh one-use owner
 * invite (earlier unused ones are revoked). Returns null once an owner exists.
 */
export const ensureLocalOwnerInvite = internalMutation({
  args: {},
  handler: async (ctx) => {
    if (
      (await ctx.db
        .query("members")
        .withIndex("by_role", (q) => q.eq("role", "owner"))
        .first()) !== null
    ) {
      return { token: null };
    }
    const unused = await ctx.db
      .query("invites")
      .withIndex("by_role_and_usedAt", (q) => q.eq("role", "owner").eq("usedAt", undefined))
      .take(100);
    for (const invite of unused) await ctx.db.delete("invites", invite._id);
    const token = await createInvite(ctx, { role: "owner" });
    await recordAudit(ctx, null, "owner.invited", "Made a one-use owner invite for local development");
    return { token };
  },
});

/** On a real deployment: `npx convex run team:makeOwner '{"email":"you@example.com"}'` after signing up. */
export const makeOwner = internalMutation({
  args: { email: v.string() },
  handler: async (ctx, { email }) => {
    const user = await ctx.db
      .query("users")
      .withIndex("email", (q) => q.eq("email", email.trim().toLowerCase()))
      .unique();
    if (user === null)
      throw new ConvexError({ code: "NOT_FOUND", message: `No account for ${email}: sign up first.` });
    const member = await memberOf(ctx, user._id);
    if (member === null) await ctx.db.insert("members", { userId: user._id, role: "owner" });
    else await ctx.db.patch("members", member._id, { role: "owner", providerId: undefined });
    await recordAudit(ctx, null, "member.joined", `Made ${email} an owner`);
    return { ok: true };
  },
});
