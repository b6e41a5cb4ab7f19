import { createFileRoute } from "@tanstack/react-router";
import { stepBeforeLoad } from "../../lib/stepGuard";
import { ProviderStep } from "./-components/ProviderStep";

export const Route = createFileRoute("/book/provider")({
  beforeLoad: stepBeforeLoad("provider"),
  component: ProviderStep,
});
