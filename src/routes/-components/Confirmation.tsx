import { useMemo } from "react";
import { Link, useRouteContext } from "@tanstack/react-router";
import { useSessionQuery } from "convex-helpers/react/sessions";
import { api } from "@convex/_generated/api";
import { referenceSchema } from "@convex/forms/referenceForm";
import { StepHeading } from "../../components/StepHeading";
import { formatDateTime, formatPrice } from "../../lib/format";
import { buildIcs } from "@convex/shared/ics";
import { manageUrl } from "../../session/manageLinks";
import { AwaitingEmail } from "./AwaitingEmail";

export function Confirmation({ reference }: { reference: string }) {
  const valid = referenceSchema.safeParse(reference).success;
  const booking = useSessionQuery(api.bookings.confirmation, valid ? { reference } : "skip");
  const { manageLinks } = useRouteContext({ from: "__root__", select: (context) => context.session });
  const token = manageLinks.tokenFor(reference);
  const link = token === null ? null : manageUrl(token);
  const icsHref = useMemo(() => {
    if (!booking) return null;
    const ics = buildIcs({
      uid: `${booking.reference}@tabbook`,
      start: booking.start,
      end: booking.end,
      summary: `${booking.serviceName} with ${booking.providerName}`,
      description: [`tabbook booking ${booking.reference}`, ...(link ? [`Manage: ${link}`] : [])].join("\n"),
    });
    return `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
  }, [booking, link]);

  if (valid && booking === undefined) return <p aria-busy="true">Loading your booking…</p>;
  if (!booking) {
    return (
      <section className="card">
        <StepHeading>We can't show this booking here</StepHeading>
        <p>
          Booking details are shown only in the tab that made the booking. Check your confirmation, or start a
          new booking.
        </p>
        <Link to="/book/service" className="button-primary">
          Book an appointment
        </Link>
      </section>
    );
  }
  if (booking.status === "pending" || booking.status === "expired")
    return <AwaitingEmail booking={booking} />;
  const cancelled = booking.status === "cancelled";
  return (
    <section className="card">
      <StepHeading>{cancelled ? "This booking was cancelled" : "You're booked"}</StepHeading>
      {cancelled && (
        <p role="status" className="banner-warning cancel-notice">
          {booking.cancelledBy === "business"
            ? `Cancelled by the business. Reason: ${booking.cancelReason ?? "none given"}`
            : "You cancelled this booking."}
        </p>
      )}
      <p className="reference">
        Reference <strong>{booking.reference}</strong>
      </p>
      <dl className="summary">
        <div className="summary-row">
          <dt>What</dt>
          <dd>
            {booking.serviceName} with {booking.providerName}
          </dd>
        </div>
        <div className="summary-row">
          <dt>When</dt>
          <dd>
            {formatDateTime(booking.start, booking.timeZone)} ({booking.timeZone.replace(/_/g, " ")})
          </dd>
        </div>
        <div className="summary-row">
          <dt>Name</dt>
          <dd>{booking.name}</dd>
        </div>
        <div className="summary-row">
          <dt>Email</dt>
          <dd>{booking.email}</dd>
        </div>
        <div className="summary-row">
          <dt>Price</dt>
          <dd>{formatPrice(booking.priceCents, booking.currency)}, paid at the visit</dd>
        </div>
      </dl>
      <ManageLinkNote link={link} />
      <div className="actions">
        {icsHref && !cancelled && (
          <a href={icsHref} download={`tabbook-${booking.reference}.ics`} className="button-secondary">
            Add to calendar (.ics)
          </a>
        )}
        <Link to="/book/service" className="button-link">
          Book another appointment
        </Link>
      </div>
    </section>
  );
}

/** The private manage link, shown only here and only in the tab that booked (the email has its own). */
function ManageLinkNote({ link }: { link: string | null }) {
  if (link === null) {
    return (
      <p className="manage-link">We emailed you a private link to view, change or cancel this booking.</p>
    );
  }
  return (
    <div className="manage-link">
      <p>
        Your private link to view, change or cancel this booking (we also emailed it to you). Anyone with it
        can change the booking, so keep it to yourself:
      </p>
      <p>
        <a href={link} className="manage-link-url">
          {link}
        </a>
      </p>
    </div>
  );
}
