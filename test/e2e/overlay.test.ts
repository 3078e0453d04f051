import type { LeadView } from '@leadlight/contract';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type E2eEnvironment, startE2eEnvironment } from './harness/environment';
import { openOverlayCard, overlayBadge, typeNoteInOverlay } from './harness/extension-ui';
import { siteCases } from './sites';

/*
 * The built extension in Debian's Chromium, on fixture pages served at the real host names, against the real API on
 * a temporary SQLite file. What a rep does on each of the five sites: read the seeded lead's stage and score, write a
 * note (Ctrl+Enter) that the API then holds, capture a prospect no lead names yet.
 */

describe('overlay on a known prospect', () => {
  let env: E2eEnvironment;
  const seeded = new Map<string, LeadView>();

  beforeAll(async () => {
    env = await startE2eEnvironment({ name: 'overlay-known' });
    for (const { site, known } of siteCases) {
      const lead = await env.admin.createLead(known.lead);
      seeded.set(site, known.stage ? await env.admin.moveStage(lead.id, known.stage) : lead);
    }
  });

  afterAll(async () => {
    await env?.close();
  });

  test.each(siteCases.map((siteCase) => [siteCase.site, siteCase] as const))(
    '%s: the badge shows the lead’s stage and score; a note typed in the overlay reaches the lead’s history',
    async (site, { known }) => {
      const lead = seeded.get(site)!;
      expect(await env.admin.findLeadId(known.identity)).toBe(lead.id);
      const page = await env.openPage(known.url, known.file);

      const badge = overlayBadge(page);
      await badge.getByTestId('badge-stage').waitFor();
      expect((await badge.getByTestId('badge-stage').textContent())?.toLowerCase()).toBe(lead.stage);
      expect(await badge.getByTestId('badge-score').textContent()).toBe(
        lead.score === null ? '–' : String(Math.round(lead.score)),
      );

      const note = `E2E ${site}: asked about pricing for Q3, call back Tuesday (${Date.now()})`;
      await typeNoteInOverlay(page, note);
      await page
        .getByTestId('notes-status')
        .filter({ hasText: /^Note saved$/ })
        .waitFor();
      await expect.poll(() => env.rep.client.listNoteBodies(lead.id)).toEqual([note]);
      const history = await env.rep.client.listHistoryActions(lead.id);
      expect(history.some((entry) => JSON.stringify(entry.after ?? null).includes(note))).toBe(true);

      await env.screenshot(page, `${site}-known`);
      await page.close();
    },
  );
});

describe('overlay on an unknown prospect', () => {
  let env: E2eEnvironment;

  beforeAll(async () => {
    env = await startE2eEnvironment({ name: 'overlay-unknown' });
  });

  afterAll(async () => {
    await env?.close();
  });

  test.each(siteCases.map((siteCase) => [siteCase.site, siteCase] as const))(
    '%s: an unknown prospect is captured from the overlay and then exists in the API',
    async (site, { unknown }) => {
      expect(await env.admin.findLeadId(unknown.identity)).toBeNull();
      const page = await env.openPage(unknown.url, unknown.file);

      await overlayBadge(page).getByTestId('badge-unknown').waitFor();
      const card = await openOverlayCard(page);
      const form = card.getByTestId('capture-form');
      await form.waitFor();
      const prefilledName = await form.getByTestId('capture-fullName').inputValue();
      expect(prefilledName).not.toBe('');
      await form.getByTestId('capture-submit').click();

      await expect.poll(() => env.admin.findLeadId(unknown.identity), { timeout: 15_000 }).not.toBeNull();
      const lead = await env.admin.getLead((await env.admin.findLeadId(unknown.identity))!);
      expect(lead.fullName).toBe(prefilledName);
      expect(lead.source.channel).toBe('extension');
      // The overlay follows: the card of the new lead, or — the gate refused it and kept it in the review queue —
      // the badge says so and the card gives the gate's reasons.
      const badge = overlayBadge(page);
      await badge.getByTestId('badge-stage').or(badge.getByTestId('badge-refused')).first().waitFor();
      if (await badge.getByTestId('badge-refused').isVisible()) {
        expect(await badge.getByTestId('badge-refused').textContent()).toBe('Kept for review');
        expect(await card.getByTestId('card-refusal').textContent()).toContain('review queue');
      }

      await env.screenshot(page, `${site}-captured`);
      await page.close();
    },
  );
});
