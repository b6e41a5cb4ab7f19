// Email + password accounts on @convex-dev/auth, wrapped (not forked) so that
// - sign-in says and costs the same whether or not the account exists (an
//   unknown email pays for a dummy hash), behind the progressive throttle
//   (lib/signInThrottle.ts);
// - sign-up says "check your email" whether or not the account exists: a new
//   address gets a code (the library's email-verification flow), a known one
//   an "you already have an account" email (lib/accountEmails.ts);
// - the scrypt work happens here, in the sign-in ACTION, never inside the
//   library's `auth:store` mutation. Mutations run one after another on the
//   deployment's transaction path (on the local backend, its main thread),
//   so 40 sign-ups hashing there stalled every other query. The action hashes
//   and checks passwords itself and hands the store a finished hash; the
//   provider's `crypto` (which the store calls) only passes such a hash on.
import { ConvexCredentials } from "@convex-dev/auth/providers/ConvexCredentials";
import { Email } from "@convex-dev/auth/providers/Email";
import { Password } from "@convex-dev/auth/providers/Password";
import {
  createAccount,
  modifyAccountCredentials,
  signInViaProvider,
  type GenericActionCtxWithAuthConfig,
} from "@convex-dev/auth/server";
import { ConvexError } from "convex/values";
import type { z } from "zod";
import { internal } from "../_generated/api";
import type { DataModel, Id } from "../_generated/dataModel";
import { CODE_DIGITS, accountEmailSchema, codeSchema, passwordSchema } from "../forms/accountForm";
import { PASSWORD_PROVIDER } from "../passwordAccounts";
import { CODE_MINUTES, type AccountEmail } from "./accountEmails";
import { throttleKey } from "./signInThrottle";

type Ctx = GenericActionCtxWithAuthConfig<DataModel>;
type Params = Record<string, unknown>;
type Crypto = {
  hashSecret(secret: string): Promise<string>;
  verifySecret(secret: string, hash: string): Promise<boolean>;
};

// A scrypt hash of a random password nobody knows, in the provider's own format.
const DUMMY_HASH =
  "0fd2017872a0e02c4012faba19466a65:69dfc51b3ad2f53e09f4087a88e06e99ecaf7fc91e7fc67ddb30fa4837014dac71bd9fe4814b239c4b8500fac8f38c1e3e68fa82991334dacfad3661951fcaff";
/** The provider's hash format: hex salt ":" hex key. */
const HASH_FORMAT = /^[0-9a-f]{32}:[0-9a-f]{128}$/;
/** The provider that emails sign-up codes; reached only through this one. */
export const CODE_PROVIDER = "password-code";

export const INVALID_CREDENTIALS = "That email and password don't match an account.";
export const INVALID_CODE =
  "That code is wrong or has expired. Check the latest email, or sign in again for a new one.";

/** @convex-dev/auth's own scrypt (the Password provider's), called from the action. */
function libraryScrypt(): Crypto {
  const options = (Password() as unknown as { options?: { crypto?: Partial<Crypto> } }).options;
  const crypto = options?.crypto;
  if (typeof crypto?.hashSecret !== "function" || typeof crypto.verifySecret !== "function") {
    throw new Error(
      "@convex-dev/auth's Password provider changed shape: update convex/lib/uniformPassword.ts",
    );
  }
  return crypto as Crypto;
}

/**
 * What the store mutation may do with a secret: keep a hash the action made.
 * It never hashes (a plain password here is a bug: refused), and never
 * verifies (the action does; "no" makes a racing sign-up see "exists").
 */
const storeCrypto: Crypto = {
  hashSecret: async (secret) => {
    if (!HASH_FORMAT.test(secret))
      throw new Error("Passwords are hashed in the sign-in action, not in auth:store.");
    return secret;
  },
  verifySecret: async () => false,
};

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

const text = (value: unknown) => (typeof value === "string" ? value : "");

/** A uniformly random code of CODE_DIGITS digits, from the CSPRNG. */
function randomCode(): string {
  const limit = Math.floor(2 ** 32 / 10 ** CODE_DIGITS) * 10 ** CODE_DIGITS;
  const word = new Uint32Array(1);
  do crypto.getRandomValues(word);
  while (word[0] >= limit);
  return String(word[0] % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, "0");
}

async function mail(ctx: Ctx, to: string, email: AccountEmail): Promise<void> {
  await ctx.runMutation(internal.passwordAccounts.sendEmail, { to, email });
}

const codeProvider = Email<DataModel>({
  id: CODE_PROVIDER,
  maxAge: CODE_MINUTES * 60,
  generateVerificationToken: randomCode,
  sendVerificationRequest: async ({ identifier, token }, ...rest: unknown[]) => {
    // The library passes the action's ctx as a second argument.
    await mail(rest[0] as Ctx, identifier, { kind: "code", code: token });
  },
});

function findAccount(ctx: Ctx, email: string) {
  return ctx.runQuery(internal.passwordAccounts.find, { email });
}

/**
 * The library builds a magic-link URL for every code it sends, from SITE_URL
 * unless the params carry a `redirectTo` that the config's redirect callback
 * answers. Our emails carry the code only (the URL is dropped), so this
 * sentinel and `codeRedirect` spare deployments a SITE_URL they don't need.
 */
const CODE_ONLY = "/code-only";

export async function codeRedirect({ redirectTo }: { redirectTo: string }): Promise<string> {
  if (redirectTo !== CODE_ONLY) throw new Error("This deployment has no sign-in redirects.");
  return "https://tabbook.invalid/code-only";
}

function emailCode(ctx: Ctx, accountId: Id<"authAccounts">, params: Record<string, string>) {
  return signInViaProvider(ctx, codeProvider, { accountId, params: { ...params, redirectTo: CODE_ONLY } });
}

export function UniformPassword() {
  const scrypt = libraryScrypt();

  async function throttled<T>(
    ctx: Ctx,
    params: Params,
    attempt: (email: string) => Promise<T | null>,
    failure: string,
  ) {
    const parsed = accountEmailSchema.safeParse(params.email);
    const email = parsed.success ? parsed.data : text(params.email);
    const accountKey = await throttleKey("account", email);
    const keys = [accountKey, await throttleKey("client", text(params.client).slice(0, 100))];
    await ctx.runMutation(internal.signInThrottle.check, { keys });
    const result = parsed.success ? await attempt(email) : null;
    if (result === null) {
      await ctx.runMutation(internal.signInThrottle.fail, { keys });
      throw new ConvexError({
        code: failure,
        message: failure === "INVALID_CODE" ? INVALID_CODE : INVALID_CREDENTIALS,
      });
    }
    await ctx.runMutation(internal.signInThrottle.succeed, { key: accountKey });
    return result;
  }

  /** Always null ("check your email"): what was sent depends on the account, the answer does not. */
  async function signUp(params: Params, ctx: Ctx): Promise<null> {
    const email = parseOrThrow(accountEmailSchema, params.email);
    const secret = await scrypt.hashSecret(parseOrThrow(passwordSchema, params.password));
    const existing = await findAccount(ctx, email);
    if (existing?.verified) {
      await mail(ctx, email, { kind: "exists" });
      return null;
    }
    let accountId: Id<"authAccounts">;
    if (existing === null) {
      try {
        const { account } = await createAccount(ctx, {
          provider: PASSWORD_PROVIDER,
          account: { id: email, secret },
          profile: { email },
        });
        accountId = account._id;
      } catch (error) {
        // Created by a sign-up racing this one.
        if (!(error instanceof Error && /already exists/.test(error.message))) throw error;
        await mail(ctx, email, { kind: "exists" });
        return null;
      }
    } else {
      // Never confirmed: whoever can read the inbox gets the account, with the
      // password they chose. Someone who signed up with another's address first
      // keeps nothing.
      await modifyAccountCredentials(ctx, { provider: PASSWORD_PROVIDER, account: { id: email, secret } });
      accountId = existing.accountId;
    }
    await emailCode(ctx, accountId, { email });
    return null;
  }

  function signIn(params: Params, ctx: Ctx) {
    return throttled(
      ctx,
      params,
      async (email) => {
        const account = await findAccount(ctx, email);
        // An unknown email pays for a hash too.
        const matches = await scrypt.verifySecret(text(params.password), account?.secret ?? DUMMY_HASH);
        if (account === null || account.secret === null || !matches) return null;
        if (account.verified) return { userId: account.userId };
        // Right password, email never confirmed: a fresh code, and the tab asks for it.
        await emailCode(ctx, account.accountId, { email });
        return "code-sent" as const;
      },
      "INVALID_CREDENTIALS",
    );
  }

  function confirmEmail(params: Params, ctx: Ctx) {
    return throttled(
      ctx,
      params,
      async (email) => {
        const code = codeSchema.safeParse(params.code);
        const account = code.success ? await findAccount(ctx, email) : null;
        if (!code.success || account === null) return null;
        // The library checks the code's hash, its email and its expiry, and uses it up.
        return emailCode(ctx, account.accountId, { email, code: code.data }).catch(() => null);
      },
      "INVALID_CODE",
    );
  }

  return ConvexCredentials<DataModel>({
    id: PASSWORD_PROVIDER,
    authorize: async (params, ctx) => {
      switch (params.flow) {
        case "signUp":
          return signUp(params, ctx);
        case "signIn": {
          const result = await signIn(params, ctx);
          return result === "code-sent" ? null : result;
        }
        case "email-verification":
          return confirmEmail(params, ctx);
        default:
          throw new ConvexError({ code: "INVALID_ACCOUNT", message: "Unknown sign-in step." });
      }
    },
    crypto: storeCrypto,
    extraProviders: [codeProvider],
  });
}
