// How an appointment happens, from its service and provider: a video call
// when either is online-only, otherwise in person at the provider's location.
import type { Doc } from "../_generated/dataModel";
import type { AppointmentMode } from "../schema";

export function appointmentMode(
  service: Pick<Doc<"services">, "mode">,
  provider: Pick<Doc<"providers">, "mode">,
): AppointmentMode {
  return service.mode === "online" || provider.mode === "online" ? "online" : "in_person";
}
