import { createFileRoute, redirect } from "@tanstack/react-router";
import { MyBookings } from "./-components/MyBookings";

export const Route = createFileRoute("/bookings")({
  beforeLoad: async ({ context, location }) => {
    if (!(await context.session.signedIn()))
      throw redirect({ to: "/signin", search: { redirect: location.pathname } });
  },
  component: MyBookings,
});
