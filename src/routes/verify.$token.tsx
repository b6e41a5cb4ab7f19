import { createFileRoute } from "@tanstack/react-router";
import { VerifyBooking } from "./-components/VerifyBooking";

// The link in a pending booking's email: confirms the customer's address, and with it the booking.
export const Route = createFileRoute("/verify/$token")({ component: VerifyBooking });
