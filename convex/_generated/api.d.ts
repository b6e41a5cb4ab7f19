/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as accountMailer from "../accountMailer.js";
import type * as agenda from "../agenda.js";
import type * as audit from "../audit.js";
import type * as auth from "../auth.js";
import type * as availability from "../availability.js";
import type * as bookingVerification from "../bookingVerification.js";
import type * as bookings from "../bookings.js";
import type * as catalog from "../catalog.js";
import type * as crons from "../crons.js";
import type * as drafts from "../drafts.js";
import type * as expiry from "../expiry.js";
import type * as forms_accountForm from "../forms/accountForm.js";
import type * as forms_cancelForm from "../forms/cancelForm.js";
import type * as forms_detailsForm from "../forms/detailsForm.js";
import type * as forms_manageForm from "../forms/manageForm.js";
import type * as forms_moveForm from "../forms/moveForm.js";
import type * as forms_overrideForm from "../forms/overrideForm.js";
import type * as forms_providerForm from "../forms/providerForm.js";
import type * as forms_providerSettingsForm from "../forms/providerSettingsForm.js";
import type * as forms_referenceForm from "../forms/referenceForm.js";
import type * as forms_serviceEditorForm from "../forms/serviceEditorForm.js";
import type * as forms_serviceForm from "../forms/serviceForm.js";
import type * as forms_timeForm from "../forms/timeForm.js";
import type * as forms_timeOffForm from "../forms/timeOffForm.js";
import type * as forms_timeRange from "../forms/timeRange.js";
import type * as heartbeats from "../heartbeats.js";
import type * as holds from "../holds.js";
import type * as http from "../http.js";
import type * as lib_accountEmails from "../lib/accountEmails.js";
import type * as lib_agenda from "../lib/agenda.js";
import type * as lib_appointmentMode from "../lib/appointmentMode.js";
import type * as lib_audit from "../lib/audit.js";
import type * as lib_availability from "../lib/availability.js";
import type * as lib_beaconUser from "../lib/beaconUser.js";
import type * as lib_bookingChanges from "../lib/bookingChanges.js";
import type * as lib_bookingHold from "../lib/bookingHold.js";
import type * as lib_bookingReference from "../lib/bookingReference.js";
import type * as lib_bookingSummary from "../lib/bookingSummary.js";
import type * as lib_bookingVerification from "../lib/bookingVerification.js";
import type * as lib_calendarArgs from "../lib/calendarArgs.js";
import type * as lib_closedHolds from "../lib/closedHolds.js";
import type * as lib_config from "../lib/config.js";
import type * as lib_draftProgress from "../lib/draftProgress.js";
import type * as lib_drafts from "../lib/drafts.js";
import type * as lib_emailTemplates from "../lib/emailTemplates.js";
import type * as lib_formArgs from "../lib/formArgs.js";
import type * as lib_holds from "../lib/holds.js";
import type * as lib_invites from "../lib/invites.js";
import type * as lib_liveness from "../lib/liveness.js";
import type * as lib_mailConfig from "../lib/mailConfig.js";
import type * as lib_manageTokens from "../lib/manageTokens.js";
import type * as lib_moveBooking from "../lib/moveBooking.js";
import type * as lib_newcomerShare from "../lib/newcomerShare.js";
import type * as lib_openHours from "../lib/openHours.js";
import type * as lib_outbox from "../lib/outbox.js";
import type * as lib_publicFunctions from "../lib/publicFunctions.js";
import type * as lib_rateLimits from "../lib/rateLimits.js";
import type * as lib_reschedule from "../lib/reschedule.js";
import type * as lib_roleFunctions from "../lib/roleFunctions.js";
import type * as lib_sessionFunctions from "../lib/sessionFunctions.js";
import type * as lib_sessionState from "../lib/sessionState.js";
import type * as lib_signInThrottle from "../lib/signInThrottle.js";
import type * as lib_slug from "../lib/slug.js";
import type * as lib_uniformPassword from "../lib/uniformPassword.js";
import type * as mailer from "../mailer.js";
import type * as manage from "../manage.js";
import type * as myBookings from "../myBookings.js";
import type * as outbox from "../outbox.js";
import type * as passwordAccounts from "../passwordAccounts.js";
import type * as providerAdmin from "../providerAdmin.js";
import type * as seed from "../seed.js";
import type * as serviceAdmin from "../serviceAdmin.js";
import type * as sessions from "../sessions.js";
import type * as settings from "../settings.js";
import type * as shared_beacons from "../shared/beacons.js";
import type * as shared_constants from "../shared/constants.js";
import type * as shared_ics from "../shared/ics.js";
import type * as shared_isoDate from "../shared/isoDate.js";
import type * as shared_sessionId from "../shared/sessionId.js";
import type * as shared_steps from "../shared/steps.js";
import type * as shared_timeBucket from "../shared/timeBucket.js";
import type * as signInThrottle from "../signInThrottle.js";
import type * as team from "../team.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  accountMailer: typeof accountMailer;
  agenda: typeof agenda;
  audit: typeof audit;
  auth: typeof auth;
  availability: typeof availability;
  bookingVerification: typeof bookingVerification;
  bookings: typeof bookings;
  catalog: typeof catalog;
  crons: typeof crons;
  drafts: typeof drafts;
  expiry: typeof expiry;
  "forms/accountForm": typeof forms_accountForm;
  "forms/cancelForm": typeof forms_cancelForm;
  "forms/detailsForm": typeof forms_detailsForm;
  "forms/manageForm": typeof forms_manageForm;
  "forms/moveForm": typeof forms_moveForm;
  "forms/overrideForm": typeof forms_overrideForm;
  "forms/providerForm": typeof forms_providerForm;
  "forms/providerSettingsForm": typeof forms_providerSettingsForm;
  "forms/referenceForm": typeof forms_referenceForm;
  "forms/serviceEditorForm": typeof forms_serviceEditorForm;
  "forms/serviceForm": typeof forms_serviceForm;
  "forms/timeForm": typeof forms_timeForm;
  "forms/timeOffForm": typeof forms_timeOffForm;
  "forms/timeRange": typeof forms_timeRange;
  heartbeats: typeof heartbeats;
  holds: typeof holds;
  http: typeof http;
  "lib/accountEmails": typeof lib_accountEmails;
  "lib/agenda": typeof lib_agenda;
  "lib/appointmentMode": typeof lib_appointmentMode;
  "lib/audit": typeof lib_audit;
  "lib/availability": typeof lib_availability;
  "lib/beaconUser": typeof lib_beaconUser;
  "lib/bookingChanges": typeof lib_bookingChanges;
  "lib/bookingHold": typeof lib_bookingHold;
  "lib/bookingReference": typeof lib_bookingReference;
  "lib/bookingSummary": typeof lib_bookingSummary;
  "lib/bookingVerification": typeof lib_bookingVerification;
  "lib/calendarArgs": typeof lib_calendarArgs;
  "lib/closedHolds": typeof lib_closedHolds;
  "lib/config": typeof lib_config;
  "lib/draftProgress": typeof lib_draftProgress;
  "lib/drafts": typeof lib_drafts;
  "lib/emailTemplates": typeof lib_emailTemplates;
  "lib/formArgs": typeof lib_formArgs;
  "lib/holds": typeof lib_holds;
  "lib/invites": typeof lib_invites;
  "lib/liveness": typeof lib_liveness;
  "lib/mailConfig": typeof lib_mailConfig;
  "lib/manageTokens": typeof lib_manageTokens;
  "lib/moveBooking": typeof lib_moveBooking;
  "lib/newcomerShare": typeof lib_newcomerShare;
  "lib/openHours": typeof lib_openHours;
  "lib/outbox": typeof lib_outbox;
  "lib/publicFunctions": typeof lib_publicFunctions;
  "lib/rateLimits": typeof lib_rateLimits;
  "lib/reschedule": typeof lib_reschedule;
  "lib/roleFunctions": typeof lib_roleFunctions;
  "lib/sessionFunctions": typeof lib_sessionFunctions;
  "lib/sessionState": typeof lib_sessionState;
  "lib/signInThrottle": typeof lib_signInThrottle;
  "lib/slug": typeof lib_slug;
  "lib/uniformPassword": typeof lib_uniformPassword;
  mailer: typeof mailer;
  manage: typeof manage;
  myBookings: typeof myBookings;
  outbox: typeof outbox;
  passwordAccounts: typeof passwordAccounts;
  providerAdmin: typeof providerAdmin;
  seed: typeof seed;
  serviceAdmin: typeof serviceAdmin;
  sessions: typeof sessions;
  settings: typeof settings;
  "shared/beacons": typeof shared_beacons;
  "shared/constants": typeof shared_constants;
  "shared/ics": typeof shared_ics;
  "shared/isoDate": typeof shared_isoDate;
  "shared/sessionId": typeof shared_sessionId;
  "shared/steps": typeof shared_steps;
  "shared/timeBucket": typeof shared_timeBucket;
  signInThrottle: typeof signInThrottle;
  team: typeof team;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
