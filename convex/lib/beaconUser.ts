// `navigator.sendBeacon` cannot send an Authorization header, so a signed-in
// tab's page-hide beacon carries its access token in the body and the HTTP
// action verifies it here, against this deployment's own @convex-dev/auth
// keys (JWKS, issuer CONVEX_SITE_URL), as Convex does for a header token.
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";
import { env } from "../_generated/server";

const MAX_TOKEN_CHARS = 4096;

/** The user a beacon's token proves, or null (no token, or one that fails verification). */
export async function beaconUserId(token: unknown): Promise<string | null> {
  if (typeof token !== "string" || token.length > MAX_TOKEN_CHARS) return null;
  const jwks = env.JWKS;
  const issuer = env.CONVEX_SITE_URL;
  if (jwks === undefined || issuer === undefined) return null;
  try {
    const keys = createLocalJWKSet(JSON.parse(jwks) as JSONWebKeySet);
    const { payload } = await jwtVerify(token, keys, { issuer, audience: "convex" });
    const [userId] = (payload.sub ?? "").split("|");
    return userId === undefined || userId === "" ? null : userId;
  } catch {
    return null;
  }
}
