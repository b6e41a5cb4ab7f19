// The local backend verifies a signed-in request's token as Convex does, without
// re-fetching what it already knows for every request, and remembers a token
// it verified only while a new verification would give the same answer.
import { afterEach, describe, expect, it, vi } from "vitest";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { AuthError, TokenVerifier } from "./auth.js";

const SITE = "https://site.example";

describe("TokenVerifier", () => {
  it("asks for OIDC discovery and keys once, not on every token it verifies", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    const documents: Record<string, unknown> = {
      [`${SITE}/.well-known/openid-configuration`]: { jwks_uri: `${SITE}/.well-known/jwks.json` },
      [`${SITE}/.well-known/jwks.json`]: { keys: [jwk] },
    };
    const fetchUrl = vi.fn((url: string) => Promise.resolve(Response.json(documents[url])));
    const verifier = new TokenVerifier(
      () => Promise.resolve([{ domain: SITE, applicationID: "convex" }]),
      fetchUrl,
    );
    const token = () =>
      new SignJWT({})
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer(SITE)
        .setAudience("convex")
        .setSubject("user|session")
        .setExpirationTime("1h")
        .sign(privateKey);
    for (let i = 0; i < 3; i++)
      expect((await verifier.verify(await token())).identity.subject).toBe("user|session");
    expect(fetchUrl).toHaveBeenCalledTimes(2);
  });
});

describe("TokenVerifier remembers verified tokens", () => {
  const KEYS_URL = `${SITE}/.well-known/jwks.json`;

  async function keyPair(kid: string) {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
  }
  type Key = Awaited<ReturnType<typeof keyPair>>;
  const sign = (key: Key, subject: string, expiresIn = "1h") =>
    new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: key.jwk.kid })
      .setIssuer(SITE)
      .setAudience("convex")
      .setSubject(subject)
      .setExpirationTime(expiresIn)
      .sign(key.privateKey);

  /** A verifier whose provider serves `published` as its keys (changeable), and its providers (replaceable). */
  function verifierServing(published: { keys: Key[] }) {
    const config = { providers: [{ domain: SITE, applicationID: "convex" }] };
    const documents = (url: string): unknown =>
      url === KEYS_URL ? { keys: published.keys.map((k) => k.jwk) } : { jwks_uri: KEYS_URL };
    const verifier = new TokenVerifier(
      () => Promise.resolve(config.providers),
      (url) => Promise.resolve(Response.json(documents(url))),
    );
    return { verifier, config };
  }

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("checks a token's signature once, and gives each token its own identity", async () => {
    const key = await keyPair("k1");
    const { verifier } = verifierServing({ keys: [key] });
    const ana = await sign(key, "ana|s1");
    const ben = await sign(key, "ben|s2");
    const signatureChecks = vi.spyOn(crypto.subtle, "verify");
    for (let i = 0; i < 3; i++) {
      expect((await verifier.verify(ana)).identity.subject).toBe("ana|s1");
      expect((await verifier.verify(ben)).identity.subject).toBe("ben|s2");
    }
    expect(signatureChecks).toHaveBeenCalledTimes(2);
    // Ben's claims under Ana's signature: not Ana's remembered answer, and not valid.
    const [header, , signature] = ana.split(".");
    const forged = [header, ben.split(".")[1], signature].join(".");
    await expect(verifier.verify(forged)).rejects.toThrow(AuthError);
  });

  it("refuses a remembered token once it has expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const key = await keyPair("k1");
    const { verifier } = verifierServing({ keys: [key] });
    const token = await sign(key, "ana|s1", "2m");
    expect((await verifier.verify(token)).identity.subject).toBe("ana|s1");
    vi.setSystemTime(Date.now() + 2 * 60_000 + 1);
    await expect(verifier.verify(token)).rejects.toThrow(/exp/);
  });

  /** A token verified once with key k1, after which the provider publishes only k2. */
  async function verifiedThenRotated() {
    const [old, next] = [await keyPair("k1"), await keyPair("k2")];
    const published = { keys: [old] };
    const { verifier } = verifierServing(published);
    const token = await sign(old, "ana|s1");
    await verifier.verify(token);
    published.keys = [next];
    return { verifier, token, next };
  }

  it("refuses a remembered token whose key was dropped, once the keys are fetched again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const { verifier, token } = await verifiedThenRotated();
    // The keys are due to be fetched again after five minutes.
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1);
    await expect(verifier.verify(token)).rejects.toThrow(AuthError);
  });

  it("refuses a remembered token whose key was dropped when another token made the keys be fetched again", async () => {
    const { verifier, token, next } = await verifiedThenRotated();
    expect((await verifier.verify(await sign(next, "ben|s2"))).identity.subject).toBe("ben|s2");
    await expect(verifier.verify(token)).rejects.toThrow(AuthError);
  });

  it("refuses a remembered token once auth.config.ts no longer names its issuer", async () => {
    const key = await keyPair("k1");
    const { verifier, config } = verifierServing({ keys: [key] });
    const token = await sign(key, "ana|s1");
    await verifier.verify(token);
    config.providers = [{ domain: "https://other.example", applicationID: "convex" }];
    await expect(verifier.verify(token)).rejects.toThrow(/No auth provider/);
  });
});
