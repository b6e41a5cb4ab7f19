// Upload URL tokens: `generateUploadUrl` signs an expiry and a random nonce
// with this deployment's HMAC key; the upload endpoint checks the signature
// and the expiry and accepts each nonce once. Convex documents that "the
// upload URL expires in 1 hour" (docs/file-storage/upload-files.mdx; the
// backend's STORE_FILE_AUTHORIZATION_VALIDITY is 60 * 60 s).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const UPLOAD_URL_VALIDITY_MS = 60 * 60 * 1000;

export type TokenRefusal = { code: string; message: string };

export class UploadTokens {
  /** Nonces already used, with their expiry (forgotten once expired). */
  private readonly used = new Map<string, number>();

  constructor(
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  issue(): string {
    const payload = `${this.now() + UPLOAD_URL_VALIDITY_MS}.${randomBytes(16).toString("base64url")}`;
    return `${payload}.${this.sign(payload)}`;
  }

  /** Accepts a token once, before it expires; null if accepted, otherwise why not (Convex's codes). */
  redeem(token: string): TokenRefusal | null {
    const invalid = {
      code: "StorageTokenInvalid",
      message: "Couldn't decode the StoreFileAuthorization token",
    };
    const parts = token.split(".");
    if (parts.length !== 3) return invalid;
    const [expiresText, nonce, signature] = parts;
    const expected = Buffer.from(this.sign(`${expiresText}.${nonce}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid;
    const expires = Number(expiresText);
    const now = this.now();
    if (!(expires > now)) return { code: "StorageTokenExpired", message: "Store File Authorization expired" };
    this.forgetExpired(now);
    if (this.used.has(nonce))
      return {
        code: "StorageTokenUsed",
        message: "This upload URL has already been used: generate a new one",
      };
    this.used.set(nonce, expires);
    return null;
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url");
  }

  private forgetExpired(now: number): void {
    for (const [nonce, expires] of this.used) if (expires <= now) this.used.delete(nonce);
  }
}
