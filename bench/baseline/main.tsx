// The restore benchmark's lower bound: the app's details form (same fields,
// schema, form library and styles) restored from localStorage, with no
// server round trip. A benchmark page only: the app itself never keeps
// personal data in browser storage.
import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { LIMITS } from "@convex/shared/constants";
import { EMPTY_DETAILS, detailsFormSchema, type DetailsDraft } from "@convex/forms/detailsForm";
import { TextField } from "../../src/components/TextField";
import { DETAIL_FIELDS } from "../../src/routes/book/-components/detailFields";
import { useStepForm } from "../../src/routes/book/-components/useStepForm";
import "../../src/styles.css";

const KEY = "tabbook.bench.details";

function stored(): DetailsDraft {
  try {
    return { ...EMPTY_DETAILS, ...(JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<DetailsDraft>) };
  } catch {
    return EMPTY_DETAILS;
  }
}

function BaselineDetails() {
  const { register, subscribe } = useStepForm(detailsFormSchema, {
    defaultValues: stored(),
    mode: "onTouched",
  });
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: ({ values }) => localStorage.setItem(KEY, JSON.stringify(values)),
      }),
    [subscribe],
  );
  return (
    <main className="page">
      <section className="card">
        <h1>Your details</h1>
        <form className="form" noValidate>
          {DETAIL_FIELDS.map(({ name, ...field }) => (
            <TextField key={name} id={name} {...field} maxLength={LIMITS[name]} field={register(name)} />
          ))}
        </form>
      </section>
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BaselineDetails />
  </StrictMode>,
);
