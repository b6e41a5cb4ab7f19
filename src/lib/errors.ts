// Messages for what the server answers or throws, written once for every step.
import { ConvexError } from "convex/values";

/** A message fit for the person using the app, from whatever a call threw. */
export function userMessage(error: unknown, fallback: string): string {
  if (error instanceof ConvexError) {
    const data = error.data as { message?: string } | string;
    return typeof data === "string" ? data : (data.message ?? fallback);
  }
  return fallback;
}

/**
 * The server's `busy` answer: the time is free, but guests and new accounts
 * have already claimed their share of that provider's day (a limit that
 * keeps a script from blocking the whole calendar).
 */
export const NEWCOMER_SHARE_FULL =
  "Online booking for new customers is full with this provider that day. Please choose another day or provider, or call us.";

/** Another tab took the time first (picking it, on the hold's banner, or at confirm). Choices and details stay. */
export const TIME_TAKEN =
  "That time was just taken. Your other choices are kept; please choose another time.";
