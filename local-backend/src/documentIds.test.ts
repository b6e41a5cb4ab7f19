// Document IDs: Convex's format, random bits nobody can predict from another ID.
import { describe, expect, it } from "vitest";
import {
  decodeDocumentId,
  encodeDocumentId,
  FIRST_USER_TABLE_NUMBER,
  newDocumentId,
  tableOfDocumentId,
  TableNumbers,
} from "./documentIds.js";

describe("document IDs", () => {
  it("name their table, and are 32 lowercase base32 characters for a user table", () => {
    const tables = new TableNumbers();
    const id = newDocumentId(tables, "bookings");
    expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{32}$/);
    expect(tableOfDocumentId(tables, id)).toBe("bookings");
    expect(decodeDocumentId(id)?.tableNumber).toBe(FIRST_USER_TABLE_NUMBER);
    expect(tableOfDocumentId(tables, newDocumentId(tables, "users"))).toBe("users");
    expect(tableOfDocumentId(tables, newDocumentId(tables, "_storage"))).toBe("_storage");
  });

  it("carry 128 random bits: IDs made one after another share no pattern", () => {
    const tables = new TableNumbers();
    const ids = Array.from({ length: 2000 }, () => decodeDocumentId(newDocumentId(tables, "t"))!);
    expect(new Set(ids.map((d) => Buffer.from(d.internalId).toString("hex"))).size).toBe(2000);
    // Consecutive IDs differ in about half of their 128 bits.
    let differing = 0;
    for (let i = 1; i < ids.length; i++) {
      for (let byte = 0; byte < 16; byte++) {
        let x = ids[i].internalId[byte] ^ ids[i - 1].internalId[byte];
        for (; x > 0; x >>= 1) differing += x & 1;
      }
    }
    const mean = differing / (ids.length - 1);
    expect(mean).toBeGreaterThan(60);
    expect(mean).toBeLessThan(68);
  });

  it("round-trip through encoding, for table numbers of one to five bytes", () => {
    for (const tableNumber of [1, 127, 128, 10001, 2 ** 21, 2 ** 32 - 1]) {
      const internalId = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + tableNumber) & 0xff);
      const decoded = decodeDocumentId(encodeDocumentId({ tableNumber, internalId }));
      expect(decoded?.tableNumber).toBe(tableNumber);
      expect(Buffer.from(decoded!.internalId)).toEqual(Buffer.from(internalId));
    }
  });

  it("refuse a changed character, a wrong length, foreign characters and unknown tables", () => {
    const tables = new TableNumbers();
    const id = newDocumentId(tables, "drafts");
    for (let at = 0; at < id.length; at++) {
      const changed = id.slice(0, at) + (id[at] === "a" ? "b" : "a") + id.slice(at + 1);
      expect(decodeDocumentId(changed)).toBeNull();
    }
    expect(decodeDocumentId(id.slice(1))).toBeNull();
    expect(decodeDocumentId(`${id}0`)).toBeNull();
    expect(decodeDocumentId(id.toUpperCase())).toBeNull();
    expect(decodeDocumentId("000000000000000000010039authRefreshTokens")).toBeNull();
    expect(tableOfDocumentId(new TableNumbers(), id)).toBeNull();
  });

  it("keep their table numbers when the registry is rebuilt from saved entries", () => {
    const tables = new TableNumbers();
    const ids = ["a", "b", "c"].map((t) => newDocumentId(tables, t));
    const restored = new TableNumbers(tables.entries());
    expect(ids.map((id) => tableOfDocumentId(restored, id))).toEqual(["a", "b", "c"]);
    expect(decodeDocumentId(newDocumentId(restored, "d"))?.tableNumber).toBe(FIRST_USER_TABLE_NUMBER + 3);
  });
});
