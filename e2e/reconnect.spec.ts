import type { WebSocketRoute } from "@playwright/test";
import { test, expect } from "./fixtures.js";

test("when the connection drops the tab says it is reconnecting, and a save made meanwhile lands when it returns", async ({
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

  await page.goto("/");
  await expect(page.getByText("Nothing saved in this tab yet.")).toBeVisible();
  const banner = page.getByText(/^Reconnecting…/);
  await expect(banner).toBeHidden();

  offline = true;
  for (const socket of sockets) await socket.close();
  await expect(banner).toBeVisible();
  await page.getByLabel("Note for this tab").fill("saved while offline");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();

  offline = false;
  await expect(banner).toBeHidden({ timeout: 15_000 });
  await expect(page.getByText("Saved on the server: “saved while offline”")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Note for this tab")).toHaveValue("saved while offline");
});
