// Accounts on the app's backend as a person makes one: sign up, read the
// emailed code from an SMTP catcher the backend sends to, enter the code.
import { afterAll, beforeAll, expect, vi } from "vitest";
import { anyApi } from "convex/server";
import { startMailCatcher, type MailCatcher } from "../../mailCatcher.js";
import type { Backend, ClientPool } from "../helpers.js";

export type Tokens = { token: string; refreshToken: string };

/**
 * Starts an SMTP catcher for the file (before the backend: register this
 * first) and fills `env` with the mail settings that point the backend at it.
 */
export function mailCatcherPerFile(env: Record<string, string>): () => MailCatcher {
  let catcher: MailCatcher | undefined;
  beforeAll(async () => {
    catcher = await startMailCatcher();
    env.SMTP_URL = `smtp://127.0.0.1:${catcher.smtpPort}`;
    env.APP_URL = "http://127.0.0.1:9";
  });
  afterAll(() => catcher?.close());
  return () => catcher!;
}

const CODE_SUBJECT = /^Your tabbook code: (\d{8})$/;

/** Signs up, reads the code from the caught email, confirms: the account's first tokens. */
export async function signUpConfirmed(
  clients: ClientPool,
  backend: Backend,
  catcher: MailCatcher,
  email: string,
  password: string,
): Promise<Tokens> {
  const signIn = (params: Record<string, string>) =>
    clients.http(backend).action(anyApi.auth.signIn, { provider: "password", params }) as Promise<{
      tokens: Tokens | null;
    }>;
  expect((await signIn({ flow: "signUp", email, password })).tokens).toBeNull();
  const code = await vi.waitFor(
    () => {
      const message = catcher.messages.find((m) => m.to.includes(email) && CODE_SUBJECT.test(m.subject));
      if (message === undefined) throw new Error(`no code email to ${email} yet`);
      return CODE_SUBJECT.exec(message.subject)![1];
    },
    { timeout: 20_000, interval: 50 },
  );
  const { tokens } = await signIn({ flow: "email-verification", email, code });
  if (tokens === null) throw new Error(`confirming ${email} gave no tokens`);
  return tokens;
}
