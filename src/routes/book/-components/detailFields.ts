/** The details step's fields, in order. */
export const DETAIL_FIELDS = [
  { name: "name", label: "Full name", autoComplete: "name" },
  {
    name: "email",
    label: "Email",
    type: "email",
    autoComplete: "email",
    hint: "We send the confirmation here.",
  },
  { name: "phone", label: "Phone (optional)", type: "tel", autoComplete: "tel" },
  { name: "notes", label: "Anything we should know? (optional)", multiline: true },
] as const;
