// Backstops: sweeps expired drafts, manage grants and old sign-in failure counts in batches, and retries stalled emails.
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

crons.interval("sweep expired drafts", { minutes: 5 }, internal.expiry.sweep, {});

// Outbox rows whose delivery run crashed or whose schedule was lost.
crons.interval("retry stalled emails", { minutes: 1 }, internal.outbox.sweep, {});
crons.interval("sweep expired manage grants", { hours: 1 }, internal.manage.sweepGrants, {});
crons.interval("sweep forgotten sign-in failures", { hours: 1 }, internal.signInThrottle.sweep, {});

export default crons;
