// What a failed sign-in or sign-up means, in words for the person at the form.
import { userMessage } from "../../lib/errors";

/**
 * The server's own refusals (a wrong email or password, a wait after too
 * many failures) are ConvexErrors with a message; @convex-dev/auth reports
 * its own failures by name in the error text.
 */
export function accountErrorMessage(error: unknown): string {
  return userMessage(error, "Couldn't sign you in. Check your connection and try again.");
}
