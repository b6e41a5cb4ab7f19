import { createFileRoute } from "@tanstack/react-router";
import { ManageBooking } from "./-components/ManageBooking";

// A booking's private manage link, opened without an account (emails, .ics, confirmation page).
export const Route = createFileRoute("/manage/$token")({ component: ManageBooking });
