import { describe, expect, it } from "vitest";
import { ReadSet, type Doc } from "./readSet.js";

const doc = (id: string, fields: Record<string, unknown>): Doc => ({ _id: id, _creationTime: 1, ...fields });

describe("ReadSet", () => {
  it("contains a document inside a scanned index range, and not one outside it", () => {
    const rs = new ReadSet();
    rs.addRange("items", [
      { type: "Eq", fieldPath: "tag", value: "a" },
      { type: "Gte", fieldPath: "n", value: 2 },
      { type: "Lt", fieldPath: "n", value: 5 },
    ]);
    expect(rs.contains("items", doc("1items", { tag: "a", n: 2 }))).toBe(true);
    expect(rs.contains("items", doc("2items", { tag: "a", n: 5 }))).toBe(false);
    expect(rs.contains("items", doc("3items", { tag: "b", n: 3 }))).toBe(false);
    expect(rs.contains("other", doc("4other", { tag: "a", n: 3 }))).toBe(false);
  });

  it("matches nested field paths and undefined bounds", () => {
    const rs = new ReadSet();
    rs.addRange("t", [{ type: "Eq", fieldPath: "a.b", value: { $undefined: null } }]);
    expect(rs.contains("t", doc("1t", { a: {} }))).toBe(true);
    expect(rs.contains("t", doc("2t", { a: { b: 1 } }))).toBe(false);
  });

  it("contains documents fetched by ID and any document of a fully scanned table", () => {
    const rs = new ReadSet();
    rs.ids.add("7drafts");
    rs.tables.add("heartbeats");
    expect(rs.contains("drafts", doc("7drafts", {}))).toBe(true);
    expect(rs.contains("drafts", doc("8drafts", {}))).toBe(false);
    expect(rs.contains("heartbeats", doc("9heartbeats", {}))).toBe(true);
    expect(rs.contains("drafts", null)).toBe(false);
  });

  it("orders values across types the way Convex indexes do", () => {
    const rs = new ReadSet();
    rs.addRange("t", [{ type: "Gt", fieldPath: "v", value: 10 }]);
    // In Convex's ordering, strings sort after numbers.
    expect(rs.contains("t", doc("1t", { v: "text" }))).toBe(true);
    expect(rs.contains("t", doc("2t", { v: 3 }))).toBe(false);
  });
});
