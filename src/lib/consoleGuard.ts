// `beforeLoad` guards for the business console: signed in, on the team, and
// (for owner pages, or a provider's calendar) allowed this page. A refusal
// redirects to /not-allowed with the reason, so the page never renders; the
// server refuses the same calls in its builders anyway.
import { redirect } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import type { RouterContext } from "./routerContext";

export const REFUSALS = {
  team: "This account is not part of the business team. Ask the owner for an invite link, or sign in with your team account.",
  owner: "Only the owner can open this page.",
  calendar: "You can only see and manage your own calendar.",
} as const;

export type Refusal = keyof typeof REFUSALS;

export type ConsoleMember = NonNullable<Awaited<ReturnType<typeof loadMember>>>;

function loadMember(context: RouterContext) {
  return context.convex.query(api.team.me, {});
}

function refuse(reason: Refusal): never {
  throw redirect({ to: "/not-allowed", search: { reason }, replace: true });
}

export async function guardConsole(
  context: RouterContext,
  pathname: string,
): Promise<{ member: ConsoleMember }> {
  if (!(await context.session.signedIn())) throw redirect({ to: "/signin", search: { redirect: pathname } });
  const member = await loadMember(context);
  if (member === null) refuse("team");
  return { member };
}

export function requireOwner(member: ConsoleMember): void {
  if (member.role !== "owner") refuse("owner");
}

/** Staff may open only their own provider's pages (and not everyone's agenda); the owner any. */
export function requireProvider(member: ConsoleMember, providerId: string): void {
  if (member.role !== "owner" && member.providerId !== providerId) refuse("calendar");
}
