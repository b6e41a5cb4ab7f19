// @convex-dev/auth's Password provider, wrapped so that a sign-in says and
// costs the same whether or not the account exists: the library answers an
// unknown email with "InvalidAccountId" in a few ms and a wrong password with
// "InvalidSecret" after a ~150 ms hash, which tells anyone who has an account.
// Here both get one answer, an unknown email pays for a dummy hash, and both
// go through the progressive sign-in throttle (lib/signInThrottle.ts).
import { Password } from "@convex-dev/auth/providers/Password";
import { ConvexCredentials } from "@convex-dev/auth/providers/ConvexCredentials";
import type { GenericActionCtx } from "convex/server";
import { ConvexError } from "convex/values";
import { internal } from "../_generated/api";
import type { DataModel } from "../_generated/dataModel";
import { accountEmailSchema } from "../forms/accountForm";
import { throttleKey } from "./signInThrottle";

type PasswordConfig = NonNullable<Parameters<typeof Password>[0]>;
type Authorize = (
  params: Record<string, unknown>,
  ctx: GenericActionCtx<DataModel>,
) => Promise<{ userId: string; sessionId?: string } | null>;
type ProviderOptions = {
  authorize: Authorize;
  crypto: { verifySecret(secret: string, hash: string): Promise<boolean> };
};

// A scrypt hash of a random password nobody knows, in the provider's own format.
const DUMMY_HASH =
  "0fd2017872a0e02c4012faba19466a65:69dfc51b3ad2f53e09f4087a88e06e99ecaf7fc91e7fc67ddb30fa4837014dac71bd9fe4814b239c4b8500fac8f38c1e3e68fa82991334dacfad3661951fcaff";

export const INVALID_CREDENTIALS = "That email and password don't match an account.";

function passwordOptions(config: PasswordConfig): ProviderOptions {
  // The provider keeps its settings (authorize, crypto) under `options`.
  const options = (Password(config) as unknown as { options?: Partial<ProviderOptions> }).options;
  if (typeof options?.authorize !== "function" || typeof options.crypto?.verifySecret !== "function") {
    throw new Error(
      "@convex-dev/auth's Password provider changed shape: update convex/lib/uniformPassword.ts",
    );
  }
  return options as ProviderOptions;
}

export function UniformPassword(config: PasswordConfig) {
  const options = passwordOptions(config);
  const signIn: Authorize = async (params, ctx) => {
    const parsed = accountEmailSchema.safeParse(params.email);
    const email = parsed.success ? parsed.data : typeof params.email === "string" ? params.email : "";
    const client = typeof params.client === "string" ? params.client.slice(0, 100) : "";
    const accountKey = await throttleKey("account", email);
    const keys = [accountKey, await throttleKey("client", client)];
    await ctx.runMutation(internal.signInThrottle.check, { keys });
    try {
      const result = await options.authorize(params, ctx);
      await ctx.runMutation(internal.signInThrottle.succeed, { key: accountKey });
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : "";
      if (reason !== "InvalidAccountId" && reason !== "InvalidSecret") throw error;
      // Cost an unknown email what a wrong password costs.
      if (reason === "InvalidAccountId")
        await options.crypto.verifySecret(
          typeof params.password === "string" ? params.password : "",
          DUMMY_HASH,
        );
      await ctx.runMutation(internal.signInThrottle.fail, { keys });
      throw new ConvexError({ code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS });
    }
  };
  return ConvexCredentials<DataModel>({
    ...options,
    authorize: (params, ctx) =>
      params.flow === "signIn" ? signIn(params, ctx) : options.authorize(params, ctx),
  } as Parameters<typeof ConvexCredentials<DataModel>>[0]);
}
