// The local backend verifies a signed-in request's token as Convex does, without
// re-fetching what it already knows for every request.
import { describe, expect, it, vi } from "vitest";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { TokenVerifier } from "./auth.js";

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
