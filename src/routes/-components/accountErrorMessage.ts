import { userMessage } from "../../lib/errors";
import type { AccountForm } from "../../../convex/forms/accountForm";

/** @convex-dev/auth reports failures by name in the error text; say what they mean. */
export function accountErrorMessage(error: unknown, flow: AccountForm["flow"]): string {
  const text = error instanceof Error ? error.message : "";
  if (flow === "signIn" && /InvalidSecret|InvalidAccountId|Invalid credentials/i.test(text)) {
    return "That email and password don't match an account.";
  }
  if (flow === "signUp" && /already exists/i.test(text)) {
    return "There is already an account with this email. Sign in instead.";
  }
  if (/TooManyFailedAttempts|rate/i.test(text)) return "Too many attempts. Wait a minute and try again.";
  return userMessage(error, "Couldn't sign you in. Check your connection and try again.");
}
