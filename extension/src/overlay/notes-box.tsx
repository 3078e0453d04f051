import { useEffect, useRef, useState } from 'preact/hooks';
import { sendRequest } from '@/lib/messages';
import { useWrite, WriteStatusLine } from './use-write';

interface NotesBoxProps {
  leadId: string;
  /** Changes each time the keyboard shortcut asks for the notes box: it then takes the focus. */
  focusRequest: number;
  onChanged: () => void;
}

/** A quick note: Ctrl/Cmd+Enter saves. It goes through the outbox, so it is kept even offline. */
export function NotesBox({ leadId, focusRequest, onChanged }: NotesBoxProps) {
  const [text, setText] = useState('');
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const { status, run } = useWrite(onChanged);

  useEffect(() => {
    if (focusRequest > 0) textareaRef.current?.focus();
  }, [focusRequest]);

  async function save() {
    const body = text.trim();
    if (!body || status.state === 'busy') return;
    const isKept = await run(() => sendRequest({ type: 'note.add', leadId, body }), 'Note saved');
    if (isKept) setText('');
  }

  return (
    <section aria-labelledby="ll-notes-title">
      <h3 id="ll-notes-title">Note</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <textarea
          ref={textareaRef}
          data-testid="notes-input"
          aria-label="Note about this prospect"
          aria-describedby="ll-notes-hint"
          rows={3}
          maxLength={10_000}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              void save();
            }
          }}
        />
        <div class="ll-row">
          <button
            type="submit"
            class="ll-primary"
            data-testid="notes-save"
            aria-disabled={status.state === 'busy'}
          >
            Save note
          </button>
          <span id="ll-notes-hint" class="ll-muted">
            Ctrl/⌘+Enter saves
          </span>
        </div>
      </form>
      <WriteStatusLine status={status} testId="notes-status" />
    </section>
  );
}
