import type { WebSocketRoute } from "@playwright/test";
import { test, expect } from "./fixtures.js";
import { heading, holdFirstFreeTime, startBooking } from "./flow.js";

test("when the connection drops the tab says it is reconnecting, and details typed meanwhile are saved when it returns", async ({
  page,
}) => {
  // Loopback traffic ignores the browser's offline mode, so cut the sync socket here.
  let offline = false;
  const sockets = new Set<WebSocketRoute>();
  await page.routeWebSocket(/\/api\/[^/]+\/sync$/, (socket) => {
    if (offline) return socket.close();
    socket.connectToServer();
    sockets.add(socket);
  });

  await startBooking(page, { service: "Sports massage", provider: "Sam Ortiz" });
  await holdFirstFreeTime(page);
  const banner = page.getByText(/^Reconnecting…/);
  await expect(banner).toBeHidden();

  offline = true;
  for (const socket of sockets) await socket.close();
  await expect(banner).toBeVisible();
  await page.getByLabel("Full name").fill("Written Offline");
  await page.getByLabel("Email").focus();
  await expect(page.getByText("Saving…")).toBeVisible();

  offline = false;
  await expect(banner).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText("All changes saved.")).toBeVisible();
  await page.reload();
  await expect(heading(page, "Your details")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Written Offline");
});
