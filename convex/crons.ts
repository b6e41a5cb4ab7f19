// Backstops: sweeps expired drafts and manage grants in batches, and retries stalled emails.
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("sweep expired drafts", { minutes: 5 }, internal.expiry.sweep, {});

// Outbox rows whose delivery run crashed or whose schedule was lost.
crons.interval("retry stalled emails", { minutes: 1 }, internal.outbox.sweep, {});
crons.interval("sweep expired manage grants", { hours: 1 }, internal.manage.sweepGrants, {});

export default crons;
