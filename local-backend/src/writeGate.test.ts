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

describe("WriteGate fairness", () => {
  it("runs mutations one at a time, in order", async () => {
    const gate = new WriteGate();
    const events: string[] = [];
    const first = deferred();
    const runs = [
      gate.run(async () => {
        events.push("1 start");
        await first.promise;
        events.push("1 end");
      }),
      gate.run(async () => void events.push("2")),
    ];
    await Promise.resolve();
    expect(events).toEqual(["1 start"]);
    first.resolve();
    await Promise.all(runs);
    expect(events).toEqual(["1 start", "1 end", "2"]);
  });

  it("lets exclusive work in after the mutation in progress, ahead of the queued ones", async () => {
    const gate = new WriteGate();
    const events: string[] = [];
    const first = deferred();
    const runs = [
      gate.run(async () => {
        await first.promise;
        events.push("mutation 1");
      }),
      ...[2, 3, 4].map((n) => gate.run(async () => void events.push(`mutation ${n}`))),
    ];
    await Promise.resolve();
    const query = gate.exclusive(async () => void events.push("query"));
    first.resolve();
    await Promise.all([...runs, query]);
    expect(events.indexOf("query")).toBe(1);
    expect(events.filter((e) => e.startsWith("mutation"))).toEqual([
      "mutation 1",
      "mutation 2",
      "mutation 3",
      "mutation 4",
    ]);
  });
});
