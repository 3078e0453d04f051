import { useEffect, useState } from 'preact/hooks';

/** The lead id in `#/leads/<id>`, or null. */
export function readLeadIdFromHash(hash: string): string | null {
  const match = /^#\/leads\/([^/?#]+)$/.exec(hash);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/**
 * PLACEHOLDER: the dashboard (queue, review, rules, funnel, import) is a later issue. This page exists only so the
 * overlay's and notifications' links (`dashboard.html#/leads/<id>`) have a target today.
 */
export function DashboardPlaceholder() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  const leadId = readLeadIdFromHash(hash);
  return (
    <main>
      <h1>Leadlight dashboard</h1>
      <p data-testid="dashboard-placeholder">The dashboard is not built yet (a later issue).</p>
      {leadId ? <p data-testid="dashboard-lead-id">Lead {leadId}</p> : null}
    </main>
  );
}
