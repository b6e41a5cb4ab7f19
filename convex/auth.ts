// Accounts: @convex-dev/auth with email + password. The profile and the
// password rules are the sign-in form's zod schema, so both sides agree.
import { convexAuth } from "@convex-dev/auth/server";
import { Password } from "@convex-dev/auth/providers/Password";
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
    Password({
      profile: (params) => ({ email: parseOrThrow(accountEmailSchema, params.email) }),
      validatePasswordRequirements: (password) => {
        parseOrThrow(passwordSchema, password);
      },
    }),
  ],
});
