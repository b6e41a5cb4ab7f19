/// <reference types="vite/client" />
// Page-hide beacons cannot send an Authorization header, so a signed-in tab
// puts its access token in the body; the routes verify it against the
// deployment's JWKS and issuer (convex/lib/beaconUser.ts).
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SignJWT, type CryptoKey } from "jose";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import {
  EMPTY_DETAILS,
  MONDAY_8AM,
  VALID_DETAILS,
  addClinic,
  appData,
  beat,
  elapse,
  freezeClockEachTest,
  newSigningKeys,
  newBackend,
  signedInTabAtReview,
  tuesdayAt,
  type Backend,
  addAdaAndBob,
  type User,
} from "./test.fixtures";

const ISSUER = "https://tabbook.example";
const TEN = tuesdayAt(10);
const TIMEOUT_MS = 30_000;

let signingKey: CryptoKey;
let strangersKey: CryptoKey;
let jwks: string;
beforeAll(async () => {
  ({ signingKey, strangersKey, jwks } = await newSigningKeys());
});

freezeClockEachTest(MONDAY_8AM);
let t: Backend;
let ada: User;
let bob: User;
let tab: SessionId;
beforeEach(async () => {
  vi.stubEnv("JWKS", jwks);
  vi.stubEnv("CONVEX_SITE_URL", ISSUER);
  vi.stubEnv("TABBOOK_HEARTBEAT_TIMEOUT_SECONDS", String(TIMEOUT_MS / 1000));
  t = newBackend();
  const clinic = await addClinic(t);
  ({ ada, bob } = await addAdaAndBob(t));
  tab = await signedInTabAtReview(t, ada.as, { ...clinic, providerChoice: "any", start: TEN });
});

/** An access token as @convex-dev/auth issues it ("<userId>|<auth session>"), with overrides. */
function accessToken(
  userId: Id<"users">,
  { key = signingKey, issuer = ISSUER, expiresAt = MONDAY_8AM / 1000 + 3600 } = {},
) {
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256" })
    .setSubject(`${userId}|auth-session`)
    .setIssuer(issuer)
    .setAudience("convex")
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);
}
const post = (path: string, body: object) =>
  t.fetch(path, { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(body) });

const typed = { ...EMPTY_DETAILS, name: "Ada Byron" };
const UNPROVEN: [string, () => Promise<string | undefined>][] = [
  ["no token", async () => undefined],
  ["another user's token", () => accessToken(bob.userId)],
  ["a token signed with another key", () => accessToken(ada.userId, { key: strangersKey })],
  ["a token from another issuer", () => accessToken(ada.userId, { issuer: "https://elsewhere.example" })],
  ["an expired token", () => accessToken(ada.userId, { expiresAt: MONDAY_8AM / 1000 - 1 })],
];

describe("POST /drafts/flush for a signed-in tab", () => {
  it("saves the details when the beacon carries the user's token", async () => {
    const token = await accessToken(ada.userId);
    const response = await post("/drafts/flush", { sessionId: tab, details: typed, rev: 5, token });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ saved: true, rev: 5 });
    expect(await ada.as.query(api.drafts.get, { sessionId: tab })).toMatchObject({
      details: typed,
      detailsRev: 5,
    });
  });

  it.each(UNPROVEN)("refuses a beacon with %s and saves nothing", async (_, token) => {
    const before = await appData(t);
    const response = await post("/drafts/flush", {
      sessionId: tab,
      details: typed,
      rev: 5,
      token: await token(),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text())).toMatchObject({ code: "SIGNED_OUT" });
    expect(await appData(t)).toEqual(before);
    expect((await ada.as.query(api.drafts.get, { sessionId: tab }))?.details).toEqual(VALID_DETAILS);
  });
});

describe("POST /heartbeats/leave for a signed-in tab", () => {
  beforeEach(async () => {
    await beat(ada.as, tab, 1, false); // hidden: its hold is safe through silence
  });
  const heldStart = async () => (await ada.as.query(api.holds.mine, { sessionId: tab }))?.start ?? null;

  it("with the user's token, makes silence count: the hold goes one timeout later", async () => {
    const response = await post("/heartbeats/leave", {
      sessionId: tab,
      seq: 2,
      token: await accessToken(ada.userId),
    });
    expect(response.status).toBe(200);
    await elapse(t, TIMEOUT_MS - 1);
    expect(await heldStart()).toBe(TEN);
    await elapse(t, 1);
    expect(await heldStart()).toBeNull();
  });

  it.each(UNPROVEN)("with %s, is refused: the hidden tab keeps its hold", async (_, token) => {
    const before = await appData(t);
    const response = await post("/heartbeats/leave", { sessionId: tab, seq: 2, token: await token() });
    expect(response.status).toBe(400);
    expect(JSON.parse(await response.text())).toMatchObject({ code: "SIGNED_OUT" });
    expect(await appData(t)).toEqual(before);
    await elapse(t, 2 * TIMEOUT_MS);
    expect(await heldStart()).toBe(TEN);
  });
});
