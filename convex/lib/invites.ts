// One-use invite links for the console. The token is 32 bytes from the
// CSPRNG, shown once to whoever made the invite; only its SHA-256 is stored,
// so a database read cannot be turned into a working link.
import { ConvexError } from "convex/values";
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Stores a new invite and returns its token (the only time it exists in clear). */
export async function createInvite(
  ctx: MutationCtx,
  invite: { role: "owner" | "staff"; providerId?: Id<"providers">; createdBy?: Id<"users"> },
): Promise<string> {
  const token = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const now = Date.now();
  await ctx.db.insert("invites", {
    ...invite,
    tokenHash: await hashToken(token),
    createdAt: now,
    expiresAt: now + INVITE_TTL_MS,
  });
  return token;
}

/** The unused, unexpired invite for `token`, or a ConvexError saying why not. */
export async function usableInvite(ctx: MutationCtx, token: string): Promise<Doc<"invites">> {
  const tokenHash = await hashToken(token);
  const invite = await ctx.db
    .query("invites")
    .withIndex("by_tokenHash", (q) => q.eq("tokenHash", tokenHash))
    .unique();
  if (invite === null || invite.usedAt !== undefined || invite.expiresAt <= Date.now()) {
    throw new ConvexError({
      code: "INVITE_INVALID",
      message: "This invite link is not valid any more. Ask the owner for a new one.",
    });
  }
  return invite;
}

/** Deletes the provider's unused staff invites, so their links stop working. */
export async function revokeOpenInvites(ctx: MutationCtx, providerId: Id<"providers">): Promise<number> {
  const open = await ctx.db
    .query("invites")
    .withIndex("by_providerId_and_usedAt", (q) => q.eq("providerId", providerId).eq("usedAt", undefined))
    .take(100);
  for (const invite of open) await ctx.db.delete("invites", invite._id);
  return open.length;
}
