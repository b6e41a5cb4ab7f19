import { afterEach, describe, expect, it } from "vitest";
import { decodeAnswer, takeFirstDraft } from "./firstDraft";

const ID = "6f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f";

afterEach(() => {
  delete window.__tabbookFirstDraft;
});

describe("the draft index.html fetched", () => {
  it("counts only a successful answer from the server, null (no draft) included", () => {
    expect(decodeAnswer({ status: "success", value: null, logLines: [] })).toBeNull();
    expect(decodeAnswer({ status: "success", value: { step: "details", detailsRev: 5 } })).toEqual({
      step: "details",
      detailsRev: 5,
    });
    for (const failed of [
      null,
      "oops",
      { status: "error", errorMessage: "Unauthenticated" },
      { status: "success" },
    ]) {
      expect(decodeAnswer(failed)).toBeUndefined();
    }
  });

  it("is handed over once, and a network failure leaves no answer", async () => {
    window.__tabbookFirstDraft = { sessionId: ID, token: null, answer: Promise.reject(new Error("offline")) };
    const first = takeFirstDraft();
    expect(first?.sessionId).toBe(ID);
    expect(await first?.draft).toBeUndefined();
    expect(takeFirstDraft()).toBeNull();
  });
});
