import { describe, expect, it } from "vitest";
import { WriteGate } from "./writeGate.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("WriteGate", () => {
  it("starts exclusive work only after the mutations in progress finish", async () => {
    const gate = new WriteGate();
    const events: string[] = [];
    const mutation = deferred();
    const running = gate.run(async () => {
      events.push("mutation start");
      await mutation.promise;
      events.push("mutation end");
    });
    const flush = gate.exclusive(async () => {
      events.push("flush");
    });
    await Promise.resolve();
    expect(events).toEqual(["mutation start"]);
    mutation.resolve();
    await Promise.all([running, flush]);
    expect(events).toEqual(["mutation start", "mutation end", "flush"]);
  });

  it("holds back mutations that arrive during exclusive work", async () => {
    const gate = new WriteGate();
    const events: string[] = [];
    const flushing = deferred();
    const flush = gate.exclusive(async () => {
      events.push("flush start");
      await flushing.promise;
      events.push("flush end");
    });
    const mutation = gate.run(async () => {
      events.push("mutation");
    });
    await Promise.resolve();
    expect(events).toEqual(["flush start"]);
    flushing.resolve();
    await Promise.all([flush, mutation]);
    expect(events).toEqual(["flush start", "flush end", "mutation"]);
  });

  it("reopens after exclusive work that throws", async () => {
    const gate = new WriteGate();
    await expect(gate.exclusive(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(() => Promise.resolve("ran"))).resolves.toBe("ran");
  });
});
