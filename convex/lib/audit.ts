// The console's audit trail: one row per change (who, what, when), written
// in the same mutation as the change. Summaries name services, providers and
// booking references, never a customer's details.
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";

export type AuditAction =
  | "owner.invited"
  | "member.joined"
  | "member.removed"
  | "staff.invited"
  | "invite.revoked"
  | "service.created"
  | "service.updated"
  | "service.archived"
  | "service.restored"
  | "provider.created"
  | "provider.updated"
  | "provider.archived"
  | "provider.restored"
  | "override.set"
  | "override.removed"
  | "timeOff.added"
  | "timeOff.removed"
  | "booking.cancelled"
  | "booking.moved"
  | "booking.linkRevoked"
  | "settings.updated";

export async function recordAudit(
  ctx: MutationCtx,
  actorId: Id<"users"> | null,
  action: AuditAction,
  summary: string,
): Promise<void> {
  const user = actorId === null ? null : await ctx.db.get("users", actorId);
  await ctx.db.insert("auditLog", {
    at: Date.now(),
    actorId: actorId ?? undefined,
    actor: actorId === null ? "system (npx convex run)" : (user?.email ?? "unknown account"),
    action,
    summary,
  });
}
