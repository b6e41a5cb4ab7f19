// Where each step of the flow lives, and what the progress indicator calls it.
import type { Step } from "@convex/shared/constants";

export const STEP_PATHS = {
  service: "/book/service",
  provider: "/book/provider",
  time: "/book/time",
  details: "/book/details",
  review: "/book/review",
} as const satisfies Record<Step, string>;

export const STEP_LABELS: Record<Step, string> = {
  service: "Service",
  provider: "Provider",
  time: "Date & time",
  details: "Your details",
  review: "Review",
};
