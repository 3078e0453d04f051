import type { DbOrTx } from '../db/client';

/**
 * Wakes long-polling alert feeds when an alert is stored for their user. In-process (one API process per database
 * file); several instances behind a balancer would swap this for the database's own notifications (LISTEN/NOTIFY).
 */
export interface AlertNotifier {
  /** Call after the transaction that stored the alerts has committed. */
  notify(userIds: Iterable<string>): void;
  /** Resolves on the user's next alert, after `timeoutMs`, or when `signal` aborts; whichever comes first. */
  waitForAlert(userId: string, timeoutMs: number, signal?: AbortSignal): Promise<void>;
}

export function createAlertNotifier(): AlertNotifier {
  const waiters = new Map<string, Set<() => void>>();
  return {
    notify(userIds) {
      for (const userId of new Set(userIds)) {
        const set = waiters.get(userId);
        if (set === undefined) continue;
        waiters.delete(userId);
        for (const wake of set) wake();
      }
    },
    waitForAlert(userId, timeoutMs, signal) {
      return new Promise((resolve) => {
        let set = waiters.get(userId);
        if (set === undefined) {
          set = new Set();
          waiters.set(userId, set);
        }
        const wake = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', wake);
          const current = waiters.get(userId);
          current?.delete(wake);
          if (current?.size === 0) waiters.delete(userId);
          resolve();
        };
        const timer = setTimeout(wake, timeoutMs);
        set.add(wake);
        if (signal?.aborted) wake();
        else signal?.addEventListener('abort', wake, { once: true });
      });
    },
  };
}

/** One notifier per database handle, so each app (and each test's app) has its own. */
const notifiers = new WeakMap<object, AlertNotifier>();

export function getAlertNotifier(db: DbOrTx): AlertNotifier {
  const key = (db as { $client?: object }).$client ?? db;
  let notifier = notifiers.get(key);
  if (notifier === undefined) {
    notifier = createAlertNotifier();
    notifiers.set(key, notifier);
  }
  return notifier;
}
