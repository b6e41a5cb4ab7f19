// The "Check your email" step after "Create account" (or after signing in to
// an account whose email was never confirmed). The server gives one answer
// whether or not the address already has an account, so this page covers
// both: a new account's email holds a code, an existing one's says so.
import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useAuthActions } from "@convex-dev/auth/react";
import { useSessionId } from "convex-helpers/react/sessions";
import { CODE_DIGITS, codeFormSchema, type CodeForm } from "@convex/forms/accountForm";
import { StepHeading } from "../../components/StepHeading";
import { TextField } from "../../components/TextField";
import { userMessage } from "../../lib/errors";

export function ConfirmEmailForm({ email, onBack }: { email: string; onBack: () => void }) {
  const { signIn } = useAuthActions();
  const [sessionId] = useSessionId();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<CodeForm>({
    resolver: zodResolver(codeFormSchema),
    defaultValues: { code: "" },
  });

  const onSubmit = handleSubmit(async ({ code }) => {
    setFailure(null);
    try {
      await signIn("password", { flow: "email-verification", email, code, client: sessionId ?? "" });
    } catch (error) {
      setFailure(userMessage(error, "Couldn't check the code. Check your connection and try again."));
    }
  });

  return (
    <section className="card">
      <StepHeading>Check your email</StepHeading>
      <p>
        We sent a message to <strong>{email}</strong>. If this is a new account, it holds a {CODE_DIGITS}
        -digit code: enter it below. The code works for 15 minutes.
      </p>
      <p>If the email says you already have an account, sign in with your password instead.</p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <TextField
          id="account-code"
          label="Code from the email"
          autoComplete="one-time-code"
          maxLength={CODE_DIGITS}
          field={register("code")}
          error={formState.errors.code}
        />
        {failure && (
          <p role="alert" className="field-error">
            {failure}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? "Checking…" : "Confirm email"}
          </button>
          <button type="button" className="text-button" onClick={onBack}>
            Back to sign in
          </button>
        </div>
      </form>
    </section>
  );
}
