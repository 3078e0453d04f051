import type { WriteResult } from '@leadlight/contract';
import { useRef, useState } from 'preact/hooks';
import { MessageFailure } from '@/lib/messages';

export type WriteStatus =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; message: string }
  | { state: 'error'; reasons: string[] };

/** Runs one write through the background and turns its answer into what the user reads next to the control. */
export function useWrite(onSent: () => void) {
  const [status, setStatus] = useState<WriteStatus>({ state: 'idle' });
  const isBusy = useRef(false);
  /*
   * Controls stay enabled while a write runs (a disabled button drops the keyboard focus out of the card);
   * a second click meanwhile is ignored here instead.
   */
  async function run(write: () => Promise<WriteResult>, sentMessage: string): Promise<boolean> {
    if (isBusy.current) return false;
    isBusy.current = true;
    setStatus({ state: 'busy' });
    try {
      const result = await write();
      if (result.status === 'rejected') {
        setStatus({ state: 'error', reasons: result.reasons });
        return false;
      }
      setStatus({
        state: 'done',
        message:
          result.status === 'sent'
            ? sentMessage
            : `${sentMessage} offline — it will sync when the server is back`,
      });
      if (result.status === 'sent') onSent();
      return true;
    } catch (error) {
      setStatus({
        state: 'error',
        reasons: [error instanceof MessageFailure ? error.message : 'Leadlight could not save this'],
      });
      return false;
    } finally {
      isBusy.current = false;
    }
  }
  return { status, run };
}

export function WriteStatusLine({ status, testId }: { status: WriteStatus; testId: string }) {
  if (status.state === 'done') {
    return (
      <p class="ll-muted" role="status" data-testid={testId}>
        {status.message}
      </p>
    );
  }
  if (status.state === 'error') {
    return (
      <ul class="ll-errors" role="alert" data-testid={testId}>
        {status.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
    );
  }
  return null;
}
