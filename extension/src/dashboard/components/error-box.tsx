import { ApiCallError } from '../api';

interface IssueLike {
  path?: unknown;
  message?: unknown;
}

/** The API's validation issues (`details.issues`), when it sent any, as "field: message" lines. */
function readIssues(error: unknown): string[] {
  if (!(error instanceof ApiCallError)) return [];
  const issues = (error.details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.slice(0, 5).map((issue: IssueLike) => {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : '';
    const message = typeof issue.message === 'string' ? issue.message : 'invalid';
    return path ? `${path}: ${message}` : message;
  });
}

/** The sentence to show for a failed call: the API's own message when it gave one. */
export function describeError(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'Something went wrong';
}

export interface ErrorBoxProps {
  error: unknown;
  /** What was being done, e.g. "Could not load the queue". */
  title: string;
  onRetry?: () => void;
}

/** An API failure on screen: what failed, the server's message and code, and a way to try again. */
export function ErrorBox({ error, title, onRetry }: ErrorBoxProps) {
  const issues = readIssues(error);
  const code = error instanceof ApiCallError ? error.code : null;
  return (
    <div class="ll-c-error" role="alert" data-testid="error-box">
      <strong>{title}</strong>
      <p data-testid="error-message">
        {describeError(error)}
        {code ? <span class="ll-c-muted"> ({code})</span> : null}
      </p>
      {issues.length > 0 ? (
        <ul>
          {issues.map((issue) => (
            <li key={issue}>{issue}</li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" class="ll-c-button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
