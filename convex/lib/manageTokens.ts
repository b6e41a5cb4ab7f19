// Manage-link tokens: 256 bits from the CSPRNG, given out once (confirmation
// page, emails, .ics) and stored only as their SHA-256, found through an index.
import type { Doc, Id } from "../_generated/dataModel";
import type { MutationCtx, QueryCtx } from "../_generated/server";
import { MANAGE_TOKEN_BYTES } from "../forms/manageForm";

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** A link token: MANAGE_TOKEN_BYTES from the CSPRNG, base64url. */
export function newLinkToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(MANAGE_TOKEN_BYTES)));
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new token for the booking: the raw token is returned, only its hash is stored. */
export async function mintManageToken(
  ctx: MutationCtx,
  bookingId: Id<"bookings">,
): Promise<{ token: string; tokenId: Id<"manageTokens"> }> {
  const token = newLinkToken();
  const tokenId = await ctx.db.insert("manageTokens", {
    bookingId,
    tokenHash: await hashToken(token),
    createdAt: Date.now(),
  });
  return { token, tokenId };
}

export async function findManageToken(ctx: QueryCtx, token: string): Promise<Doc<"manageTokens"> | null> {
  const tokenHash = await hashToken(token);
  return ctx.db
    .query("manageTokens")
    .withIndex("by_tokenHash", (q) => q.eq("tokenHash", tokenHash))
    .unique();
}

/** At most a handful per booking: one per email with a link, one per confirmation page. */
const MAX_TOKENS_PER_BOOKING = 200;

function tokensOf(ctx: QueryCtx, bookingId: Id<"bookings">) {
  return ctx.db
    .query("manageTokens")
    .withIndex("by_bookingId", (q) => q.eq("bookingId", bookingId))
    .take(MAX_TOKENS_PER_BOOKING);
}

function grantsOf(ctx: QueryCtx, bookingId: Id<"bookings">) {
  return ctx.db
    .query("manageGrants")
    .withIndex("by_bookingId", (q) => q.eq("bookingId", bookingId))
    .take(MAX_TOKENS_PER_BOOKING);
}

/** Every link of the booking stops working, in open tabs too. */
export async function revokeAllTokens(ctx: MutationCtx, bookingId: Id<"bookings">): Promise<void> {
  for (const token of await tokensOf(ctx, bookingId)) await ctx.db.delete("manageTokens", token._id);
  for (const grant of await grantsOf(ctx, bookingId)) await ctx.db.delete("manageGrants", grant._id);
}

/** A rescheduled booking's links (and tabs that opened them) now manage its replacement. */
export async function moveTokens(ctx: MutationCtx, from: Id<"bookings">, to: Id<"bookings">): Promise<void> {
  for (const token of await tokensOf(ctx, from))
    await ctx.db.patch("manageTokens", token._id, { bookingId: to });
  for (const grant of await grantsOf(ctx, from))
    await ctx.db.patch("manageGrants", grant._id, { bookingId: to });
}
