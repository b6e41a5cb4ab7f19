import { describe, expect, it } from "vitest";
import { isRedirect } from "@tanstack/react-router";
import type { ConvexReactClient } from "convex/react";
import type { SessionId } from "convex-helpers/server/sessions";
import { guardStep, type LoadedDraft } from "./stepGuard";
import { createManageLinks } from "../session/manageLinks";

const EMPTY = { name: "", email: "", phone: "", notes: "" };

function contextWith(draft: LoadedDraft) {
  const convex = { query: () => Promise.resolve(draft) } as unknown as ConvexReactClient;
  return {
    convex,
    sessionId: "6f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f" as SessionId,
    isAuthenticated: false,
    manageLinks: createManageLinks(),
  };
}

async function redirectTarget(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (!isRedirect(error)) throw error;
    return error.options.to as string;
  }
}

const base = { step: "service" as const, missing: "service" as const, detailsRev: 0, details: EMPTY };

describe("guardStep", () => {
  it("sends a deep link in a fresh tab to the first step", async () => {
    expect(await redirectTarget(guardStep(contextWith(null), "review"))).toBe("/book/service");
    expect(await redirectTarget(guardStep(contextWith(null), "service"))).toBeNull();
  });

  it("sends a deep link to the first step the server says is unfinished", async () => {
    const chosen = {
      ...base,
      serviceId: "s1",
      providerChoice: "any",
      missing: "time",
    } as unknown as LoadedDraft;
    expect(await redirectTarget(guardStep(contextWith(chosen), "details"))).toBe("/book/time");
    const half = { ...chosen!, start: Date.UTC(2026, 10, 24, 10), missing: "details" as const };
    expect(await redirectTarget(guardStep(contextWith(half), "review"))).toBe("/book/details");
  });

  it("lets a tab go back to any earlier step and on to the step it has earned", async () => {
    const done = {
      ...base,
      serviceId: "s1",
      providerChoice: "any",
      start: Date.UTC(2026, 10, 24, 10),
      details: { ...EMPTY, name: "Ada", email: "ada@example.com" },
      missing: "review",
    } as unknown as LoadedDraft;
    for (const step of ["service", "provider", "time", "details", "review"] as const) {
      expect(await redirectTarget(guardStep(contextWith(done), step))).toBeNull();
    }
  });
});
