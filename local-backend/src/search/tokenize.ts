// Convex's text analyzer for search (crates/search/src/constants.rs,
// `convex_en`): tantivy's SimpleTokenizer, which splits on every character
// that is not alphanumeric (Rust's `char::is_alphanumeric`), then
// RemoveLongFilter, which drops tokens of 32 bytes or more, then LowerCaser.
// So "real-time" is "real" and "time", and "ada@example.com" is "ada",
// "example" and "com".
import { limits } from "../limits/convexLimits.js";

const TOKEN = /[\p{Alphabetic}\p{N}]+/gu;

export function convexTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const [token] of text.matchAll(TOKEN)) {
    if (Buffer.byteLength(token, "utf8") >= limits.searchTermBytes) continue;
    tokens.push(token.toLowerCase());
  }
  return tokens;
}

/** A search query's terms: its first 16 tokens (Convex ignores the rest). */
export function queryTerms(text: string): string[] {
  return convexTokens(text).slice(0, limits.searchTerms);
}
