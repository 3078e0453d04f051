import type { SessionState } from '@leadlight/contract';
import { useState } from 'preact/hooks';
import { browser } from '#imports';
import { MessageFailure, sendRequest } from '@/lib/messages';

/** The host permission an API server needs; ports are left out (Firefox patterns have none, Chrome ignores them). */
export function toOriginPattern(serverUrl: string): string | null {
  try {
    const url = new URL(serverUrl);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? `${url.protocol}//${url.hostname}/*`
      : null;
  } catch {
    return null;
  }
}

export function SignInForm({
  initialUrl,
  onSignedIn,
}: {
  initialUrl: string;
  onSignedIn: (s: SessionState) => void;
}) {
  const [serverUrl, setServerUrl] = useState(initialUrl);
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  async function runCheck(isSignIn: boolean, permission: Promise<boolean>) {
    setIsBusy(true);
    setMessage(null);
    try {
      if (!(await permission)) {
        setMessage({ kind: 'error', text: 'Leadlight needs permission to reach this server' });
        return;
      }
      const session = await sendRequest(
        isSignIn
          ? { type: 'session.signIn', serverUrl: serverUrl.trim(), token: token.trim() }
          : { type: 'session.test', serverUrl: serverUrl.trim(), token: token.trim() },
      );
      const who = session.user?.name ?? session.user?.email ?? 'unknown user';
      setMessage({ kind: 'ok', text: `Connected as ${who} (${session.user?.role ?? 'no role'})` });
      if (isSignIn) onSignedIn(session);
    } catch (error) {
      setMessage({ kind: 'error', text: error instanceof MessageFailure ? error.message : String(error) });
    } finally {
      setIsBusy(false);
    }
  }

  /**
   * Asks for the server's origin; the browser answers at once, without a prompt, when it is granted already (this
   * machine's servers are, at install). Called inside the click: permissions are granted only during a user gesture.
   */
  function requestPermission(): Promise<boolean> {
    const origin = toOriginPattern(serverUrl.trim());
    if (!origin) return Promise.resolve(true); // the background rejects the URL with a clear message
    return browser.permissions.request({ origins: [origin] }).catch(() => false);
  }

  return (
    <form
      aria-label="Sign in to Leadlight"
      data-testid="sign-in-form"
      onSubmit={(event) => {
        event.preventDefault();
        void runCheck(true, requestPermission());
      }}
    >
      <label class="ll-field">
        Server URL
        <input
          data-testid="server-url"
          type="url"
          required
          value={serverUrl}
          onInput={(event) => setServerUrl(event.currentTarget.value)}
        />
      </label>
      <label class="ll-field">
        API token
        <input
          data-testid="api-token"
          type="password"
          required
          autoComplete="off"
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
      </label>
      <div class="ll-row">
        <button
          type="button"
          data-testid="test-connection"
          disabled={isBusy}
          onClick={() => void runCheck(false, requestPermission())}
        >
          Test connection
        </button>
        <button type="submit" class="ll-primary" data-testid="sign-in" disabled={isBusy}>
          Sign in
        </button>
      </div>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} data-testid="sign-in-message">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
