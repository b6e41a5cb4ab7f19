// Verifies user JWTs against the functions dir's auth.config.ts the way a
// Convex deployment does: pick the provider by the token's issuer and
// audience, fetch its keys (OIDC discovery or a customJwt JWKS URL), check
// signature, issuer, audience and expiry, and build the identity with
// tokenIdentifier = iss|sub. Invalid tokens never yield an identity. A token
// verified once is remembered until it expires or its keys or providers
// change, since a tab sends the same token with every request.
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

/** How long fetched keys and discovery answers are used before they are fetched again. */
const KEYS_MAX_AGE_MS = 5 * 60_000;
/** Verified tokens remembered at most; the oldest is forgotten first. */
const MAX_REMEMBERED_TOKENS = 1_000;

type Fetched<T> = T & { fetchedAt: number };
/** A verified token, with what its verification relied on: valid while all of it still holds. */
type Remembered = {
  verified: VerifiedToken;
  providers: AuthProvider[];
  jwksUrl: string;
  keys: Fetched<{ keys: JSONWebKeySet }>;
  /** The token's expiry, or when the keys (or discovery answer) it was checked with are due to be fetched again. */
  until: number;
};

export class TokenVerifier {
  private jwksCache = new Map<string, Fetched<{ keys: JSONWebKeySet }>>();
  /** OIDC discovery answers, kept like the keys: fetching them on every verify ran an HTTP action per token. */
  private discoveryCache = new Map<string, Fetched<{ jwksUrl: string }>>();
  /** Each key set's imported keys, so that a signature check does not import the key again. */
  private keySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();
  private remembered = new Map<string, Remembered>();

  constructor(
    private readonly providers: () => Promise<AuthProvider[]>,
    /** fetch that answers the backend's own site URL in-process */
    private readonly fetchUrl: (url: string) => Promise<Response>,
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    const providers = await this.providers();
    return this.recall(token, providers) ?? this.verifyAfresh(token, providers);
  }

  /**
   * The answer a full verification would give now, if `token` was verified
   * against the same providers and the same keys, which are not yet due to
   * be fetched again, and it has not expired since.
   */
  private recall(token: string, providers: AuthProvider[]): VerifiedToken | null {
    const remembered = this.remembered.get(token);
    if (remembered === undefined) return null;
    const stillHolds =
      Date.now() < remembered.until &&
      remembered.providers === providers &&
      this.jwksCache.get(remembered.jwksUrl) === remembered.keys;
    if (!stillHolds) {
      this.remembered.delete(token);
      return null;
    }
    const { identity, expiresAt } = remembered.verified;
    return { identity: { ...identity }, expiresAt };
  }

  private remember(token: string, entry: Remembered): void {
    this.remembered.delete(token);
    this.remembered.set(token, entry);
    if (this.remembered.size > MAX_REMEMBERED_TOKENS)
      this.remembered.delete(this.remembered.keys().next().value!);
  }

  private async verifyAfresh(token: string, providers: AuthProvider[]): Promise<VerifiedToken> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new AuthError("Could not parse JWT");
    }
    const iss = typeof claims.iss === "string" ? claims.iss : undefined;
    const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (iss === undefined) throw new AuthError("JWT has no issuer (iss)");
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
    const location = await this.keysLocation(provider);
    let checked: { payload: JWTPayload; keys: Fetched<{ keys: JSONWebKeySet }> };
    try {
      checked = await this.verifyWithKeys(token, location.url, provider, iss, false);
    } catch (error) {
      if (error instanceof AuthError) throw error;
      // The keys may have rotated: fetch them once more before giving up.
      checked = await this.verifyWithKeys(token, location.url, provider, iss, true);
    }
    const { payload, keys } = checked;
    if (typeof payload.sub !== "string" || payload.sub === "")
      throw new AuthError("JWT has no subject (sub)");
    const verified = {
      identity: toIdentity(payload, iss),
      expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : null,
    };
    // A token without an expiry is checked every time.
    if (verified.expiresAt !== null) {
      this.remember(token, {
        verified: { ...verified, identity: { ...verified.identity } },
        providers,
        jwksUrl: location.url,
        keys,
        until: Math.min(verified.expiresAt, keys.fetchedAt + KEYS_MAX_AGE_MS, location.until),
      });
    }
    return verified;
  }

  /** Where `provider`'s keys are, and until when that answer may be used without asking again. */
  private async keysLocation(provider: AuthProvider): Promise<{ url: string; until: number }> {
    if (provider.type === "customJwt") return { url: provider.jwks, until: Infinity };
    const { jwksUrl, fetchedAt } = await this.discoverJwksUrl(provider.domain);
    return { url: jwksUrl, until: fetchedAt + KEYS_MAX_AGE_MS };
  }

  private keySet(keys: JSONWebKeySet): ReturnType<typeof createLocalJWKSet> {
    let keySet = this.keySets.get(keys);
    if (keySet === undefined) {
      keySet = createLocalJWKSet(keys);
      this.keySets.set(keys, keySet);
    }
    return keySet;
  }

  private async verifyWithKeys(
    token: string,
    jwksUrl: string,
    provider: AuthProvider,
    iss: string,
    refresh: boolean,
  ): Promise<{ payload: JWTPayload; keys: Fetched<{ keys: JSONWebKeySet }> }> {
    const fetched = await this.jwks(jwksUrl, refresh);
    try {
      const { payload } = await jwtVerify(token, this.keySet(fetched.keys), {
        issuer: iss,
        audience: provider.type === "customJwt" ? provider.applicationID : provider.applicationID,
        algorithms: provider.type === "customJwt" ? [provider.algorithm] : undefined,
      });
      return { payload, keys: fetched };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!refresh && /no applicable key|matching key/i.test(message))
        throw new Error(message, { cause: error });
      throw new AuthError(`Could not verify token: ${message}`, { cause: error });
    }
  }

  private async discoverJwksUrl(domain: string): Promise<Fetched<{ jwksUrl: string }>> {
    const url = `${trimSlash(domain)}/.well-known/openid-configuration`;
    const cached = this.discoveryCache.get(url);
    if (cached && Date.now() - cached.fetchedAt < KEYS_MAX_AGE_MS) return cached;
    const doc = (await this.getJson(url)) as { jwks_uri?: unknown };
    if (typeof doc.jwks_uri !== "string") throw new AuthError(`OIDC discovery at ${url} has no jwks_uri`);
    const discovered = { jwksUrl: doc.jwks_uri, fetchedAt: Date.now() };
    this.discoveryCache.set(url, discovered);
    return discovered;
  }

  private async jwks(url: string, refresh: boolean): Promise<Fetched<{ keys: JSONWebKeySet }>> {
    const cached = this.jwksCache.get(url);
    if (cached && !refresh && Date.now() - cached.fetchedAt < KEYS_MAX_AGE_MS) return cached;
    const keys = (await this.getJson(url)) as JSONWebKeySet;
    if (!Array.isArray(keys?.keys)) throw new AuthError(`${url} is not a JWKS`);
    const fetched = { keys, fetchedAt: Date.now() };
    this.jwksCache.set(url, fetched);
    return fetched;
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
