// convex-test swaps ~26 globals (setTimeout, fetch, Date, console…) for
// per-call versions while a Convex function runs, and those swaps follow the
// async context into any host code the function's syscalls reach. This module
// is imported before convex-test so it can capture the real globals, and it
// offers a root async scope from which host callbacks run outside any
// function's context.
import { AsyncResource } from "node:async_hooks";

const rootScope = new AsyncResource("local-backend-root");

export const host = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
  setInterval: globalThis.setInterval.bind(globalThis),
  clearInterval: globalThis.clearInterval.bind(globalThis),
  setImmediate: globalThis.setImmediate.bind(globalThis),
  fetch: globalThis.fetch.bind(globalThis),
  console: globalThis.console,
  now: Date.now.bind(Date),
};

/** Runs `fn` in the process's root async context, outside any Convex function. */
export function inRoot<T>(fn: () => T): T {
  return rootScope.runInAsyncScope(fn);
}

/** A timer that fires in the root context (safe to call from inside a function). */
export function rootTimeout(fn: () => void, ms: number): NodeJS.Timeout {
  return inRoot(() => host.setTimeout(() => inRoot(fn), ms));
}

export function rootImmediate(fn: () => void): void {
  inRoot(() => host.setImmediate(() => inRoot(fn)));
}
