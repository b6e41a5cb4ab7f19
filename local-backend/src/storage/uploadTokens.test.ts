// Upload tokens: signed, single-use, and expired after Convex's documented
// hour (docs: "The upload URL expires in 1 hour"), checked with a fake clock.
import { randomBytes } from "node:crypto";
import { expect, test } from "vitest";
import { UPLOAD_URL_VALIDITY_MS, UploadTokens } from "./uploadTokens.js";

test("a token is accepted once within its hour, then refused as used", () => {
  const tokens = new UploadTokens(randomBytes(32), () => 1_000);
  const token = tokens.issue();
  expect(tokens.redeem(token)).toBeNull();
  expect(tokens.redeem(token)?.code).toBe("StorageTokenUsed");
});

test("a token is refused once its hour is over", () => {
  let now = 1_000;
  const tokens = new UploadTokens(randomBytes(32), () => now);
  const token = tokens.issue();
  now += UPLOAD_URL_VALIDITY_MS;
  expect(tokens.redeem(token)?.code).toBe("StorageTokenExpired");
});

test("a token signed with another deployment's key, or edited, is refused", () => {
  const mine = new UploadTokens(randomBytes(32));
  const theirs = new UploadTokens(randomBytes(32));
  expect(mine.redeem(theirs.issue())?.code).toBe("StorageTokenInvalid");
  const [, nonce, signature] = mine.issue().split(".");
  expect(mine.redeem(`${Date.now() + 10 * UPLOAD_URL_VALIDITY_MS}.${nonce}.${signature}`)?.code).toBe(
    "StorageTokenInvalid",
  );
  expect(mine.redeem("garbage")?.code).toBe("StorageTokenInvalid");
});
