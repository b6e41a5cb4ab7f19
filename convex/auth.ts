// Accounts: @convex-dev/auth with email + password, through the app's
// wrapper (lib/uniformPassword.ts): uniform answers, email-confirmed sign-up,
// and password hashing in the sign-in action rather than the store mutation.
import { convexAuth } from "@convex-dev/auth/server";
import { UniformPassword, codeRedirect } from "./lib/uniformPassword";

export const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({
  providers: [UniformPassword()],
  // Failed sign-ins slow down (lib/signInThrottle.ts) instead of the
  // library's hard lock, which shut out the account's owner too.
  signIn: { maxFailedAttempsPerHour: Number.MAX_SAFE_INTEGER },
  callbacks: { redirect: codeRedirect },
});
