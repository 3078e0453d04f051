import { describe, expect, it } from 'vitest';
import { buildPageDraft } from './capture-draft';

describe('buildPageDraft (context menu)', () => {
  it('reads a right-clicked mailto: link', () => {
    const draft = buildPageDraft({
      linkUrl: 'mailto:ada@example.com?subject=Hi',
      pageUrl: 'https://example.com/team',
    });
    expect(draft).toMatchObject({
      site: 'page',
      pageUrl: 'https://example.com/team',
      email: 'ada@example.com',
    });
  });

  it('reads a selected "Name <email>"', () => {
    const draft = buildPageDraft({
      selectionText: 'Ada Lovelace <ada@example.com>',
      pageUrl: 'https://example.com/',
    });
    expect(draft).toMatchObject({ fullName: 'Ada Lovelace', email: 'ada@example.com' });
  });

  it('opens an empty form rather than guessing when nothing identifies a person', () => {
    expect(buildPageDraft({ selectionText: 'a@x.co, b@y.co', pageUrl: 'https://example.com/' })).toEqual({
      site: 'page',
      pageUrl: 'https://example.com/',
      tags: [],
    });
  });
});
