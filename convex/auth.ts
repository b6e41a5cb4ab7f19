// Accounts: @convex-dev/auth with email + password. The profile and the
// password rules are the sign-in form's zod schema, so both sides agree.
import { convexAuth } from "@convex-dev/auth/server";
import { UniformPassword } from "./lib/uniformPassword";
import { ConvexError } from "convex/values";
import type { z } from "zod";
import { accountEmailSchema, passwordSchema } from "./forms/accountForm";

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ConvexError({
      code: "INVALID_ACCOUNT",
      message: result.error.issues[0]?.message ?? "Invalid input.",
    });
  }
  return result.data;
}

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [
    UniformPassword({
      profile: (params) => ({ email: parseOrThrow(accountEmailSchema, params.email) }),
      validatePasswordRequirements: (password) => {
        parseOrThrow(passwordSchema, password);
      },
    }),
  ],
  // Failed sign-ins slow down (lib/signInThrottle.ts) instead of the
  // library's hard lock, which shut out the account's owner too.
  signIn: { maxFailedAttempsPerHour: Number.MAX_SAFE_INTEGER },
});
