/// <reference types="vite/client" />
import { convexTest } from "convex-test";
import { describe, expect, test } from "vitest";
import type { SessionId } from "convex-helpers/server/sessions";
import { api } from "./_generated/api";
import schema, { MAX_NOTE_LENGTH } from "./schema";

const modules = import.meta.glob("./**/*.*s");
const tabA = "2b9d4c1e-7f3a-4e5b-9c8d-1a2b3c4d5e6f" as SessionId;
const tabB = "7e6d5c4b-3a29-4817-8f6e-5d4c3b2a1908" as SessionId;

describe("drafts", () => {
  test("each tab's session ID keeps its own draft", async () => {
    const t = convexTest(schema, modules);
    await t.mutation(api.drafts.save, { sessionId: tabA, note: "first tab", step: "service" });
    await t.mutation(api.drafts.save, { sessionId: tabB, note: "second tab", step: "time" });
    expect(await t.query(api.drafts.get, { sessionId: tabA })).toMatchObject({
      note: "first tab",
      step: "service",
    });
    expect(await t.query(api.drafts.get, { sessionId: tabB })).toMatchObject({
      note: "second tab",
      step: "time",
    });
  });

  test("saving again updates the tab's draft in place", async () => {
    const t = convexTest(schema, modules);
    await t.mutation(api.drafts.save, { sessionId: tabA, note: "draft", step: "service" });
    await t.mutation(api.drafts.save, { sessionId: tabA, note: "  edited  ", step: "details" });
    expect(await t.query(api.drafts.get, { sessionId: tabA })).toMatchObject({
      note: "edited",
      step: "details",
    });
    const rows = await t.run((ctx) => ctx.db.query("bookingDrafts").collect());
    expect(rows).toHaveLength(1);
  });

  test("a tab with no draft gets null, and a draft never exposes the session ID", async () => {
    const t = convexTest(schema, modules);
    expect(await t.query(api.drafts.get, { sessionId: tabA })).toBeNull();
    await t.mutation(api.drafts.save, { sessionId: tabA, note: "secret-free", step: "service" });
    const draft = await t.query(api.drafts.get, { sessionId: tabA });
    expect(JSON.stringify(draft)).not.toContain(tabA);
    expect(Object.keys(draft ?? {}).sort()).toEqual(["note", "step", "updatedAt"]);
  });

  test("a malformed session ID is rejected with a clear error", async () => {
    const t = convexTest(schema, modules);
    for (const sessionId of ["", "not-a-uuid", `${tabA}x`, "../../etc/passwd"] as SessionId[]) {
      await expect(t.mutation(api.drafts.save, { sessionId, note: "x", step: "service" })).rejects.toThrow(
        /session ID is malformed/,
      );
      await expect(t.query(api.drafts.get, { sessionId })).rejects.toThrow(/session ID is malformed/);
    }
    expect(await t.run((ctx) => ctx.db.query("bookingDrafts").collect())).toEqual([]);
  });

  test("an over-long note or unknown step is rejected and the stored draft is unchanged", async () => {
    const t = convexTest(schema, modules);
    await t.mutation(api.drafts.save, { sessionId: tabA, note: "kept", step: "service" });
    await expect(
      t.mutation(api.drafts.save, {
        sessionId: tabA,
        note: "x".repeat(MAX_NOTE_LENGTH + 1),
        step: "service",
      }),
    ).rejects.toThrow(/under 201 characters/);
    await expect(
      // @ts-expect-error an unknown step is a type error too
      t.mutation(api.drafts.save, { sessionId: tabA, note: "x", step: "payment" }),
    ).rejects.toThrow();
    expect(await t.query(api.drafts.get, { sessionId: tabA })).toMatchObject({
      note: "kept",
      step: "service",
    });
  });
});
