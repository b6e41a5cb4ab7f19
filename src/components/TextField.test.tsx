import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useForm } from "react-hook-form";
import { TextField } from "./TextField";

function NameField({ initial = "" }: { initial?: string }) {
  const { register } = useForm({ defaultValues: { name: initial } });
  return <TextField id="name" label="Full name" maxLength={100} field={register("name")} />;
}

/** A paste as the browser does it: the event, then the text cut to `maxLength`. */
function paste(input: HTMLInputElement, text: string) {
  fireEvent.paste(input, { clipboardData: { getData: () => text } });
  fireEvent.change(input, { target: { value: (input.value + text).slice(0, input.maxLength) } });
}

afterEach(cleanup);

describe("TextField", () => {
  it("says how much of a paste was cut to fit, and describes the field with it", () => {
    render(<NameField />);
    const input = screen.getByLabelText<HTMLInputElement>("Full name");
    paste(input, "x".repeat(5000));
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toBe(
      "Full name can be at most 100 characters, so what you pasted was cut: 4,900 characters were left out.",
    );
    expect(input.getAttribute("aria-describedby")).toContain(alert.id);
  });

  it("says nothing about a paste that fits, and counts characters near the cap", () => {
    render(<NameField initial={"a".repeat(85)} />);
    const input = screen.getByLabelText<HTMLInputElement>("Full name");
    expect(screen.queryByText(/characters$/)).toBeNull();
    paste(input, "b".repeat(10));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByText("95 of 100 characters")).toBeTruthy();
  });

  it("drops the message once the text is shortened below the cap", () => {
    render(<NameField />);
    const input = screen.getByLabelText<HTMLInputElement>("Full name");
    paste(input, "x".repeat(150));
    expect(screen.getByRole("alert")).toBeTruthy();
    fireEvent.change(input, { target: { value: "Ada" } });
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
