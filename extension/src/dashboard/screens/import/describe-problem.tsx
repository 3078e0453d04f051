import { MessageFailure } from '@/lib/messages';
import { ApiCallError } from '../../api';

/** A failure as the import screen shows it: one sentence, the API's code and status, and every detail line. */
export interface ImportProblem {
  message: string;
  code: string | null;
  status: number | null;
  lines: string[];
}

function describeIssue(issue: unknown): string {
  if (typeof issue !== 'object' || issue === null) return String(issue);
  const { path, column, message } = issue as { path?: unknown; column?: unknown; message?: unknown };
  const where = Array.isArray(path) ? path.join('.') : typeof column === 'string' ? column : '';
  const text = typeof message === 'string' ? message : JSON.stringify(issue);
  return where ? `${where}: ${text}` : text;
}

/** `details` of an API error or of a failed job, as lines a person can act on (issues first, then the facts). */
export function describeDetails(details: unknown): string[] {
  if (typeof details !== 'object' || details === null) return [];
  const lines: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    if (key === 'issues' && Array.isArray(value)) lines.push(...value.map(describeIssue));
    else if (value !== undefined && value !== null) {
      lines.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
    }
  }
  return lines;
}

const statusHints: Record<number, string> = {
  413: 'The file is larger than the server accepts.',
  415: 'The server did not accept the file as CSV.',
  403: 'Your role may not import leads.',
};

export function describeProblem(error: unknown): ImportProblem {
  if (error instanceof ApiCallError) {
    const hint = statusHints[error.status];
    return {
      message: hint && !error.message.includes(hint) ? `${hint} ${error.message}` : error.message,
      code: error.code,
      status: error.status,
      lines: describeDetails(error.details),
    };
  }
  if (error instanceof MessageFailure)
    return { message: error.message, code: error.error.code, status: null, lines: [] };
  return {
    message: error instanceof Error ? error.message : String(error),
    code: null,
    status: null,
    lines: [],
  };
}

export function ProblemBox({
  title,
  problem,
  testId,
}: {
  title: string;
  problem: ImportProblem;
  testId: string;
}) {
  return (
    <div class="ll-imp-problem" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <p>
        {problem.message}
        {problem.code ? (
          <span class="ll-imp-muted">
            {' '}
            ({problem.code}
            {problem.status ? `, ${problem.status}` : ''})
          </span>
        ) : null}
      </p>
      {problem.lines.length > 0 ? (
        <ul>
          {problem.lines.slice(0, 20).map((line, index) => (
            <li key={index}>{line}</li>
          ))}
          {problem.lines.length > 20 ? <li>… and {problem.lines.length - 20} more</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
