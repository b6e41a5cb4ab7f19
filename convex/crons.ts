// Backstop for per-draft expiry schedules: sweeps expired drafts in batches.
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("sweep expired drafts", { minutes: 5 }, internal.expiry.sweep, {});

export default crons;
