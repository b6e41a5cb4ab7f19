// `beforeLoad` guard for the flow's steps: reads the tab's draft on every
// navigation and sends a deep link to the first unfinished step. Right after
// a reload the answer index.html fetched is used until the socket has its own.
// A step that passed its guard gets its draft typed for that step.
import { redirect } from "@tanstack/react-router";
import { api } from "@convex/_generated/api";
import type { Step } from "@convex/shared/constants";
import { allowedStep, missingStep } from "@convex/shared/steps";
import type { RouterContext } from "./routerContext";
import type { DraftAnswer } from "../session/firstDraft";
import { STEP_PATHS } from "./steps";
import { beaconRev, clearBeaconRev } from "../session/beaconRev";

export async function loadDraft(context: RouterContext): Promise<DraftAnswer> {
  const draft = await askForDraft(context);
  const expected = beaconRev();
  if (expected === 0 || draft === null || draft.detailsRev >= expected) {
    if (expected !== 0) clearBeaconRev();
    return draft;
  }
  // The page before this reload sent its last typing by beacon, and the answer predates it.
  const fresher = await draftAtRev(context, expected);
  clearBeaconRev();
  return fresher ?? draft;
}

async function askForDraft({ convex, sessionId, session }: RouterContext): Promise<DraftAnswer> {
  const first = await session.firstDraftFor(convex, sessionId);
  if (first !== undefined) return first;
  // Asked as the signed-in user, or a bound draft would look like none.
  await session.signedIn();
  return convex.query(api.drafts.get, { sessionId });
}

const BEACON_WAIT_MS = 1500;

/** The socket's draft once it has `rev` (or undefined if that save has not landed in time). */
function draftAtRev({ convex, sessionId }: RouterContext, rev: number): Promise<DraftAnswer | undefined> {
  const watch = convex.watchQuery(api.drafts.get, { sessionId });
  return new Promise((resolve) => {
    const done = (draft: DraftAnswer | undefined) => {
      unsubscribe();
      clearTimeout(timer);
      resolve(draft);
    };
    const check = () => {
      let draft: DraftAnswer | undefined;
      try {
        draft = watch.localQueryResult();
      } catch {
        return done(undefined);
      }
      if (draft !== undefined && (draft === null || draft.detailsRev >= rev)) done(draft);
    };
    const timer = setTimeout(() => done(undefined), BEACON_WAIT_MS);
    const unsubscribe = watch.onUpdate(check);
    check();
  });
}

export type LoadedDraft = DraftAnswer;
type Draft = NonNullable<DraftAnswer>;
type Has<K extends keyof Draft> = Draft & { [P in K]-?: NonNullable<Draft[P]> };

/** What a step may rely on once its guard let the tab in: every earlier step's choice. */
export type DraftAt<S extends Step> = {
  service: DraftAnswer;
  provider: Has<"serviceId">;
  time: Has<"serviceId" | "providerChoice">;
  details: Has<"serviceId" | "providerChoice" | "start">;
  review: Has<"serviceId" | "providerChoice" | "start">;
}[S];

const NEEDS: Record<Step, (keyof Draft)[]> = {
  service: [],
  provider: ["serviceId"],
  time: ["serviceId", "providerChoice"],
  details: ["serviceId", "providerChoice", "start"],
  review: ["serviceId", "providerChoice", "start"],
};

/** Whether `draft` has every earlier step's choice, so the tab can show `step`. */
export function reaches<S extends Step>(draft: DraftAnswer, step: S): draft is DraftAt<S> {
  if (step === "service") return true;
  return draft !== null && NEEDS[step].every((key) => draft[key] !== undefined);
}

/** A step route's `beforeLoad`: the draft guard for `step`. */
export function stepBeforeLoad<S extends Step>(step: S) {
  return ({ context }: { context: RouterContext }) => guardStep(context, step);
}

export async function guardStep<S extends Step>(
  context: RouterContext,
  step: S,
): Promise<{ draft: DraftAt<S> }> {
  const draft = await loadDraft(context);
  performance.mark("tabbook:guard");
  const allowed = allowedStep(step, missingStep(draft));
  if (allowed !== step || !reaches(draft, step)) throw redirect({ to: STEP_PATHS[allowed], replace: true });
  return { draft };
}
