// The finding this guards against: document IDs were a visible counter, and
// @convex-dev/auth's refresh token is `<authRefreshTokens id>|<authSessions id>`,
// so one sign-up revealed everyone else's refresh tokens. Here an attacker
// signs up after three victims and tries the refresh tokens next to its own:
// it must get no tokens, and the victims must stay signed in.
import { anyApi } from "convex/server";
import { afterAll, beforeAll, expect, test } from "vitest";
import { decodeDocumentId, encodeDocumentId } from "../../src/documentIds.js";
import { ClientPool, startAppBackend, type Backend } from "../helpers.js";
import { mailCatcherPerFile, signUpConfirmed, type Tokens } from "../app/accounts.js";

const api = anyApi;
const clients = new ClientPool();
const PASSWORD = "correct horse battery staple";
/** How far back from its own IDs the attacker looks, for each of the two IDs. */
const REACH = 20;
let backend: Backend;
const env: Record<string, string> = {};
const catcher = mailCatcherPerFile(env);

beforeAll(async () => {
  backend = await startAppBackend(env);
}, 120_000);

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
}, 60_000);

function signUp(email: string): Promise<Tokens> {
  return signUpConfirmed(clients, backend, catcher(), email, PASSWORD);
}

async function refresh(refreshToken: string): Promise<Tokens | null> {
  try {
    const result = (await clients.http(backend).action(api.auth.signIn, { refreshToken })) as {
      tokens: Tokens | null;
    };
    return result.tokens;
  } catch {
    return null;
  }
}

/** The ID `distance` steps before `id`, in whichever format the backend uses. */
function idBefore(id: string, distance: number): string {
  const counter = /^([0-9]+)(\D.*)$/.exec(id);
  if (counter !== null) {
    return (BigInt(counter[1]) - BigInt(distance)).toString().padStart(counter[1].length, "0") + counter[2];
  }
  const decoded = decodeDocumentId(id);
  if (decoded === null) throw new Error(`unrecognised ID format: ${id}`);
  const value = BigInt(`0x${Buffer.from(decoded.internalId).toString("hex")}`) - BigInt(distance);
  const internalId = Buffer.from(value.toString(16).padStart(32, "0").slice(-32), "hex");
  return encodeDocumentId({ tableNumber: decoded.tableNumber, internalId });
}

test("refresh tokens next to one's own take over no account and sign nobody out", async () => {
  const victims = [];
  for (const name of ["ada", "bob", "cy"]) victims.push(await signUp(`${name}@guess.example`));
  const attacker = await signUp("mallory@guess.example");
  const [refreshTokenId, sessionId] = attacker.refreshToken.split("|");

  // Both IDs of one sign-up sit the same distance back, so try those pairs first.
  const offsets: [number, number][] = [];
  for (let a = 1; a <= REACH; a++) for (let b = 1; b <= REACH; b++) offsets.push([a, b]);
  offsets.sort(([a1, b1], [a2, b2]) => Math.abs(a1 - b1) - Math.abs(a2 - b2) || a1 - a2);
  const takenOver: string[] = [];
  for (const [a, b] of offsets) {
    const guess = `${idBefore(refreshTokenId, a)}|${idBefore(sessionId, b)}`;
    if ((await refresh(guess)) !== null) takenOver.push(guess);
  }
  expect(offsets).toHaveLength(REACH * REACH);
  expect(takenOver).toEqual([]);

  for (const victim of victims) expect(await refresh(victim.refreshToken)).not.toBeNull();

  // Convex's ID format: random bits, a table number and a checksum.
  expect(decodeDocumentId(refreshTokenId)).not.toBeNull();
  expect(decodeDocumentId(sessionId)).not.toBeNull();
});
