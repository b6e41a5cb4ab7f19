import { createFileRoute } from "@tanstack/react-router";
import { stepBeforeLoad } from "../../lib/stepGuard";
import { ServiceStep } from "./-components/ServiceStep";

export const Route = createFileRoute("/book/service")({
  beforeLoad: stepBeforeLoad("service"),
  component: ServiceStep,
});
