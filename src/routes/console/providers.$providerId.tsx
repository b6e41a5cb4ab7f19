import { createFileRoute } from "@tanstack/react-router";
import { requireProvider } from "../../lib/consoleGuard";
import { ProviderPage } from "./-components/ProviderPage";

export const Route = createFileRoute("/console/providers/$providerId")({
  beforeLoad: ({ context, params }) => requireProvider(context.member, params.providerId),
  component: ProviderPage,
});
