// Runs the jobs declared in the functions dir's crons.ts on their schedules
// (UTC), with real timers, as a deployment's cron scheduler would. With a
// state store, each job's last run survives a restart: a run missed while
// the backend was down happens once on start.
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Engine } from "./engine.js";
import { host, rootTimeout } from "./hostContext.js";

type Schedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };
type CronJob = { name: string; args: JSONValue[]; schedule: Schedule };

/** Where each job's last scheduled run time is kept (the durable engine's globals). */
export type CronState = {
  lastRun(identifier: string): number | undefined;
  recordRun(identifier: string, at: number): void;
};

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

export class CronRunner {
  private timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly engine: Engine,
    private readonly log: (line: string) => void,
    private readonly state: CronState | null = null,
  ) {}

  /** Replaces the running jobs with those of a crons.ts module (or none). */
  load(module: Record<string, unknown> | null): void {
    this.stop();
    const crons = (module?.default as { crons?: Record<string, CronJob> } | undefined)?.crons ?? {};
    for (const [identifier, job] of Object.entries(crons))
      this.arm(identifier, job, this.state?.lastRun(identifier) ?? Date.now());
  }

  stop(): void {
    for (const timer of this.timers.values()) host.clearTimeout(timer);
    this.timers.clear();
  }

  private arm(identifier: string, job: CronJob, after: number): void {
    let next: number;
    try {
      next = nextRun(job.schedule, after);
    } catch (error) {
      this.log(`cron "${identifier}": ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const timer = rootTimeout(
      () => {
        this.state?.recordRun(identifier, next);
        void this.run(identifier, job).finally(() => {
          if (this.timers.get(identifier) === timer) this.arm(identifier, job, Math.max(next, Date.now()));
        });
      },
      Math.max(0, next - Date.now()),
    );
    timer.unref();
    this.timers.set(identifier, timer);
  }

  private async run(identifier: string, job: CronJob): Promise<void> {
    const info = await this.engine.describe(job.name).catch(() => null);
    if (info === null || info.kind === "query") {
      this.log(`cron "${identifier}": ${job.name} is not a mutation or action`);
      return;
    }
    const args = jsonToConvex(job.args[0] ?? {}) as Record<string, Value>;
    const outcome =
      info.kind === "mutation"
        ? await this.engine.runMutation(job.name, args, null)
        : await this.engine.runAction(job.name, args, null);
    if (!outcome.ok) this.log(`cron "${identifier}" (${job.name}) failed: ${outcome.errorMessage}`);
  }
}

export function nextRun(schedule: Schedule, after: number): number {
  const d = new Date(after);
  const at = (y: number, mo: number, day: number, h: number, mi: number) => Date.UTC(y, mo, day, h, mi);
  switch (schedule.type) {
    case "interval": {
      const ms =
        ((schedule.hours ?? 0) * 3600 + (schedule.minutes ?? 0) * 60 + (schedule.seconds ?? 0)) * 1000;
      if (!(ms > 0)) throw new Error("interval must be positive");
      return after + ms;
    }
    case "hourly": {
      let t = at(
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        d.getUTCHours(),
        schedule.minuteUTC ?? 0,
      );
      if (t <= after) t += 3600_000;
      return t;
    }
    case "daily": {
      let t = at(
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate(),
        schedule.hourUTC,
        schedule.minuteUTC ?? 0,
      );
      if (t <= after) t += 86_400_000;
      return t;
    }
    case "weekly": {
      const target = DAYS.indexOf(schedule.dayOfWeek.toLowerCase());
      if (target < 0) throw new Error(`unknown day of week ${schedule.dayOfWeek}`);
      const delta = (target - d.getUTCDay() + 7) % 7;
      let t = at(
        d.getUTCFullYear(),
        d.getUTCMonth(),
        d.getUTCDate() + delta,
        schedule.hourUTC,
        schedule.minuteUTC ?? 0,
      );
      if (t <= after) t += 7 * 86_400_000;
      return t;
    }
    case "monthly": {
      let t = at(
        d.getUTCFullYear(),
        d.getUTCMonth(),
        schedule.day,
        schedule.hourUTC,
        schedule.minuteUTC ?? 0,
      );
      if (t <= after)
        t = at(
          d.getUTCFullYear(),
          d.getUTCMonth() + 1,
          schedule.day,
          schedule.hourUTC,
          schedule.minuteUTC ?? 0,
        );
      return t;
    }
    case "cron":
      return nextCronTime(schedule.cron, after);
  }
}

function parseField(field: string, min: number, max: number): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo = min;
    let hi = max;
    if (range !== "*") {
      const [a, b] = range.split("-").map(Number);
      lo = a;
      hi = b ?? (stepText === undefined ? a : max);
    }
    if (![lo, hi, step].every(Number.isInteger) || lo < min || hi > max || step < 1) {
      throw new Error(`invalid cron field "${field}"`);
    }
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return values;
}

/** The next minute after `after` matching a 5-field cron expression, in UTC. */
export function nextCronTime(expression: string, after: number): number {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`cron expression "${expression}" must have 5 fields`);
  const [minutes, hours, days, months, weekdays] = [
    parseField(fields[0], 0, 59),
    parseField(fields[1], 0, 23),
    parseField(fields[2], 1, 31),
    parseField(fields[3], 1, 12),
    parseField(fields[4].replace(/\b7\b/g, "0"), 0, 6),
  ];
  const anyDay = fields[2] === "*";
  const anyWeekday = fields[4] === "*";
  let t = Math.floor(after / 60_000) * 60_000 + 60_000;
  for (let i = 0; i < 366 * 24 * 60; i++, t += 60_000) {
    const d = new Date(t);
    if (!minutes.has(d.getUTCMinutes()) || !hours.has(d.getUTCHours()) || !months.has(d.getUTCMonth() + 1))
      continue;
    const dayOk = days.has(d.getUTCDate());
    const weekdayOk = weekdays.has(d.getUTCDay());
    if (anyDay && anyWeekday ? true : anyDay ? weekdayOk : anyWeekday ? dayOk : dayOk || weekdayOk) return t;
  }
  throw new Error(`cron expression "${expression}" never fires`);
}
