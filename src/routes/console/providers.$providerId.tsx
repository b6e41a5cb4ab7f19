import { createFileRoute } from "@tanstack/react-router";
import { requireProvider } from "../../lib/consoleGuard";
import { providerIdFrom } from "../../lib/routeIds";
import { ProviderPage } from "./-components/ProviderPage";

export const Route = createFileRoute("/console/providers/$providerId")({
  params: {
    parse: ({ providerId }) => ({ providerId: providerIdFrom(providerId) }),
    stringify: ({ providerId }) => ({ providerId }),
  },
  beforeLoad: ({ context, params }) => requireProvider(context.member, params.providerId),
  component: ProviderPage,
});
