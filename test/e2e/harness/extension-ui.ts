import type { BrowserContext, Locator, Page } from 'playwright-core';

/**
 * Signs in through the extension's real popup page (opened as a tab: headless Chromium has no toolbar to click).
 * Resolves once the popup shows the signed-in user.
 */
export async function signInThroughPopup(
  context: BrowserContext,
  extensionId: string,
  serverUrl: string,
  token: string,
): Promise<void> {
  const popup = await openPopup(context, extensionId);
  try {
    await popup.getByTestId('server-url').fill(serverUrl);
    await popup.getByTestId('api-token').fill(token);
    await popup.getByTestId('sign-in').click();
    const outcome = popup.getByTestId('session-user').or(popup.getByRole('alert'));
    await outcome.first().waitFor({ timeout: 15_000 });
    if (!(await popup.getByTestId('session-user').isVisible())) {
      throw new Error(`Sign-in failed: ${await popup.getByRole('alert').first().textContent()}`);
    }
  } finally {
    await popup.close();
  }
}

/** The overlay lives in an open shadow root; Playwright's locators pierce it. */
export function overlayBadge(page: Page): Locator {
  return page.getByTestId('overlay-badge');
}

/** Opens the card from the badge (as a click would) and waits for it. */
export async function openOverlayCard(page: Page): Promise<Locator> {
  const card = page.getByTestId('overlay-card');
  if (!(await card.isVisible())) await overlayBadge(page).click();
  await card.waitFor({ state: 'visible' });
  return card;
}

/** Types a note into the overlay's notes box and saves it with Ctrl+Enter, the way a rep does. */
export async function typeNoteInOverlay(page: Page, text: string): Promise<void> {
  const card = await openOverlayCard(page);
  const input = card.getByTestId('notes-input');
  await input.click();
  await input.fill(text);
  await input.press('Control+Enter');
}

/** The extension's popup page in a tab; the caller closes it. */
export async function openPopup(context: BrowserContext, extensionId: string): Promise<Page> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}
