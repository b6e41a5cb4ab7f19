import { createFileRoute } from "@tanstack/react-router";
import { z } from "zod";
import { dateSchema } from "../../../convex/lib/calendarArgs";
import { stepRoute } from "../../lib/stepRoute";
import { TimeStep } from "./-components/TimeStep";

export const Route = createFileRoute("/book/time")({
  ...stepRoute("time", TimeStep),
  // The day being looked at is shareable and personal-data-free, so it lives in the URL.
  validateSearch: z.object({ date: dateSchema.optional().catch(undefined) }),
});
