/// <reference types="vite/client" />
// Accounts against probing: one answer for an unknown email and a wrong
// password, and failed sign-ins that slow down (per account, per client)
// instead of locking the account's owner out.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exportJWK, exportPKCS8, generateKeyPair } from "jose";
import { api, internal } from "./_generated/api";
import { FORGET_AFTER_MS, FREE_FAILURES, delayAfter } from "./lib/signInThrottle";
import { INVALID_CREDENTIALS } from "./lib/uniformPassword";
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
  await signInAs("signUp", "ada@example.com", PASSWORD);
});

type Tokens = { token: string } | null;
function signInAs(flow: "signIn" | "signUp", email: string, password: string, client = "tab-1") {
  return t.action(api.auth.signIn, {
    provider: "password",
    params: { flow, email, password, client },
  }) as Promise<{ tokens: Tokens }>;
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
