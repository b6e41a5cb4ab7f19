import { createFileRoute } from "@tanstack/react-router";
import { stepBeforeLoad } from "../../lib/stepGuard";
import { ReviewStep } from "./-components/ReviewStep";

export const Route = createFileRoute("/book/review")({
  beforeLoad: stepBeforeLoad("review"),
  component: ReviewStep,
});
