import type { AlertView, OutboxState, Prospect, SessionState, TabMessage } from '@leadlight/contract';
import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import { MessageFailure, sendRequest } from '@/lib/messages';
import { describeOutbox, formatWhen } from '@/overlay/format';
import { SignInForm } from './sign-in-form';

const defaultServerUrl = 'http://localhost:8787';

/** The prospect the current tab's overlay shows, or null (no supported page, or no content script there). */
async function readActiveTabProspect(): Promise<Prospect | null> {
  try {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return null;
    const message: TabMessage = { type: 'overlay.getProspect' };
    const answer = (await browser.tabs.sendMessage(tab.id, message)) as
      | { prospect?: Prospect | null }
      | undefined;
    return answer?.prospect ?? null;
  } catch {
    return null; // no content script in that tab
  }
}

export function PopupApp() {
  const [session, setSession] = useState<SessionState | null>(null);
  const [outbox, setOutbox] = useState<OutboxState | null>(null);
  const [alerts, setAlerts] = useState<AlertView[]>([]);
  const [prospect, setProspect] = useState<Prospect | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load() {
    try {
      setSession(await sendRequest({ type: 'session.get' }));
      setOutbox(await sendRequest({ type: 'outbox.get' }));
      setAlerts(await sendRequest({ type: 'alerts.get' }));
      setProspect(await readActiveTabProspect());
    } catch (failure) {
      setError(failure instanceof MessageFailure ? failure.message : String(failure));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  if (!session) return <p class="ll-muted">{error ?? 'Loading…'}</p>;
  if (!session.isSignedIn) {
    return (
      <main>
        <h1>Leadlight</h1>
        <SignInForm initialUrl={session.serverUrl ?? defaultServerUrl} onSignedIn={() => void load()} />
        <OutboxPanel outbox={outbox} onChange={setOutbox} />
      </main>
    );
  }
  return (
    <main>
      <h1>Leadlight</h1>
      <p data-testid="session-user">
        {session.user?.name ?? session.user?.email} · {session.user?.role}
        <br />
        <span class="ll-muted">{session.serverUrl}</span>
      </p>
      <section aria-labelledby="popup-prospect">
        <h2 id="popup-prospect">On this page</h2>
        <p data-testid="popup-prospect">
          {prospect
            ? [prospect.fullName, prospect.title ?? prospect.headline, prospect.companyName]
                .filter(Boolean)
                .join(' · ')
            : 'No prospect on this page.'}
        </p>
      </section>
      <OutboxPanel outbox={outbox} onChange={setOutbox} />
      <section aria-labelledby="popup-alerts">
        <h2 id="popup-alerts">Recent alerts</h2>
        {alerts.length === 0 ? (
          <p class="ll-muted">No alerts.</p>
        ) : (
          <ul data-testid="popup-alerts">
            {alerts.map((alert) => (
              <li key={alert.id}>
                <button
                  type="button"
                  class="ll-link"
                  onClick={() => void sendRequest({ type: 'dashboard.open', leadId: alert.leadId })}
                >
                  {alert.title}
                </button>{' '}
                {alert.message} <span class="ll-muted">{formatWhen(alert.at)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <button
        type="button"
        data-testid="sign-out"
        onClick={async () => setSession(await sendRequest({ type: 'session.signOut' }))}
      >
        Sign out
      </button>
    </main>
  );
}

function OutboxPanel({
  outbox,
  onChange,
}: {
  outbox: OutboxState | null;
  onChange: (state: OutboxState) => void;
}) {
  if (!outbox) return null;
  const waiting = describeOutbox(outbox);
  return (
    <section aria-labelledby="popup-outbox">
      <h2 id="popup-outbox">Sync</h2>
      <p data-testid="popup-outbox" role="status">
        {waiting ?? 'Everything is synced.'}
      </p>
      {outbox.lastError && outbox.waitingTotal > 0 ? (
        <p class="ll-muted">Last error: {outbox.lastError}</p>
      ) : null}
      {waiting ? (
        <button
          type="button"
          data-testid="outbox-retry"
          onClick={async () => onChange(await sendRequest({ type: 'outbox.retry' }))}
        >
          Retry now
        </button>
      ) : null}
      {outbox.failed.length > 0 ? (
        <ul data-testid="outbox-failed">
          {outbox.failed.map((entry) => (
            <li key={entry.id}>
              {entry.summary} — <span class="ll-warn">{entry.error}</span>{' '}
              <button
                type="button"
                onClick={async () =>
                  onChange(await sendRequest({ type: 'outbox.discard', entryId: entry.id }))
                }
              >
                Discard
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
