import { describe, expect, it, vi } from "vitest";
import { probeForTwin, sessionFingerprint, type ProbeMessage } from "./tabProbe";

/** Tabs of one browser: what one posts, every other open one receives (in a later task, as browsers do). */
function browser() {
  const open = new Set<FakeChannel>();
  let pending: Promise<void> = Promise.resolve();
  class FakeChannel {
    onmessage: ((event: MessageEvent<ProbeMessage>) => void) | null = null;
    constructor() {
      open.add(this);
    }
    postMessage(data: ProbeMessage) {
      for (const other of open) {
        if (other === this) continue;
        pending = pending.then(() => other.onmessage?.({ data } as MessageEvent<ProbeMessage>));
      }
    }
    close() {
      open.delete(this);
    }
  }
  /** Delivers everything posted so far, and what that provoked. */
  const settle = async () => {
    for (let i = 0; i < 10; i++) await pending;
  };
  return { tab: () => new FakeChannel(), settle };
}

describe("duplicate-tab probe", () => {
  it("tells the newer of two tabs with the same session that it is a copy, and only it", async () => {
    const { tab, settle } = browser();
    const original = vi.fn();
    const copy = vi.fn();
    probeForTwin(tab(), "s1", original);
    await settle();
    probeForTwin(tab(), "s1", copy);
    await settle();
    expect(copy).toHaveBeenCalledTimes(1);
    expect(original).not.toHaveBeenCalled();
  });

  it("leaves a reloaded or reopened tab alone: the page that had its session is gone", async () => {
    const { tab, settle } = browser();
    const before = vi.fn();
    const close = probeForTwin(tab(), "s1", before);
    await settle();
    close();
    const after = vi.fn();
    probeForTwin(tab(), "s1", after);
    await settle();
    expect(after).not.toHaveBeenCalled();
  });

  it("ignores tabs with other sessions", async () => {
    const { tab, settle } = browser();
    const first = vi.fn();
    const second = vi.fn();
    probeForTwin(tab(), "s1", first);
    probeForTwin(tab(), "s2", second);
    await settle();
    expect(first).not.toHaveBeenCalled();
    expect(second).not.toHaveBeenCalled();
  });

  it("fingerprints a session without revealing it, the same way in every tab", async () => {
    const sessionId = "6f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f";
    const fingerprint = await sessionFingerprint(sessionId);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain(sessionId.slice(0, 8));
    expect(await sessionFingerprint(sessionId)).toBe(fingerprint);
    expect(await sessionFingerprint("7f1c1d9e-2b7a-4c3e-9f4d-0a1b2c3d4e5f")).not.toBe(fingerprint);
  });
});
