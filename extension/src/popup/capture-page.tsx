import { type CaptureDraftInput, CaptureDraftSchema, type CaptureResult } from '@leadlight/contract';
import { useEffect, useState } from 'preact/hooks';
import { captureTagsItem } from '@/lib/storage';
import { CaptureForm } from '@/overlay/capture-form';

/** The draft the context menu put in the page's hash; anything unreadable gives an empty form, not an error. */
export function readDraftFromHash(hash: string): CaptureDraftInput {
  try {
    const parsed = CaptureDraftSchema.safeParse(JSON.parse(decodeURIComponent(hash.replace(/^#/, ''))));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to an empty draft
  }
  return { site: 'page', pageUrl: '', tags: [] };
}

/** "Capture as lead" from the context menu on any page, in a small extension window (marketers add tags here). */
export function CapturePage({ hash }: { hash: string }) {
  const [draft, setDraft] = useState<CaptureDraftInput | null>(null);
  const [result, setResult] = useState<CaptureResult | null>(null);

  useEffect(() => {
    // Marketers tag captures by campaign: offer the tags used last time.
    const fromPage = readDraftFromHash(hash);
    void captureTagsItem
      .getValue()
      .catch(() => [])
      .then((tags) => setDraft({ ...fromPage, tags: fromPage.tags?.length ? fromPage.tags : tags }));
  }, [hash]);

  if (!draft) return null;
  return (
    <main>
      <h1>Capture as lead</h1>
      {result && result.status !== 'rejected' ? (
        <p role="status" data-testid="capture-done">
          {result.status === 'created'
            ? 'Lead captured.'
            : result.status === 'duplicate'
              ? 'This person is already a lead.'
              : 'Saved offline: the lead will be captured when the server is back.'}
        </p>
      ) : null}
      <CaptureForm
        draft={draft}
        onDone={(captured, sent) => {
          setResult(captured);
          void captureTagsItem.setValue(sent.tags);
        }}
      />
    </main>
  );
}
