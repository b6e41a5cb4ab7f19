// A test file's own backend on the conformance fixture: started before its
// tests, its clients closed after each test, stopped after all of them.
import { afterAll, afterEach, beforeAll } from "vitest";
import { ClientPool, startBackend, type Backend } from "./helpers.js";

export function useFixtureBackend(): { backend: () => Backend; clients: ClientPool } {
  let backend: Backend | undefined;
  const clients = new ClientPool();
  beforeAll(async () => {
    backend = await startBackend();
  }, 120_000);
  afterAll(async () => {
    await clients.closeAll();
    await backend?.stop();
  }, 60_000);
  afterEach(async () => {
    await clients.closeAll();
  });
  return {
    backend: () => {
      if (backend === undefined) throw new Error("The fixture backend has not started");
      return backend;
    },
    clients,
  };
}
