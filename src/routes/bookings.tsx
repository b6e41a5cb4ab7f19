import { createFileRoute, redirect } from "@tanstack/react-router";
import { MyBookings } from "./-components/MyBookings";

export const Route = createFileRoute("/bookings")({
  beforeLoad: ({ context, location }) => {
    if (!context.isAuthenticated) throw redirect({ to: "/signin", search: { redirect: location.pathname } });
  },
  component: MyBookings,
});
