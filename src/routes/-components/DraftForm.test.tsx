import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConvexError } from "convex/values";
import { DraftForm } from "./DraftForm";

afterEach(cleanup);

describe("DraftForm", () => {
  it("starts from the server's draft and saves what the user typed", async () => {
    const onSave = vi.fn().mockResolvedValue(null);
    render(<DraftForm initial={{ note: "from server", step: "time" }} onSave={onSave} />);
    const input = screen.getByLabelText<HTMLInputElement>("Note for this tab");
    expect(input.value).toBe("from server");
    fireEvent.change(input, { target: { value: "  typed note " } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledWith({ note: "typed note", step: "time" }));
  });

  it("shows the validation message for an over-long note and does not save", async () => {
    const onSave = vi.fn();
    render(<DraftForm initial={null} onSave={onSave} />);
    const input = screen.getByLabelText("Note for this tab");
    fireEvent.change(input, { target: { value: "x".repeat(201) } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Keep the note under 201 characters.")).toBeTruthy();
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe("note-error");
    expect(onSave).not.toHaveBeenCalled();
  });

  it("shows the server's message when saving fails", async () => {
    const onSave = vi
      .fn()
      .mockRejectedValue(new ConvexError({ code: "INVALID_SESSION", message: "Reload the page." }));
    render(<DraftForm initial={null} onSave={onSave} />);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Reload the page.");
  });
});
