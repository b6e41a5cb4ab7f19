// @convex-dev/auth on the local backend: the JWT key pair the backend
// generates on first start is what the library signs with, and the backend
// verifies those tokens over WebSocket and HTTP like a deployment.
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { anyApi } from "convex/server";
import { ClientPool, startBackend, type Backend } from "./helpers.js";

const api = anyApi;
const FUNCTIONS_DIR = path.join(import.meta.dirname, "fixtures", "convex-auth", "convex");
const clients = new ClientPool();
let backend: Backend;

type Tokens = { token: string; refreshToken: string };
type WhoAmI = { userId: string | null; issuer: string | null };

beforeAll(async () => {
  backend = await startBackend({ functionsDir: FUNCTIONS_DIR });
});

afterAll(async () => {
  await clients.closeAll();
  await backend?.stop();
});

async function passwordSignIn(flow: "signUp" | "signIn", email: string, password: string): Promise<Tokens> {
  const result = (await clients
    .http(backend)
    .action(api.auth.signIn, { provider: "password", params: { email, password, flow } })) as {
    tokens: Tokens | null;
  };
  if (result.tokens === null) throw new Error("no tokens");
  return result.tokens;
}

test("sign-up gives a token that authenticates a WebSocket client and the HTTP API", async () => {
  const { token } = await passwordSignIn("signUp", "ada@example.com", "correct horse battery staple");
  const client = clients.ws(backend);
  const authenticated = await new Promise<boolean>((resolve) =>
    client.setAuth(() => Promise.resolve(token), resolve),
  );
  expect(authenticated).toBe(true);
  const me = (await client.query(api.me.whoami, {})) as WhoAmI;
  expect(me.userId).toEqual(expect.any(String));
  expect(me.issuer).toBe(backend.siteUrl);

  const http = clients.http(backend);
  http.setAuth(token);
  expect(await http.query(api.me.whoami, {})).toEqual(me);
});

test("sign-in with the right password and a refresh token work; a wrong password does not", async () => {
  await passwordSignIn("signUp", "grace@example.com", "another long passphrase");
  const signedIn = await passwordSignIn("signIn", "grace@example.com", "another long passphrase");
  const refreshed = (await clients
    .http(backend)
    .action(api.auth.signIn, { refreshToken: signedIn.refreshToken })) as {
    tokens: Tokens | null;
  };
  expect(refreshed.tokens?.token).toEqual(expect.any(String));
  const http = clients.http(backend);
  http.setAuth(refreshed.tokens!.token);
  expect(((await http.query(api.me.whoami, {})) as WhoAmI).userId).toEqual(expect.any(String));

  await expect(passwordSignIn("signIn", "grace@example.com", "not the passphrase")).rejects.toThrow(
    /InvalidSecret/,
  );
});

test("without a token a function sees no user", async () => {
  expect(await clients.http(backend).query(api.me.whoami, {})).toEqual({ userId: null, issuer: null });
});
