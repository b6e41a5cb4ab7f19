// Verifies user JWTs against the functions dir's auth.config.ts the way a
// Convex deployment does: pick the provider by the token's issuer and
// audience, fetch its keys (OIDC discovery or a customJwt JWKS URL), check
// signature, issuer, audience and expiry, and build the identity with
// tokenIdentifier = iss|sub. Invalid tokens never yield an identity.
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from "jose";
import type { UserIdentity } from "convex/server";

export type AuthProvider =
  | { type?: undefined; domain: string; applicationID: string }
  | { type: "customJwt"; issuer: string; jwks: string; algorithm: string; applicationID?: string };

export class AuthError extends Error {}

export type VerifiedToken = { identity: UserIdentity; expiresAt: number | null };

const STANDARD_CLAIMS: Record<string, keyof UserIdentity> = {
  name: "name",
  given_name: "givenName",
  family_name: "familyName",
  nickname: "nickname",
  preferred_username: "preferredUsername",
  profile: "profileUrl",
  picture: "pictureUrl",
  email: "email",
  email_verified: "emailVerified",
  gender: "gender",
  birthdate: "birthday",
  zoneinfo: "timezone",
  locale: "language",
  phone_number: "phoneNumber",
  phone_number_verified: "phoneNumberVerified",
  address: "address",
  updated_at: "updatedAt",
};
const REGISTERED_CLAIMS = new Set(["iss", "sub", "aud", "exp", "iat", "nbf", "jti"]);

const trimSlash = (s: string) => s.replace(/\/+$/, "");

export class TokenVerifier {
  private jwksCache = new Map<string, { keys: JSONWebKeySet; fetchedAt: number }>();
  /** OIDC discovery answers, kept like the keys: fetching them on every verify ran an HTTP action per token. */
  private discoveryCache = new Map<string, { jwksUrl: string; fetchedAt: number }>();

  constructor(
    private readonly providers: () => Promise<AuthProvider[]>,
    /** fetch that answers the backend's own site URL in-process */
    private readonly fetchUrl: (url: string) => Promise<Response>,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new AuthError("Could not parse JWT");
    }
    const iss = typeof claims.iss === "string" ? claims.iss : undefined;
    const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (iss === undefined) throw new AuthError("JWT has no issuer (iss)");
    const providers = await this.providers();
    const provider = providers.find((p) =>
      p.type === "customJwt"
        ? p.issuer === iss && (p.applicationID === undefined || audiences.includes(p.applicationID))
        : trimSlash(p.domain) === trimSlash(iss) && audiences.includes(p.applicationID),
    );
    if (provider === undefined) {
      throw new AuthError(
        `No auth provider found matching the given token (issuer ${iss}, audience ${audiences.join(",") || "none"}). ` +
          "Check your auth.config.ts.",
      );
    }
    const jwksUrl =
      provider.type === "customJwt" ? provider.jwks : await this.discoverJwksUrl(provider.domain);
    let payload: JWTPayload;
    try {
      payload = await this.verifyWithKeys(token, jwksUrl, provider, iss, false);
    } catch (error) {
      if (error instanceof AuthError) throw error;
      // The keys may have rotated: fetch them once more before giving up.
      payload = await this.verifyWithKeys(token, jwksUrl, provider, iss, true);
    }
    if (typeof payload.sub !== "string" || payload.sub === "")
      throw new AuthError("JWT has no subject (sub)");
    return {
      identity: toIdentity(payload, iss),
      expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null,
    };
  }

  private async verifyWithKeys(
    token: string,
    jwksUrl: string,
    provider: AuthProvider,
    iss: string,
    refresh: boolean,
  ): Promise<JWTPayload> {
    const keys = await this.jwks(jwksUrl, refresh);
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(keys), {
        issuer: iss,
        audience: provider.type === "customJwt" ? provider.applicationID : provider.applicationID,
        algorithms: provider.type === "customJwt" ? [provider.algorithm] : undefined,
      });
      return payload;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!refresh && /no applicable key|matching key/i.test(message))
        throw new Error(message, { cause: error });
      throw new AuthError(`Could not verify token: ${message}`, { cause: error });
    }
  }

  private async discoverJwksUrl(domain: string): Promise<string> {
    const url = `${trimSlash(domain)}/.well-known/openid-configuration`;
    const cached = this.discoveryCache.get(url);
    if (cached && Date.now() - cached.fetchedAt < 5 * 60_000) return cached.jwksUrl;
    const doc = (await this.getJson(url)) as { jwks_uri?: unknown };
    if (typeof doc.jwks_uri !== "string") throw new AuthError(`OIDC discovery at ${url} has no jwks_uri`);
    this.discoveryCache.set(url, { jwksUrl: doc.jwks_uri, fetchedAt: Date.now() });
    return doc.jwks_uri;
  }

  private async jwks(url: string, refresh: boolean): Promise<JSONWebKeySet> {
    const cached = this.jwksCache.get(url);
    if (cached && !refresh && Date.now() - cached.fetchedAt < 5 * 60_000) return cached.keys;
    const keys = (await this.getJson(url)) as JSONWebKeySet;
    if (!Array.isArray(keys?.keys)) throw new AuthError(`${url} is not a JWKS`);
    this.jwksCache.set(url, { keys, fetchedAt: Date.now() });
    return keys;
  }

  private async getJson(url: string): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchUrl(url);
    } catch (error) {
      throw new AuthError(
        `Could not fetch ${url}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) throw new AuthError(`Could not fetch ${url}: HTTP ${response.status}`);
    try {
      return await response.json();
    } catch {
      throw new AuthError(`${url} did not return JSON`);
    }
  }
}

function toIdentity(payload: JWTPayload, iss: string): UserIdentity {
  const identity: Record<string, unknown> = {
    tokenIdentifier: `${iss}|${payload.sub}`,
    subject: payload.sub,
    issuer: iss,
  };
  for (const [claim, value] of Object.entries(payload)) {
    if (REGISTERED_CLAIMS.has(claim)) continue;
    identity[STANDARD_CLAIMS[claim] ?? claim] = value;
  }
  return identity as UserIdentity;
}

export function parseProviders(config: unknown): AuthProvider[] {
  const providers = (config as { providers?: unknown } | undefined)?.providers;
  if (!Array.isArray(providers)) return [];
  return providers.filter((p): p is AuthProvider => {
    if (typeof p !== "object" || p === null) return false;
    const c = p as Record<string, unknown>;
    if (c.type === "customJwt") return typeof c.issuer === "string" && typeof c.jwks === "string";
    return typeof c.domain === "string" && typeof c.applicationID === "string";
  });
}
