// Account probing by timing: how long a failed sign-in takes for an email
// with an account (wrong password) and for one without. Before the uniform
// provider the unknown email answered in a few ms and the known one after a
// scrypt hash. Each account fails fewer times than the throttle lets free.
import { anyApi } from "convex/server";
import { ClientPool, startAppBackend } from "./lib/backend.js";

export type AuthTimingResult = {
  samples: number;
  known_p50: number;
  known_p95: number;
  unknown_p50: number;
  unknown_p95: number;
  /** unknown p50 / known p50: 1 means the time tells nothing. */
  ratio_p50: number;
};

const PASSWORD = "correct horse battery staple";
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const round = (ms: number) => Math.round(ms * 10) / 10;

export async function measureAuthTiming({ accounts = 6, triesEach = 4 } = {}): Promise<AuthTimingResult> {
  const backend = await startAppBackend();
  const clients = new ClientPool();
  const http = clients.http(backend);
  const signIn = (flow: string, email: string, password: string, client: string) =>
    http.action(anyApi.auth.signIn, { provider: "password", params: { flow, email, password, client } });
  const timed = async (email: string, client: string) => {
    const started = performance.now();
    await signIn("signIn", email, "a wrong password", client).catch(() => undefined);
    return performance.now() - started;
  };
  try {
    for (let a = 0; a < accounts; a++) await signIn("signUp", `known${a}@bench.example`, PASSWORD, "setup");
    const known: number[] = [];
    const unknown: number[] = [];
    // Alternate the two kinds so that machine noise falls on both alike.
    for (let a = 0; a < accounts; a++) {
      for (let i = 0; i < triesEach; i++) {
        known.push(await timed(`known${a}@bench.example`, `k${a}-${i}`));
        unknown.push(await timed(`unknown${a}-${i}@bench.example`, `u${a}-${i}`));
      }
    }
    const result = {
      samples: known.length,
      known_p50: round(percentile(known, 50)),
      known_p95: round(percentile(known, 95)),
      unknown_p50: round(percentile(unknown, 50)),
      unknown_p95: round(percentile(unknown, 95)),
      ratio_p50: 0,
    };
    result.ratio_p50 = Math.round((result.unknown_p50 / result.known_p50) * 100) / 100;
    return result;
  } finally {
    await backend.stop();
  }
}
