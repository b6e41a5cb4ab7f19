// The details step as index.html paints it from the server's answer, before
// the app's code has loaded: rendered to static markup once, at build time
// (vite.config.ts puts it into index.html as a <template>). The inline script
// fills in the four values; src/lib/prepaint.ts hands over to the live step.
import { renderToStaticMarkup } from "react-dom/server";
import type { UseFormRegisterReturn } from "react-hook-form";
import { stepIndex } from "@convex/shared/steps";
import { DetailsCard } from "./DetailsCard";
import { ProgressNav } from "./ProgressSteps";

const noop = () => Promise.resolve();

/** A field with nothing attached: the inline script sets its value; the live step replaces it. */
const staticField = (name: string): UseFormRegisterReturn => ({
  name,
  onChange: noop,
  onBlur: noop,
  ref: () => {},
});

function DetailsPrepaint() {
  return (
    <>
      <header className="site-header">
        <a href="/" className="brand">
          tabbook
        </a>
      </header>
      <main className="page">
        <div className="booking">
          <ProgressNav current="details" reached={stepIndex("details")} plain />
          <DetailsCard field={staticField} status="idle" busy={false} plain />
        </div>
      </main>
    </>
  );
}

export const renderDetailsPrepaint = (): string => renderToStaticMarkup(<DetailsPrepaint />);
