import { Outlet, createFileRoute, useLocation } from "@tanstack/react-router";
import { STEPS } from "@convex/shared/constants";
import { ProgressSteps } from "./-components/ProgressSteps";
import { HoldBanner } from "./-components/HoldBanner";
import { RescheduleNote } from "./-components/RescheduleNote";

export const Route = createFileRoute("/book")({ component: BookingLayout });

function BookingLayout() {
  const pathname = useLocation({ select: (location) => location.pathname });
  const step = STEPS.find((s) => pathname.endsWith(`/${s}`)) ?? "service";
  return (
    <div className="booking">
      <ProgressSteps current={step} />
      <RescheduleNote />
      <HoldBanner step={step} />
      <Outlet />
    </div>
  );
}
