// `beforeLoad` guards for the business console: signed in, on the team, and
// (for owner pages, or a provider's calendar) allowed this page. A refusal
// is a ConsoleRefusal, shown by the console's error view; the server refuses
// the same calls in its builders anyway, so the guard only spares a failed page.
import { redirect } from "@tanstack/react-router";
import { api } from "../../convex/_generated/api";
import type { RouterContext } from "./routerContext";

export class ConsoleRefusal extends Error {
  constructor(
    message: string,
    readonly ownProviderId: string | null = null,
  ) {
    super(message);
    this.name = "ConsoleRefusal";
  }
}

export type ConsoleMember = NonNullable<Awaited<ReturnType<typeof loadMember>>>;

function loadMember(context: RouterContext) {
  return context.convex.query(api.team.me, {});
}

export async function guardConsole(
  context: RouterContext,
  pathname: string,
): Promise<{ member: ConsoleMember }> {
  if (!context.isAuthenticated) throw redirect({ to: "/signin", search: { redirect: pathname } });
  const member = await loadMember(context);
  if (member === null) {
    throw new ConsoleRefusal(
      "This account is not part of the business team. Ask the owner for an invite link, or sign in with your team account.",
    );
  }
  return { member };
}

export function requireOwner(member: ConsoleMember): void {
  if (member.role !== "owner") {
    throw new ConsoleRefusal("Only the owner can open this page.", member.providerId);
  }
}

/** Staff may open only their own provider's pages; the owner any. */
export function requireProvider(member: ConsoleMember, providerId: string): void {
  if (member.role !== "owner" && member.providerId !== providerId) {
    throw new ConsoleRefusal("You can only see and manage your own calendar.", member.providerId);
  }
}
