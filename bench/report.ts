// The benchmark's table and its verdicts on the goals and hard limits.
import type { LoadResult } from "./load.js";
import type { RestoreResult } from "./restore.js";
import type { LostCharsResult } from "./lostChars.js";
import type { AuthTimingResult } from "./authTiming.js";
import type { DurabilityResult } from "./durability.js";
import type { StallsResult } from "./stalls.js";

type Results = Record<string, unknown>;
export type Verdict = { what: string; ok: boolean; hard: boolean };

export function verdicts(r: Results): Verdict[] {
  const out: Verdict[] = [];
  for (const [key, goal] of [
    ["restore_ms", 1.1],
    ["restore_signed_in_ms", 1.2],
  ] as const) {
    const restore = r[key] as RestoreResult | undefined;
    if (restore)
      out.push({
        what: `${key} ratio_p95 ${restore.ratio_p95} ≤ ${goal}`,
        ok: restore.ratio_p95 <= goal,
        hard: false,
      });
  }
  const lost = r.lost_chars_on_reload as LostCharsResult | undefined;
  if (lost)
    out.push({ what: `lost_chars_on_reload ${lost.lost_chars} = 0`, ok: lost.lost_chars === 0, hard: true });
  if (typeof r.bundle_gzip_kb === "number")
    out.push({ what: `bundle_gzip_kb ${r.bundle_gzip_kb} ≤ 110`, ok: r.bundle_gzip_kb <= 110, hard: false });
  if (typeof r.heartbeat_rerun_draft_queries === "number") {
    const n = r.heartbeat_rerun_draft_queries;
    out.push({ what: `heartbeat_rerun_draft_queries ${n} = 0`, ok: n === 0, hard: true });
  }
  const reads = r.availability_docs_read as Record<string, number> | undefined;
  if (reads) {
    const [fewest, most] = [reads["10"], reads["1000"]];
    out.push({
      what: `availability_docs_read ${most} (1000 bookings) ≤ ${fewest} (10)`,
      ok: most <= fewest,
      hard: true,
    });
  }
  const load = r.load as Record<string, LoadResult> | undefined;
  for (const [n, figures] of Object.entries(load ?? {})) {
    out.push({ what: `load N=${n}: ${figures.errors} errors`, ok: figures.errors === 0, hard: true });
    if (n === "500")
      out.push({ what: `load N=500 p95 ${figures.p95} ms ≤ 50`, ok: figures.p95 <= 50, hard: false });
  }
  const auth = r.auth_failed_sign_in_ms as AuthTimingResult | undefined;
  if (auth) {
    const ok = auth.ratio_p50 >= 0.8 && auth.ratio_p50 <= 1.25;
    out.push({ what: `failed sign-in unknown/known p50 ${auth.ratio_p50} in [0.8, 1.25]`, ok, hard: false });
  }
  const durability = r.durability as DurabilityResult | undefined;
  for (const [n, { sqlite }] of Object.entries(durability?.load ?? {})) {
    out.push({ what: `durable load N=${n}: ${sqlite.errors} errors`, ok: sqlite.errors === 0, hard: true });
    if (n === "500")
      out.push({ what: `durable load N=500 p95 ${sqlite.p95} ms ≤ 20`, ok: sqlite.p95 <= 20, hard: false });
  }
  for (const restart of durability?.restart ?? []) {
    if (restart.docs !== 100_000) continue;
    out.push({
      what: `restart with 100k docs: first answer ${restart.first_answer_ms} ms < 2000`,
      ok: restart.first_answer_ms < 2000,
      hard: false,
    });
    out.push({
      what: `restart with 100k docs: RSS ${restart.backend_memory_mb.rssMb} MB < 300`,
      ok: restart.backend_memory_mb.rssMb < 300,
      hard: false,
    });
  }
  const stalls = r.stalls as StallsResult | undefined;
  if (stalls) {
    const signups = stalls.query_ms_during_40_signups.p95;
    out.push({ what: `query p95 during 40 sign-ups ${signups} ms ≤ 50`, ok: signups <= 50, hard: false });
    const reader = stalls.stalled_reader_rss_mb;
    out.push({ what: `stalled reader closed by the server`, ok: reader.closed_by_server, hard: true });
  }
  return out;
}

const row = (label: string, value: string) => console.log(`  ${label.padEnd(40)} ${value}`);

export function printReport(r: Results): void {
  console.log("\ntabbook benchmark");
  const machine = r.machine as { cpus: number; cpu_model: string; memory_gib: number; node: string };
  row("machine", `${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gib} GiB, Node ${machine.node}`);
  for (const [key, who] of [
    ["restore_ms", "guest"],
    ["restore_signed_in_ms", "signed in"],
  ] as const) {
    const restore = r[key] as RestoreResult | undefined;
    if (!restore) continue;
    row(
      `restore after reload (app, ${who}) p50 / p95`,
      `${restore.p50} / ${restore.p95} ms (${restore.reloads} reloads)`,
    );
    row("  …from localStorage p50 / p95", `${restore.baseline_p50} / ${restore.baseline_p95} ms`);
    row("  …ratio of p95s", String(restore.ratio_p95));
    row(
      "  …timeline p50 (ms from navigation)",
      Object.entries(restore.timeline_p50_ms)
        .sort(([, a], [, b]) => a - b)
        .map(([name, at]) => `${name} ${at}`)
        .join(", "),
    );
  }
  const lost = r.lost_chars_on_reload as LostCharsResult | undefined;
  if (lost) {
    row(
      "characters lost on reload",
      `${lost.lost_chars} of ${lost.typed_chars} (${lost.trials} trials, 0–500 ms)`,
    );
    row("  …missing when the form first showed", String(lost.lost_chars_at_first_render));
  }
  if (r.autosave_writes_by_pace) {
    const byPace = r.autosave_writes_by_pace as Record<string, number>;
    row(
      "autosave writes per 100 keystrokes",
      Object.entries(byPace)
        .map(([pace, n]) => `${n} at ${pace.replace("_per_key", "/key")}`)
        .join(", "),
    );
  }
  if (r.bundle_gzip_kb !== undefined) row("initial JS, gzipped", `${r.bundle_gzip_kb as number} kB`);
  if (r.heartbeat_rerun_draft_queries !== undefined) {
    const detail = r.heartbeat_reruns_detail as {
      tabs: number;
      beats_app: number;
      beats_session_doc: number;
    };
    row(
      "draft/availability re-runs from beats",
      `${r.heartbeat_rerun_draft_queries as number} (${detail.beats_app} beats, ${detail.tabs} tabs)`,
    );
    row(
      "  …with one session document per tab",
      `${r.session_doc_rerun_queries as number} (${detail.beats_session_doc} beats)`,
    );
  }
  const reads = r.availability_docs_read as Record<string, number> | undefined;
  if (reads)
    row(
      "day availability docs read",
      Object.entries(reads)
        .map(([n, docs]) => `${docs} with ${n} bookings`)
        .join(", "),
    );
  const load = r.load as Record<string, LoadResult> | undefined;
  for (const [n, f] of Object.entries(load ?? {})) {
    row(
      `load N=${n} p50 / p95 / p99`,
      `${f.p50} / ${f.p95} / ${f.p99} ms, ${f.mutations_per_s} mutations/s, ${f.errors} errors, backend RSS ${f.backend_memory_mb.rssMb} MB`,
    );
  }
  const auth = r.auth_failed_sign_in_ms as AuthTimingResult | undefined;
  if (auth) {
    row("failed sign-in, account exists p50 / p95", `${auth.known_p50} / ${auth.known_p95} ms`);
    row("failed sign-in, no account p50 / p95", `${auth.unknown_p50} / ${auth.unknown_p95} ms`);
  }
  const durability = r.durability as DurabilityResult | undefined;
  for (const [n, figures] of Object.entries(durability?.load ?? {})) {
    for (const [engine, f] of Object.entries(figures)) {
      row(
        `${engine} engine N=${n} p50 / p95`,
        `${f.p50} / ${f.p95} ms, ${f.mutations_per_s} mutations/s (each answered after its fsync), ${f.errors} errors, RSS ${f.backend_memory_mb.rssMb} MB`,
      );
    }
  }
  for (const restart of durability?.restart ?? []) {
    row(
      `restart with ${restart.docs} docs`,
      `first answer ${restart.first_answer_ms} ms, RSS ${restart.backend_memory_mb.rssMb} MB`,
    );
  }
  const stalls = r.stalls as StallsResult | undefined;
  if (stalls) {
    const latency = (l: { p50: number; p95: number; max: number }) => `${l.p50} / ${l.p95} / ${l.max} ms`;
    const batch = stalls.query_ms_during_300_subscription_batch;
    row("query p50 / p95 / max, 300-query batch", `${latency(batch)} (batch ${batch.batch_ms} ms)`);
    const signups = stalls.query_ms_during_40_signups;
    row("query p50 / p95 / max, 40 sign-ups", `${latency(signups)} (sign-ups ${signups.signups_ms} ms)`);
    const reader = stalls.stalled_reader_rss_mb;
    row(
      "RSS with a stalled reader",
      `${reader.before} → peak ${reader.peak} → ${reader.after} MB, closed by server: ${reader.closed_by_server}`,
    );
  }
  console.log("");
  for (const v of verdicts(r))
    console.log(`  ${v.ok ? "PASS" : v.hard ? "FAIL" : "MISS"}  ${v.what}${v.hard ? "" : " (goal)"}`);
}
