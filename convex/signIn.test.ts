/// <reference types="vite/client" />
// Accounts against probing: one answer for an unknown email and a wrong
// password, one answer for a new and a taken email at sign-up (the inbox
// learns which), codes that confirm the email, and failed sign-ins that slow
// down (per account, per client) instead of locking the account's owner out.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { api, internal } from "./_generated/api";
import { FORGET_AFTER_MS, FREE_FAILURES, delayAfter } from "./lib/signInThrottle";
import { INVALID_CODE, INVALID_CREDENTIALS } from "./lib/uniformPassword";
import { CODE_MINUTES } from "./lib/accountEmails";
import { MONDAY_8AM, freezeClockEachTest, newBackend, rejection, type Backend } from "./test.fixtures";

const PASSWORD = "correct horse battery staple";
const WRONG = "not the password at all";
let keys: { JWT_PRIVATE_KEY: string; JWKS: string };

beforeAll(async () => {
  const pair = await generateKeyPair("RS256", { extractable: true });
  keys = {
    JWT_PRIVATE_KEY: (await exportPKCS8(pair.privateKey)).trimEnd().replace(/\n/g, " "),
    JWKS: JSON.stringify({ keys: [{ use: "sig", ...(await exportJWK(pair.publicKey)) }] }),
  };
});

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
beforeEach(async () => {
  for (const [name, value] of Object.entries(keys)) vi.stubEnv(name, value);
  vi.stubEnv("CONVEX_SITE_URL", "https://tabbook.example");
  vi.stubEnv("AUTH_LOG_LEVEL", "ERROR");
  t = newBackend();
  await signUpConfirmed("ada@example.com", PASSWORD);
});

type Tokens = { token: string } | null;
function signInAs(flow: "signIn" | "signUp", email: string, password: string, client = "tab-1") {
  return t.action(api.auth.signIn, {
    provider: "password",
    params: { flow, email, password, client },
  }) as Promise<{ tokens: Tokens }>;
}

function confirmCode(email: string, code: string, client = "tab-1") {
  return t.action(api.auth.signIn, {
    provider: "password",
    params: { flow: "email-verification", email, code, client },
  }) as Promise<{ tokens: Tokens }>;
}

type Sent = { to: string; email: { kind: "code"; code: string } | { kind: "exists" } };

/** The account emails scheduled so far, oldest first (the mailer action sends them). */
async function accountMail(to: string): Promise<Sent["email"][]> {
  const jobs = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
  return jobs
    .filter((job) => job.name.startsWith("accountMailer"))
    .map((job) => job.args[0] as Sent)
    .filter((sent) => sent.to === to)
    .map((sent) => sent.email);
}

async function latestCode(email: string): Promise<string> {
  const codes = (await accountMail(email)).flatMap((sent) => (sent.kind === "code" ? [sent.code] : []));
  expect(codes.length).toBeGreaterThan(0);
  return codes[codes.length - 1];
}

async function signUpConfirmed(email: string, password: string) {
  expect((await signInAs("signUp", email, password)).tokens).toBeNull();
  const { tokens } = await confirmCode(email, await latestCode(email));
  expect(tokens).not.toBeNull();
}

describe("sign-in answers", () => {
  it("are the same for an unknown email and a wrong password", async () => {
    const wrongPassword = await rejection(signInAs("signIn", "ada@example.com", WRONG));
    const unknownEmail = await rejection(signInAs("signIn", "nobody@example.com", WRONG, "tab-2"));
    expect(wrongPassword).toEqual({ code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS });
    expect(unknownEmail).toEqual(wrongPassword);
    expect((await signInAs("signIn", "ada@example.com", PASSWORD, "tab-3")).tokens).not.toBeNull();
  });
});

describe("failed sign-ins", () => {
  /** Fails `times` times, waiting out each delay as a patient attacker would. */
  async function failPatiently(email: string, times: number, client = "tab-1") {
    for (let i = 0; i < times; i++) {
      vi.advanceTimersByTime(delayAfter(i));
      expect(await rejection(signInAs("signIn", email, WRONG, client))).toMatchObject({
        code: "INVALID_CREDENTIALS",
      });
    }
  }

  it("slow down after a few, and the owner gets in once the wait is over: no lockout", async () => {
    await failPatiently("ada@example.com", FREE_FAILURES + 7);
    const waiting = (await rejection(signInAs("signIn", "ada@example.com", PASSWORD, "owner-tab"))) as {
      code: string;
      retryAt: number;
    };
    expect(waiting.code).toBe("SLOW_DOWN");
    expect(waiting.retryAt).toBe(Date.now() + delayAfter(FREE_FAILURES + 7));

    vi.advanceTimersByTime(delayAfter(FREE_FAILURES + 7));
    expect((await signInAs("signIn", "ada@example.com", PASSWORD, "owner-tab")).tokens).not.toBeNull();
    // Success resets the account's count: the next typo costs no wait.
    await rejection(signInAs("signIn", "ada@example.com", WRONG, "owner-tab"));
    expect((await signInAs("signIn", "ada@example.com", PASSWORD, "owner-tab")).tokens).not.toBeNull();
  });

  it("slow down an unknown email exactly as a known one, so the wait tells nothing", async () => {
    for (let i = 0; i < FREE_FAILURES + 2; i++) {
      vi.advanceTimersByTime(delayAfter(i));
      await rejection(signInAs("signIn", "nobody@example.com", WRONG, `tab-x${i}`));
      await rejection(signInAs("signIn", "ada@example.com", WRONG, `tab-y${i}`));
    }
    const unknown = await rejection(signInAs("signIn", "nobody@example.com", WRONG, "tab-x2"));
    const known = await rejection(signInAs("signIn", "ada@example.com", WRONG, "tab-y2"));
    expect(unknown).toMatchObject({ code: "SLOW_DOWN" });
    expect(known).toEqual(unknown);
  });

  it("slow down one client trying many accounts, and not another client", async () => {
    for (let i = 0; i < FREE_FAILURES; i++) {
      await rejection(signInAs("signIn", `guess${i}@example.com`, WRONG, "stuffer"));
    }
    expect(await rejection(signInAs("signIn", "ada@example.com", WRONG, "stuffer"))).toMatchObject({
      code: "SLOW_DOWN",
    });
    expect((await signInAs("signIn", "ada@example.com", PASSWORD, "someone-else")).tokens).not.toBeNull();
  });
});

describe("the throttle's table", () => {
  it("forgets failures after an hour, so made-up emails leave no rows behind", async () => {
    for (let i = 0; i < 3; i++)
      await rejection(signInAs("signIn", `made-up${i}@example.com`, WRONG, `c${i}`));
    const rows = () => t.run((ctx) => ctx.db.query("signInThrottles").collect());
    expect(await rows()).toHaveLength(6);
    vi.advanceTimersByTime(FORGET_AFTER_MS - 1);
    expect(await t.mutation(internal.signInThrottle.sweep, {})).toBe(0);
    vi.advanceTimersByTime(2);
    expect(await t.mutation(internal.signInThrottle.sweep, {})).toBe(6);
    expect(await rows()).toEqual([]);
  });
});

describe("sign-up answers", () => {
  it("are the same for a new and a taken email; only the inbox learns which", async () => {
    const taken = await signInAs("signUp", "ada@example.com", "someone else's password", "tab-2");
    const fresh = await signInAs("signUp", "grace@example.com", "a fresh long password", "tab-3");
    expect(taken).toEqual({ tokens: null });
    expect(fresh).toEqual(taken);
    expect((await accountMail("ada@example.com")).at(-1)).toEqual({ kind: "exists" });
    expect((await accountMail("grace@example.com")).at(-1)).toMatchObject({ kind: "code" });
    // The taken account keeps its password.
    expect((await signInAs("signIn", "ada@example.com", PASSWORD, "tab-4")).tokens).not.toBeNull();
    await rejection(signInAs("signIn", "ada@example.com", "someone else's password", "tab-5"));
  });

  it("send one address at most 6 account emails an hour, with the same answer after: no inbox flooding", async () => {
    const sent = await accountMail("ada@example.com"); // the code she confirmed her account with
    for (let i = 0; i < 8; i++) {
      expect(await signInAs("signUp", "ada@example.com", `attempt number ${i} here`, `tab-${i + 2}`)).toEqual(
        {
          tokens: null,
        },
      );
    }
    expect(await accountMail("ada@example.com")).toHaveLength(6);
    expect(sent).toHaveLength(1);
    // An hour on, the budget is back.
    vi.setSystemTime(MONDAY_8AM + 61 * 60_000);
    await signInAs("signUp", "ada@example.com", "one more attempt here", "tab-20");
    expect(await accountMail("ada@example.com")).toHaveLength(7);
  });

  it("sign nobody in until the emailed code is entered; the code works once", async () => {
    await signInAs("signUp", "grace@example.com", PASSWORD);
    // Signing in first sends a fresh code instead of tokens.
    expect((await signInAs("signIn", "grace@example.com", PASSWORD)).tokens).toBeNull();
    const code = await latestCode("grace@example.com");
    expect(code).toMatch(/^\d{8}$/);
    expect((await confirmCode("grace@example.com", code)).tokens).not.toBeNull();
    expect(await rejection(confirmCode("grace@example.com", code))).toEqual({
      code: "INVALID_CODE",
      message: INVALID_CODE,
    });
    expect((await signInAs("signIn", "grace@example.com", PASSWORD)).tokens).not.toBeNull();
  });

  it("refuse a wrong code, another email's code and an expired code alike", async () => {
    await signInAs("signUp", "grace@example.com", PASSWORD);
    await signInAs("signUp", "hal@example.com", PASSWORD);
    const graceCode = await latestCode("grace@example.com");
    const wrong = graceCode === "00000000" ? "00000001" : "00000000";
    expect(await rejection(confirmCode("grace@example.com", wrong))).toMatchObject({ code: "INVALID_CODE" });
    expect(await rejection(confirmCode("hal@example.com", graceCode))).toMatchObject({
      code: "INVALID_CODE",
    });
    vi.advanceTimersByTime(CODE_MINUTES * 60_000 + 1);
    expect(await rejection(confirmCode("grace@example.com", graceCode, "tab-9"))).toMatchObject({
      code: "INVALID_CODE",
    });
  });

  it("give an unconfirmed account to whoever confirms the email: a squatter's password stops working", async () => {
    await signInAs("signUp", "victim@example.com", "squatter's password", "squatter");
    await signUpConfirmed("victim@example.com", "the real owner's password");
    await rejection(signInAs("signIn", "victim@example.com", "squatter's password", "squatter"));
    expect(
      (await signInAs("signIn", "victim@example.com", "the real owner's password")).tokens,
    ).not.toBeNull();
  });

  it("guessing codes slows down like guessing passwords", async () => {
    await signInAs("signUp", "grace@example.com", PASSWORD);
    for (let i = 0; i < FREE_FAILURES; i++) {
      await rejection(confirmCode("grace@example.com", String(10_000_000 + i), "guesser"));
    }
    expect(
      await rejection(confirmCode("grace@example.com", await latestCode("grace@example.com"), "guesser")),
    ).toMatchObject({
      code: "SLOW_DOWN",
    });
  });
});

describe("the auth store mutation", () => {
  it("is handed a finished hash: it refuses to hash a password itself (scrypt stays in the action)", async () => {
    const store = (secret: string) =>
      t.mutation(internal.auth.store, {
        args: {
          type: "createAccountFromCredentials",
          provider: "password",
          account: { id: "plain@example.com", secret },
          profile: { email: "plain@example.com" },
        },
      });
    await expect(store("a plain password here")).rejects.toThrow(/hashed in the sign-in action/);
    const account = await t.run((ctx) => ctx.db.query("authAccounts").first());
    expect(account?.secret).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  });
});
