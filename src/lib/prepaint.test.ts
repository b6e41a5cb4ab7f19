// index.html's prepaint, run as the browser runs it (the real inline script in
// jsdom), and the hand-over to the live step. It must paint exactly where the
// details step's guard lets the tab in, never what the server has not said,
// and never hold the app back.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { JSDOM, VirtualConsole } from "jsdom";
import { convexToJson } from "convex/values";
import { guardStep, type LoadedDraft } from "./stepGuard";
import { SESSION, contextWith, fetched, redirectTarget } from "./stepGuardHarness";
import { takePrepaint } from "./prepaint";
import { renderDetailsPrepaint } from "../routes/book/-components/DetailsPrepaint";

const INDEX_HTML = readFileSync(path.join(__dirname, "../../index.html"), "utf8");

type Page = {
  dom: JSDOM;
  /** Times the app's code was started. */
  starts: () => number;
  /** The inline script's fallback timers, to run by hand. */
  timers: (() => void)[];
  /** Settles once the answer and the parse have both been handled. */
  settled: () => Promise<void>;
};

/** Loads index.html as built (placeholders filled) at `path`, the server answering `answer`. */
function load(path: string, answer: Promise<unknown>, storage: Record<string, string> = {}): Page {
  const html = INDEX_HTML.replace(
    "__BOOKING_CHUNKS__",
    JSON.stringify({ "/book/details": ["/assets/details.js"], "/book/time": ["/assets/time.js"] }),
  )
    .replace("%VITE_CONVEX_URL%", "http://backend.test")
    .replace(
      "<!--details-prepaint-->",
      `<template id="prepaint-details">${renderDetailsPrepaint()}</template>`,
    )
    .replace("import(__TABBOOK_ENTRY__)", "window.__starts = (window.__starts || 0) + 1");
  const timers: (() => void)[] = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (error) => scriptErrors.push(error.message));
  const dom = new JSDOM(html, {
    url: `http://app.test${path}`,
    runScripts: "dangerously",
    virtualConsole,
    beforeParse(window) {
      window.performance.mark = () => undefined as unknown as PerformanceMark; // not in jsdom
      window.sessionStorage.setItem("tabbook.sessionId", SESSION);
      for (const [key, value] of Object.entries(storage)) window.sessionStorage.setItem(key, value);
      Object.assign(window, {
        XMLHttpRequest: answeringWith(answer),
        setTimeout: (callback: () => void) => timers.push(callback),
      });
    },
  });
  const window = dom.window as unknown as Window & { __starts?: number };
  const parsed = new Promise<void>((resolve) =>
    window.document.readyState === "loading"
      ? window.document.addEventListener("DOMContentLoaded", () => resolve())
      : resolve(),
  );
  return {
    dom,
    starts: () => window.__starts ?? 0,
    timers,
    settled: async () => {
      await parsed;
      await window.__tabbookFirstDraft?.answer.catch(() => undefined);
      await Promise.resolve();
    },
  };
}

/** An XMLHttpRequest whose every request gets `answer` (or fails with the network when it rejects). */
function answeringWith(answer: Promise<unknown>) {
  return class {
    status = 0;
    response: unknown = null;
    responseType = "";
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    open() {}
    setRequestHeader() {}
    send() {
      answer.then(
        (body) => {
          this.status = 200;
          this.response = body;
          this.onload?.();
        },
        () => this.onerror?.(),
      );
    }
  };
}

const success = (draft: LoadedDraft) => ({ status: "success", value: convexToJson(draft), logLines: [] });

/** The step code the page preloads (beyond the entry). */
const preloaded = (page: Page) =>
  [...page.dom.window.document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]')].map((link) =>
    link.getAttribute("href"),
  );

const painted = (page: Page) =>
  page.dom.window.document.getElementById("prepaint")!.firstElementChild !== null;
const field = (page: Page, id: string) => page.dom.window.document.getElementById(id) as HTMLInputElement;

const atDetails = {
  step: "details" as const,
  missing: "details" as const,
  serviceId: "s1",
  providerChoice: "any",
  start: Date.UTC(2026, 11, 1, 9),
  timeZone: "Europe/London",
  detailsRev: 1000,
  details: { name: "Ada Lovelace", email: "ada@example.com", phone: "", notes: "Left knee" },
  rescheduling: null,
} as unknown as LoadedDraft;

/** Errors the page's scripts threw: none, ever. */
const scriptErrors: string[] = [];

afterEach(() => {
  sessionStorage.clear();
  expect(scriptErrors.splice(0)).toEqual([]);
});

describe("index.html's prepaint", () => {
  it("paints the details step from the server's answer, values as text, focus on the heading, then starts the app", async () => {
    const hostile = {
      ...atDetails!,
      details: { ...atDetails!.details, notes: '<img src=x onerror="alert(1)">' },
    };
    const page = load("/book/details", Promise.resolve(success(hostile)));
    await page.settled();
    expect(painted(page)).toBe(true);
    expect(field(page, "name").value).toBe("Ada Lovelace");
    expect(field(page, "email").value).toBe("ada@example.com");
    expect(field(page, "notes").value).toBe('<img src=x onerror="alert(1)">');
    expect(page.dom.window.document.querySelector("#prepaint img")).toBeNull();
    expect(page.dom.window.document.activeElement?.tagName).toBe("H1");
    expect(page.dom.window.document.title).toBe("Your details – tabbook");
    expect(page.starts()).toBe(1);
    expect(preloaded(page)).toEqual(["/assets/details.js"]);
  });

  it("paints exactly when the details step's guard lets the tab in", async () => {
    const drafts: LoadedDraft[] = [
      null,
      { ...atDetails!, providerChoice: undefined, start: undefined, missing: "provider" },
      { ...atDetails!, start: undefined, missing: "time" },
      { ...atDetails!, missing: "time" }, // the chosen time was lost (say, taken)
      atDetails,
      { ...atDetails!, missing: "review" },
    ] as LoadedDraft[];
    for (const draft of drafts) {
      const page = load("/book/details", Promise.resolve(success(draft)));
      await page.settled();
      const guard = await redirectTarget(
        guardStep(contextWith(null, { firstDraft: fetched(draft) }), "details"),
      );
      expect(painted(page), `painted for ${JSON.stringify(draft)}`).toBe(guard === null);
      expect(page.starts()).toBe(1);
    }
  });

  it("paints nothing on another page, from a failed answer, or from an answer older than a page-hide beacon's save", async () => {
    const cases = [
      load("/book/time", Promise.resolve(success(atDetails))),
      load("/book/details", Promise.resolve({ status: "error", errorMessage: "Unauthenticated" })),
      load("/book/details", Promise.reject(new Error("offline"))),
      load("/book/details", Promise.resolve(success(atDetails)), { "tabbook.beaconRev": "2000" }),
    ];
    for (const page of cases) {
      await page.settled();
      expect(painted(page)).toBe(false);
      expect(page.starts()).toBe(1);
    }
  });

  it("starts the app without the answer once it is slow, and then paints nothing from it", async () => {
    let answer!: (body: unknown) => void;
    const page = load("/book/details", new Promise((resolve) => (answer = resolve)));
    await new Promise<void>((resolve) =>
      page.dom.window.document.addEventListener("DOMContentLoaded", () => resolve()),
    );
    expect(page.starts()).toBe(0);
    expect(preloaded(page)).toEqual([]); // the details step's code: after the prepaint, or the start
    expect(page.timers).toHaveLength(1);
    page.timers[0]();
    expect(page.starts()).toBe(1);
    expect(preloaded(page)).toEqual(["/assets/details.js"]);
    answer(success(atDetails));
    await page.settled();
    expect(painted(page)).toBe(false);
    expect(page.starts()).toBe(1);
  });
});

describe("the live step taking over", () => {
  it("gets what was typed into the prepaint and where the caret was, and removes it", () => {
    document.body.innerHTML = `<div id="prepaint">${renderDetailsPrepaint()}</div><div id="root"></div>`;
    const notes = document.getElementById("notes") as HTMLTextAreaElement;
    (document.getElementById("name") as HTMLInputElement).value = "Ada";
    notes.value = "Left knee, since";
    notes.focus();
    notes.setSelectionRange(4, 9);
    expect(takePrepaint()).toEqual({
      values: { name: "Ada", email: "", phone: "", notes: "Left knee, since" },
      focus: { id: "notes", start: 4, end: 9 },
    });
    expect(document.getElementById("prepaint")).toBeNull();
  });

  it("finds nothing to take when nothing was painted", () => {
    document.body.innerHTML = `<div id="prepaint"></div><div id="root"></div>`;
    expect(takePrepaint()).toBeNull();
    expect(document.getElementById("prepaint")).toBeNull();
    expect(takePrepaint()).toBeNull();
  });
});
