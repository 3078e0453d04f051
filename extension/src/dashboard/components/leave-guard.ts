import { useEffect } from 'preact/hooks';

/*
 * Edits that live only in the page (a rules draft not yet saved) would be dropped without a word by a move to another
 * screen, a reload or a closed tab. A screen holding such edits holds the page: the router (app.tsx) asks before any
 * hash move, and the browser asks before the page unloads.
 */

const holds = new Set<{ message: string }>();

/** Holds the page until the returned release is called; `message` is what the user is asked. */
export function holdPage(message: string): () => void {
  const hold = { message };
  holds.add(hold);
  const warn = (event: BeforeUnloadEvent) => event.preventDefault();
  window.addEventListener('beforeunload', warn);
  return () => {
    holds.delete(hold);
    window.removeEventListener('beforeunload', warn);
  };
}

/** Holds the page while `isHeld` (a screen's unsaved changes), released when the screen goes. */
export function useLeaveGuard(isHeld: boolean, message: string): void {
  useEffect(() => (isHeld ? holdPage(message) : undefined), [isHeld, message]);
}

/** Whether the page may move on: true when nothing holds it, else the user's answer to a confirm. */
export function confirmLeave(): boolean {
  const [hold] = holds;
  return hold === undefined || window.confirm(hold.message);
}
