// The two emails a sign-up can send. Both answers to "Create account" look
// the same in the tab ("Check your email"); only the inbox's owner learns
// which one it was: a code for a new account, or a note that the account
// already exists.
import { v, type Infer } from "convex/values";
import type { Content } from "./emailTemplates";

/** How long a sign-up code works. */
export const CODE_MINUTES = 15;

export const vAccountEmail = v.union(
  v.object({ kind: v.literal("code"), code: v.string() }),
  v.object({ kind: v.literal("exists") }),
);
export type AccountEmail = Infer<typeof vAccountEmail>;

export function accountEmailContent(email: AccountEmail, appUrl: string): Content {
  switch (email.kind) {
    case "code":
      return {
        subject: `Your tabbook code: ${email.code}`,
        heading: "Confirm your email",
        paragraphs: [
          `Enter this code on the tabbook page where you created your account: ${email.code}`,
          `It works for ${CODE_MINUTES} minutes. If you didn't ask for it, ignore this email.`,
        ],
      };
    case "exists":
      return {
        subject: "You already have a tabbook account",
        heading: "You already have an account",
        paragraphs: [
          "Someone (probably you) tried to create a tabbook account with this email address, but there is one already.",
          "Sign in with your password instead. If you didn't try to create an account, you can ignore this email: nothing has changed.",
        ],
        action: { label: "Sign in", url: `${appUrl}/signin` },
      };
    default: {
      const unknown: never = email;
      throw new Error(`Unknown account email ${JSON.stringify(unknown)}`);
    }
  }
}
