import type { CaptureDraftInput } from '@leadlight/contract';
import { readMailtoProspect, readSelectionProspect } from '@/sites/any-page';
import { toCaptureDraft } from './prospect-draft';

/**
 * What a context-menu click gives, read by the any-page adapter: a right-clicked mailto: link wins over the selection.
 * The draft keeps the page URL even when nothing identifies a person, so the form opens empty rather than not at all.
 */
export function buildPageDraft(input: {
  selectionText?: string;
  linkUrl?: string;
  linkText?: string;
  pageUrl: string;
}): CaptureDraftInput {
  let pageUrl: URL;
  try {
    pageUrl = new URL(input.pageUrl);
  } catch {
    pageUrl = new URL('about:blank');
  }
  const prospect =
    (input.linkUrl ? readMailtoProspect(input.linkUrl, pageUrl, input.linkText) : null) ??
    (input.selectionText ? readSelectionProspect(input.selectionText, pageUrl) : null);
  return prospect
    ? toCaptureDraft(prospect)
    : { site: 'page', pageUrl: pageUrl.href.slice(0, 2000), tags: [] };
}
