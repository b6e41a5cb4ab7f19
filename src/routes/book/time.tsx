import { createFileRoute } from "@tanstack/react-router";
import { isIsoDate } from "@convex/shared/isoDate";
import { stepBeforeLoad } from "../../lib/stepGuard";
import { TimeStep } from "./-components/TimeStep";

export const Route = createFileRoute("/book/time")({
  beforeLoad: stepBeforeLoad("time"),
  component: TimeStep,
  // The day being looked at is shareable and personal-data-free, so it lives in the URL.
  validateSearch: (search: Record<string, unknown>): { date?: string } => ({
    date: isIsoDate(search.date) ? search.date : undefined,
  }),
});
