import { createFileRoute } from "@tanstack/react-router";
import { requireOwner } from "../../lib/consoleGuard";
import { AuditPage } from "./-components/AuditPage";

export const Route = createFileRoute("/console/audit")({
  beforeLoad: ({ context }) => requireOwner(context.member),
  component: AuditPage,
});
