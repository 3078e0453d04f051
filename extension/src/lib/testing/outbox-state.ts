import type { OutboxState } from '@leadlight/contract';

/** What the background answers `outbox.get` with when nothing waits: the usual state in component tests. */
export const emptyOutboxState: OutboxState = {
  waiting: { note: 0, followUp: 0, capture: 0, qualification: 0, stage: 0 },
  waitingTotal: 0,
  failed: [],
  nextAttemptAt: null,
  lastError: null,
};
