import { createFileRoute } from "@tanstack/react-router";
import { stepBeforeLoad } from "../../lib/stepGuard";
import { DetailsStep } from "./-components/DetailsStep";

export const Route = createFileRoute("/book/details")({
  beforeLoad: stepBeforeLoad("details"),
  component: DetailsStep,
});
