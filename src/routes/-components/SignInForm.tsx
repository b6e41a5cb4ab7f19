import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useNavigate, useRouteContext } from "@tanstack/react-router";
import { useAuthActions } from "@convex-dev/auth/react";
import { useSessionId } from "convex-helpers/react/sessions";
import { accountFormSchema, PASSWORD_MAX, PASSWORD_MIN, type AccountForm } from "@convex/forms/accountForm";
import { LIMITS } from "@convex/shared/constants";
import { StepHeading } from "../../components/StepHeading";
import { TextField } from "../../components/TextField";
import { useStore } from "../../lib/store";
import { accountErrorMessage } from "./accountErrorMessage";
import { ConfirmEmailForm } from "./ConfirmEmailForm";

/**
 * Sign in or create an account. The tab's booking in progress comes along:
 * once signed in, the tab's session rotates and its draft is carried over,
 * and only then does the page go back to where the person was.
 */
export function SignInForm({ redirectTo }: { redirectTo: string }) {
  const { signIn } = useAuthActions();
  const [sessionId] = useSessionId();
  const phase = useStore(useRouteContext({ from: "__root__" }).session.accountPhase);
  const navigate = useNavigate();
  const [flow, setFlow] = useState<AccountForm["flow"]>("signIn");
  const [failure, setFailure] = useState<string | null>(null);
  // Set once the server answered "check your email" (sign-up, or an unconfirmed account).
  const [checkEmail, setCheckEmail] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<AccountForm>({
    resolver: zodResolver(accountFormSchema),
    values: { flow, email: "", password: "" },
    resetOptions: { keepDirtyValues: true },
  });

  useEffect(() => {
    if (phase === "member") void navigate({ to: redirectTo, replace: true });
  }, [phase, navigate, redirectTo]);

  const onSubmit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      // The tab's ID names this client for the sign-in throttle.
      const { signingIn } = await signIn("password", { ...values, client: sessionId ?? "" });
      if (!signingIn) setCheckEmail(values.email.trim().toLowerCase());
    } catch (error) {
      setFailure(accountErrorMessage(error));
    }
  });

  if (checkEmail !== null) {
    return (
      <ConfirmEmailForm
        email={checkEmail}
        onBack={() => {
          setCheckEmail(null);
          setFlow("signIn");
        }}
      />
    );
  }

  const signingUp = flow === "signUp";
  const busy = formState.isSubmitting || phase === "carrying-over";
  return (
    <section className="card">
      <StepHeading>{signingUp ? "Create an account" : "Sign in"}</StepHeading>
      <p>You can book as a guest. With an account you can see, cancel and reschedule your bookings.</p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <TextField
          id="account-email"
          label="Email"
          type="email"
          autoComplete="email"
          maxLength={LIMITS.email}
          field={register("email")}
          error={formState.errors.email}
        />
        <TextField
          id="account-password"
          label="Password"
          type="password"
          autoComplete={signingUp ? "new-password" : "current-password"}
          hint={signingUp ? `At least ${PASSWORD_MIN} characters.` : undefined}
          maxLength={PASSWORD_MAX}
          field={register("password")}
          error={formState.errors.password}
        />
        {failure && (
          <p role="alert" className="field-error">
            {failure}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? "Signing in…" : signingUp ? "Create account" : "Sign in"}
          </button>
          <button
            type="button"
            className="text-button"
            onClick={() => {
              setFailure(null);
              setFlow(signingUp ? "signIn" : "signUp");
            }}
          >
            {signingUp ? "I already have an account" : "New here? Create an account"}
          </button>
        </div>
      </form>
    </section>
  );
}
