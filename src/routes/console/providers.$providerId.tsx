import { createFileRoute } from "@tanstack/react-router";
import { requireProvider } from "../../lib/consoleGuard";
import { ConsoleError } from "./-components/ConsoleError";
import { ProviderPage } from "./-components/ProviderPage";

export const Route = createFileRoute("/console/providers/$providerId")({
  beforeLoad: ({ context, params }) => requireProvider(context.member, params.providerId),
  errorComponent: ConsoleError,
  component: ProviderPage,
});
