import type { SessionState } from '@leadlight/contract';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { MessageFailure, sendRequest } from '@/lib/messages';
import { confirmLeave } from './components/leave-guard';
import { buildHash, canOpen, firstScreenFor, parseHash, type ScreenId, screens } from './routes';
import type { DashboardUser, ScreenProps } from './screen-props';
import { FunnelScreen } from './screens/funnel-screen';
import { ImportScreen } from './screens/import-screen';
import { LeadScreen } from './screens/lead-screen';
import { QueueScreen } from './screens/queue-screen';
import { ReviewScreen } from './screens/review-screen';
import { RulesScreen } from './screens/rules-screen';

const screenComponents: Record<ScreenId, ComponentType<ScreenProps>> = {
  queue: QueueScreen,
  review: ReviewScreen,
  rules: RulesScreen,
  funnel: FunnelScreen,
  import: ImportScreen,
  lead: LeadScreen,
};

/** The address's hash; a move away from a screen holding unsaved edits is undone unless the user confirms it. */
function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    let revertedTo: string | null = null;
    const update = (event: HashChangeEvent) => {
      // Some DOMs (happy-dom) report the undo below as a hashchange of its own: not a move, nothing to ask.
      const isUndo = event.newURL === revertedTo;
      revertedTo = null;
      if (isUndo) return;
      if (confirmLeave()) {
        setHash(new URL(event.newURL).hash);
        return;
      }
      // Put the address back without a history entry; the screen (and its edits) never changed.
      revertedTo = event.oldURL;
      history.replaceState(history.state, '', event.oldURL);
    };
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}

type SessionLoad =
  | { status: 'loading' }
  | { status: 'ready'; session: SessionState }
  | { status: 'error'; message: string };

export function DashboardApp() {
  const [load, setLoad] = useState<SessionLoad>({ status: 'loading' });
  const hash = useHash();

  useEffect(() => {
    sendRequest({ type: 'session.get' })
      .then((session) => setLoad({ status: 'ready', session }))
      .catch((error: unknown) =>
        setLoad({
          status: 'error',
          message: error instanceof MessageFailure ? error.message : String(error),
        }),
      );
  }, []);

  if (load.status === 'loading') return <p class="ll-dash-status">Loading…</p>;
  if (load.status === 'error') return <p role="alert">{load.message}</p>;
  const { session } = load;
  if (!session.isSignedIn || !session.user) {
    return (
      <main class="ll-dash-signed-out" data-testid="dashboard-signed-out">
        <h1>Leadlight</h1>
        <p>Sign in from the Leadlight button in the browser toolbar, then reload this page.</p>
      </main>
    );
  }
  const user: DashboardUser = session.user;
  const route = parseHash(hash);
  const screen = route?.screen ?? firstScreenFor(user.role);
  const navigate = (next: string) => {
    location.hash = next;
  };
  const Screen = screenComponents[screen];
  const spec = screens.find((candidate) => candidate.id === screen);
  const isAllowed = canOpen(screen, user.role);

  return (
    <div class="ll-dash" data-role={user.role}>
      <header class="ll-dash-header">
        <strong class="ll-dash-brand">Leadlight</strong>
        <nav aria-label="Dashboard">
          <ul>
            {screens
              .filter((candidate) => candidate.isInNav && canOpen(candidate.id, user.role))
              .map((candidate) => (
                <li key={candidate.id}>
                  <a
                    href={buildHash(candidate.id)}
                    aria-current={candidate.id === screen ? 'page' : undefined}
                    data-testid={`nav-${candidate.id}`}
                  >
                    {candidate.title}
                  </a>
                </li>
              ))}
          </ul>
        </nav>
        <span class="ll-dash-user">
          {user.name ?? user.email} · {user.role}
        </span>
      </header>
      <main class="ll-dash-main" data-screen={screen}>
        {isAllowed ? (
          <Screen
            route={route ?? { screen, params: [], query: new URLSearchParams() }}
            user={user}
            navigate={navigate}
          />
        ) : (
          <section data-testid="screen-refused" role="alert">
            <h1>{spec?.title ?? 'This screen'}</h1>
            <p>This screen is not available to the {user.role} role. Ask an admin if you need it.</p>
          </section>
        )}
      </main>
    </div>
  );
}
