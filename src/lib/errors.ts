import { ConvexError } from "convex/values";

/** A message fit for the person using the app, from whatever a call threw. */
export function userMessage(error: unknown, fallback: string): string {
  if (error instanceof ConvexError) {
    const data = error.data as { message?: string } | string;
    return typeof data === "string" ? data : (data.message ?? fallback);
  }
  return fallback;
}
