import { createFileRoute } from "@tanstack/react-router";
import { requireOwner } from "../../lib/consoleGuard";
import { ServicesPage } from "./-components/ServicesPage";

export const Route = createFileRoute("/console/services")({
  beforeLoad: ({ context }) => requireOwner(context.member),
  component: ServicesPage,
});
