import { type RulesetVersionSummary, type Team, teams, type User } from '@leadlight/contract';
import { useState } from 'preact/hooks';
import { ApiCallError } from '../../api';
import { describeError, formatDateTime } from './format';
import { rulesApi } from './rules-api';

/*
 * Sign-off as the API enforces it: one approval from sales and one from marketing, the author's own not counting
 * (the API refuses it); an edit voids them. Admins activate an approved version (every lead is rescored) or retire
 * one nobody will activate.
 */

const teamLabels: Record<Team, string> = { sales: 'Sales', marketing: 'Marketing' };

type Pending = 'approve' | 'activate' | 'retire' | null;

const activationPollMs = 3000;
const activationWaitMs = 10 * 60_000;

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Activation rescores every lead in one transaction, which on a large database outlasts the background's request
 * timeout. When no HTTP answer came back, the server may still be working: the version's state says how it ended.
 */
async function activateAndWait(version: RulesetVersionSummary): Promise<string> {
  try {
    const answer = await rulesApi.activate(version.rulesetId, version.version);
    return `Activated: ${answer.rescoredLeads} leads rescored${answer.previous ? `, ${answer.previous} retired` : ''}.`;
  } catch (error) {
    if (error instanceof ApiCallError) throw error;
    const deadline = Date.now() + activationWaitMs;
    while (Date.now() < deadline) {
      await sleep(activationPollMs);
      const { ruleset } = await rulesApi.getVersion(version.rulesetId, version.version).catch(() => ({
        ruleset: null,
      }));
      if (ruleset?.state === 'active') return 'Activated: every lead was rescored.';
      if (ruleset && ruleset.state !== 'approved') throw new Error(`The version is now ${ruleset.state}`);
    }
    throw error;
  }
}

export function ApprovalsPanel({
  version,
  me,
  role,
  onChanged,
}: {
  version: RulesetVersionSummary;
  me: User | null;
  role: string;
  onChanged: (message: string) => void;
}) {
  const [pending, setPending] = useState<Pending>(null);
  const [confirming, setConfirming] = useState<'activate' | 'retire' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isOpen = version.state === 'draft' || version.state === 'approved';
  const isAuthor = me !== null && version.authorId === me.id;
  const hasApproved = me !== null && version.approvals.some((approval) => approval.userId === me.id);
  const isAdmin = role === 'admin';

  const act = (action: Exclude<Pending, null>, run: () => Promise<string>) => {
    setPending(action);
    setError(null);
    run()
      .then((message) => {
        setConfirming(null);
        onChanged(message);
      })
      .catch((reason: unknown) => {
        const missing =
          reason instanceof ApiCallError
            ? (reason.details as { missingApprovals?: unknown } | undefined)?.missingApprovals
            : undefined;
        setError(
          `${describeError(reason)}${Array.isArray(missing) && missing.length > 0 ? ` (missing: ${missing.join(', ')})` : ''}`,
        );
      })
      .finally(() => setPending(null));
  };

  let approveHint: string | null = null;
  if (!isOpen) approveHint = `A ${version.state} version takes no approvals.`;
  else if (isAuthor)
    approveHint = 'You wrote this version: your own approval does not count. Ask a colleague.';
  else if (hasApproved) approveHint = 'You approved this version.';

  return (
    <section class="ll-rules-panel" aria-labelledby="ll-rules-approvals-title" data-testid="approvals-panel">
      <h2 id="ll-rules-approvals-title">Approvals</h2>
      <p data-testid="approval-state">
        State: <strong>{version.state}</strong>
        {isOpen
          ? version.missingApprovals.length === 0
            ? ' — approved by both teams; an admin can activate it.'
            : ` — still needs ${version.missingApprovals.map((team) => teamLabels[team].toLowerCase()).join(' and ')}.`
          : ''}
      </p>
      <table>
        <caption>One approval from each team, not the author's</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col">Approved by</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) => {
            const approvals = version.approvals.filter((approval) => approval.team === team);
            return (
              <tr key={team} data-testid={`approval-${team}`}>
                <th scope="row">{teamLabels[team]}</th>
                <td>
                  {approvals.length === 0 ? (
                    <span class="ll-rules-missing">Missing</span>
                  ) : (
                    approvals.map((approval) => (
                      <span key={approval.userId} class="ll-rules-approval">
                        {approval.userName} ({formatDateTime(approval.approvedAt)})
                      </span>
                    ))
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {approveHint ? (
        <p class="ll-rules-hint" data-testid="approve-hint">
          {approveHint}
        </p>
      ) : null}
      <div class="ll-rules-actions">
        <button
          type="button"
          data-testid="approve"
          disabled={!isOpen || isAuthor || hasApproved || pending !== null}
          onClick={() =>
            act('approve', async () => {
              const { ruleset } = await rulesApi.approve(version.rulesetId, version.version);
              return ruleset.state === 'approved'
                ? 'Approved: both teams have signed off.'
                : `Approved for ${me ? teamLabels[me.team].toLowerCase() : 'your team'}.`;
            })
          }
        >
          {pending === 'approve' ? 'Approving…' : 'Approve'}
        </button>
        {isAdmin && version.state === 'approved' ? (
          <button
            type="button"
            data-testid="activate"
            disabled={pending !== null}
            onClick={() => setConfirming('activate')}
          >
            Activate…
          </button>
        ) : null}
        {isAdmin && isOpen ? (
          <button
            type="button"
            data-testid="retire"
            disabled={pending !== null}
            onClick={() => setConfirming('retire')}
          >
            Retire…
          </button>
        ) : null}
      </div>
      {isAdmin && version.state === 'draft' ? (
        <p class="ll-rules-hint">Activation becomes possible once both teams have approved.</p>
      ) : null}
      {confirming ? (
        <fieldset class="ll-rules-confirm">
          <legend>Confirm</legend>
          <p>
            {confirming === 'activate'
              ? `Activate ${version.key}? The active ruleset is retired and every lead is rescored now.`
              : `Retire ${version.key}? It can no longer be approved or activated (a new draft can restore it).`}
          </p>
          <button
            type="button"
            data-testid={`confirm-${confirming}`}
            disabled={pending !== null}
            onClick={() =>
              confirming === 'activate'
                ? act('activate', () => activateAndWait(version))
                : act('retire', async () => {
                    await rulesApi.retire(version.rulesetId, version.version);
                    return 'Retired.';
                  })
            }
          >
            {pending === 'activate'
              ? 'Activating and rescoring every lead…'
              : confirming === 'activate'
                ? 'Confirm activation'
                : 'Confirm retirement'}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </fieldset>
      ) : null}
      {error ? (
        <p role="alert" data-testid="approvals-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}
