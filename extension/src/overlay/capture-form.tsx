import type { CaptureDraft, CaptureDraftInput, CaptureResult } from '@leadlight/contract';
import { useState } from 'preact/hooks';
import { MessageFailure, sendRequest } from '@/lib/messages';

type EditableField =
  | 'fullName'
  | 'title'
  | 'companyName'
  | 'companyDomain'
  | 'email'
  | 'linkedinUrl'
  | 'phone';

// Plain text inputs: the API's gate judges the values and explains, rather than the browser's own validation.
const fields: {
  key: EditableField;
  label: string;
  inputMode?: 'email' | 'url' | 'tel';
  maxLength: number;
}[] = [
  { key: 'fullName', label: 'Name', maxLength: 200 },
  { key: 'title', label: 'Title', maxLength: 300 },
  { key: 'companyName', label: 'Company', maxLength: 200 },
  { key: 'companyDomain', label: 'Company domain', maxLength: 253 },
  { key: 'email', label: 'Email', inputMode: 'email', maxLength: 320 },
  { key: 'linkedinUrl', label: 'LinkedIn URL', inputMode: 'url', maxLength: 500 },
  { key: 'phone', label: 'Phone', inputMode: 'tel', maxLength: 50 },
];

export function parseTags(text: string): string[] {
  const tags = text
    .split(',')
    .map((tag) => tag.trim().slice(0, 60))
    .filter(Boolean);
  return [...new Set(tags)].slice(0, 50);
}

interface CaptureFormProps {
  draft: CaptureDraftInput;
  /** After a capture the API took (or the outbox kept), with what was sent. */
  onDone: (result: CaptureResult, sent: CaptureDraft) => void;
  /** After the API refused the capture (its gate may keep the lead for review): the reasons it gave. */
  onRefused?: (reasons: string[]) => void;
}

/** "Capture as lead": prefilled from the page, every field editable; the gate's reasons appear inline. */
export function CaptureForm({ draft, onDone, onRefused }: CaptureFormProps) {
  const [values, setValues] = useState<Record<EditableField, string>>(() => ({
    fullName: draft.fullName ?? '',
    title: draft.title ?? '',
    companyName: draft.companyName ?? '',
    companyDomain: draft.companyDomain ?? '',
    email: draft.email ?? '',
    linkedinUrl: draft.linkedinUrl ?? '',
    phone: draft.phone ?? '',
  }));
  const [tags, setTags] = useState((draft.tags ?? []).join(', '));
  const [isBusy, setIsBusy] = useState(false);
  const [reasons, setReasons] = useState<string[]>([]);
  const [notice, setNotice] = useState<string | null>(null);

  async function submit() {
    if (isBusy) return;
    setIsBusy(true);
    setReasons([]);
    setNotice(null);
    const edited: CaptureDraft = { site: draft.site, pageUrl: draft.pageUrl, tags: parseTags(tags) };
    for (const { key } of fields) {
      const value = values[key].trim();
      if (value) edited[key] = value;
    }
    try {
      const result = await sendRequest({ type: 'lead.capture', draft: edited });
      if (result.status === 'rejected') {
        setReasons(result.reasons);
        onRefused?.(result.reasons);
      } else {
        if (result.status === 'queued')
          setNotice('Saved offline — the lead will be captured when the server is back');
        if (result.status === 'duplicate') setNotice('This person is already a lead');
        onDone(result, edited);
      }
    } catch (error) {
      setReasons([error instanceof MessageFailure ? error.message : 'Leadlight could not capture this lead']);
    } finally {
      setIsBusy(false);
    }
  }

  return (
    <form
      data-testid="capture-form"
      aria-label="Capture as lead"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      {fields.map((field) => (
        <label key={field.key} class="ll-field">
          {field.label}
          <input
            data-testid={`capture-${field.key}`}
            type="text"
            inputMode={field.inputMode}
            maxLength={field.maxLength}
            value={values[field.key]}
            onInput={(event) => {
              const value = event.currentTarget.value;
              setValues((current) => ({ ...current, [field.key]: value }));
            }}
          />
        </label>
      ))}
      <label class="ll-field">
        Tags (comma-separated)
        <input
          data-testid="capture-tags"
          value={tags}
          onInput={(event) => setTags(event.currentTarget.value)}
        />
      </label>
      {reasons.length > 0 ? (
        <ul class="ll-errors" role="alert" data-testid="capture-reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {notice ? (
        <p role="status" class="ll-muted" data-testid="capture-notice">
          {notice}
        </p>
      ) : null}
      <button type="submit" class="ll-primary" data-testid="capture-submit" aria-disabled={isBusy}>
        Capture as lead
      </button>
    </form>
  );
}
