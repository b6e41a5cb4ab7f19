import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TimeZoneSelect } from "./TimeZoneSelect";

// jsdom lays nothing out, so it has no scrollIntoView.
beforeAll(() => {
  Element.prototype.scrollIntoView = vi.fn();
});
afterEach(cleanup);

function setup(value = "Europe/London") {
  const onChange = vi.fn();
  render(<TimeZoneSelect value={value} onChange={onChange} />);
  const input = screen.getByRole("combobox", { name: "Times shown in" });
  fireEvent.focus(input);
  return { input, onChange };
}

const key = (element: HTMLElement, name: string) => fireEvent.keyDown(element, { key: name });

describe("TimeZoneSelect", () => {
  it("shows the current zone as a readable label with its offset", () => {
    const { input } = setup("Asia/Tokyo");
    expect((input as HTMLInputElement).value).toBe("Tokyo — GMT+9");
    expect(input.getAttribute("aria-expanded")).toBe("false");
  });

  it("filters by part of a city name and picks the first match with Enter", () => {
    const { input, onChange } = setup();
    fireEvent.change(input, { target: { value: "york" } });
    expect(input.getAttribute("aria-expanded")).toBe("true");
    const options = screen.getAllByRole("option");
    expect(options).toHaveLength(1);
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0].id);
    expect(screen.getByRole("status").textContent).toBe("1 time zone match.");
    key(input, "Enter");
    expect(onChange).toHaveBeenCalledWith("America/New_York");
    expect(input.getAttribute("aria-expanded")).toBe("false");
  });

  it("moves through the matches with the arrow keys, and Escape keeps the zone it had", () => {
    const { input, onChange } = setup();
    key(input, "ArrowDown");
    const selected = screen.getByRole("option", { selected: true });
    expect(input.getAttribute("aria-activedescendant")).toBe(selected.id);
    key(input, "ArrowDown");
    expect(input.getAttribute("aria-activedescendant")).not.toBe(selected.id);
    key(input, "ArrowUp");
    expect(input.getAttribute("aria-activedescendant")).toBe(selected.id);
    fireEvent.change(input, { target: { value: "par" } });
    key(input, "Escape");
    expect(onChange).not.toHaveBeenCalled();
    expect((input as HTMLInputElement).value).toBe("London — GMT+0");
  });

  it("lists the suggested zones first when opened without a query", () => {
    const { input } = setup("Asia/Tokyo");
    key(input, "ArrowDown");
    const labels = screen.getAllByRole("option").map((option) => option.textContent);
    expect(labels[1]).toMatch(/^Tokyo — GMT\+9/);
    expect(labels.slice(0, 15).some((label) => label?.startsWith("New York"))).toBe(true);
  });
});
