import { useEffect, useState } from "react";
import { useQuery } from "convex/react";
import { useSessionQuery } from "convex-helpers/react/sessions";
import { Link } from "@tanstack/react-router";
import type { FunctionReturnType } from "convex/server";
import { api } from "@convex/_generated/api";
import { StepHeading } from "../../components/StepHeading";
import { BookingItem } from "./BookingItem";

export type ListedBooking = NonNullable<FunctionReturnType<typeof api.myBookings.list>>[number];

const MINUTE = 60_000;

/** The clock, ticking once a minute, so a booking moves to "Past" when it ends. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), MINUTE);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function MyBookings() {
  const bookings = useQuery(api.myBookings.list);
  const draft = useSessionQuery(api.drafts.get);
  const draftInProgress = draft?.serviceId !== undefined;
  const now = useMinuteClock();
  if (bookings === undefined) {
    return (
      <section className="card" aria-busy="true">
        <StepHeading>My bookings</StepHeading>
        <p>Loading your bookings…</p>
      </section>
    );
  }
  if (bookings === null) {
    return (
      <section className="card">
        <StepHeading>My bookings</StepHeading>
        <p>
          You are signed out.{" "}
          <Link to="/signin" search={{ redirect: "/bookings" }}>
            Sign in
          </Link>{" "}
          to see your bookings.
        </p>
      </section>
    );
  }
  const list = bookings;
  const upcoming = list.filter((b) => b.status === "confirmed" && b.end > now).reverse();
  const past = list.filter((b) => !upcoming.includes(b));
  return (
    <section className="card">
      <StepHeading>My bookings</StepHeading>
      <h2>Upcoming</h2>
      {upcoming.length === 0 ? (
        <p>
          No upcoming bookings. <Link to="/">Book an appointment</Link>
        </p>
      ) : (
        <ul className="booking-list" aria-label="Upcoming bookings">
          {upcoming.map((booking) => (
            <BookingItem
              key={booking.reference}
              booking={booking}
              changeable={booking.start > now}
              draftInProgress={draftInProgress}
            />
          ))}
        </ul>
      )}
      <h2>Past and cancelled</h2>
      {past.length === 0 ? (
        <p>Nothing here yet.</p>
      ) : (
        <ul className="booking-list" aria-label="Past and cancelled bookings">
          {past.map((booking) => (
            <BookingItem
              key={booking.reference}
              booking={booking}
              changeable={false}
              draftInProgress={false}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
