import {
  type ImportJob,
  type ImportRowIssue,
  type ImportRowKind,
  ImportRowListResponseSchema,
} from '@leadlight/contract';
import { useEffect, useState } from 'preact/hooks';
import { callApi, callApiText } from '../../api';
import { describeProblem, type ImportProblem, ProblemBox } from './describe-problem';

const pageSize = 100;

const kindLabels: Record<ImportRowKind, string> = {
  rejected: 'Rejected',
  review: 'To review',
  duplicate: 'Duplicates',
  merged: 'Merged',
};

function countOf(job: ImportJob, kind: ImportRowKind): number {
  const { progress } = job;
  if (kind === 'duplicate') return progress.duplicates;
  return progress[kind];
}

/**
 * A link that saves the API's CSV of one kind of row (one line per problem) from an object URL: the file is fetched
 * through the background (which holds the token), so a plain link to the API would not be signed in.
 */
export function RowsDownload({ job, kind }: { job: ImportJob; kind: ImportRowKind }) {
  const [url, setUrl] = useState<string | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const [problem, setProblem] = useState<ImportProblem | null>(null);

  useEffect(() => {
    setUrl(null);
    setProblem(null);
  }, [job.id, kind]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  const prepare = async () => {
    setIsLoading(true);
    setProblem(null);
    try {
      const csv = await callApiText(`/imports/${encodeURIComponent(job.id)}/rows`, {
        query: { kind, format: 'csv' },
      });
      setUrl(URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' })));
    } catch (error) {
      setProblem(describeProblem(error));
    } finally {
      setIsLoading(false);
    }
  };

  const baseName = (job.fileName ?? 'import').replace(/\.csv$/i, '');
  return (
    <span class="ll-imp-download">
      {url ? (
        <a href={url} download={`${baseName}-${kind}-rows.csv`} data-testid={`imp-download-${kind}`}>
          Save {kindLabels[kind].toLowerCase()} rows (CSV)
        </a>
      ) : (
        <button
          type="button"
          class="ll-c-button"
          disabled={isLoading}
          onClick={() => void prepare()}
          data-testid={`imp-prepare-${kind}`}
        >
          {isLoading ? 'Preparing…' : `Download ${kindLabels[kind].toLowerCase()} rows (CSV)`}
        </button>
      )}
      {problem ? (
        <ProblemBox title="Could not fetch the rows" problem={problem} testId="imp-download-error" />
      ) : null}
    </span>
  );
}

/** The rows of a job that were not simply accepted, one kind at a time, with why; paged by the API's cursor. */
export function RowIssues({ job }: { job: ImportJob }) {
  const kinds = (Object.keys(kindLabels) as ImportRowKind[]).filter((kind) => countOf(job, kind) > 0);
  const [kind, setKind] = useState<ImportRowKind | null>(kinds[0] ?? null);
  const [items, setItems] = useState<ImportRowIssue[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<ImportProblem | null>(null);
  const [isLoading, setIsLoading] = useState(false);
  const activeKind = kind && kinds.includes(kind) ? kind : (kinds[0] ?? null);

  const load = async (cursor: string | null) => {
    if (!activeKind) return;
    setIsLoading(true);
    setProblem(null);
    try {
      const page = await callApi(
        'GET',
        `/imports/${encodeURIComponent(job.id)}/rows`,
        ImportRowListResponseSchema,
        {
          query: { kind: activeKind, limit: pageSize, cursor },
        },
      );
      setItems((previous) => (cursor === null ? page.items : [...previous, ...page.items]));
      setNextCursor(page.nextCursor);
    } catch (error) {
      setProblem(describeProblem(error));
    } finally {
      setIsLoading(false);
    }
  };

  useEffect(() => {
    setItems([]);
    setNextCursor(null);
    void load(null);
  }, [job.id, activeKind, job.status]);

  if (!activeKind) return null;
  return (
    <section class="ll-imp-rows" aria-label="Rows not simply accepted" data-testid="imp-row-issues">
      <div class="ll-imp-tabs" role="tablist">
        {kinds.map((candidate) => (
          <button
            key={candidate}
            type="button"
            role="tab"
            aria-selected={candidate === activeKind}
            class="ll-imp-tab"
            onClick={() => setKind(candidate)}
            data-testid={`imp-tab-${candidate}`}
          >
            {kindLabels[candidate]} ({countOf(job, candidate)})
          </button>
        ))}
        <RowsDownload job={job} kind={activeKind} />
      </div>
      {problem ? (
        <ProblemBox title="Could not load the rows" problem={problem} testId="imp-rows-error" />
      ) : null}
      <table class="ll-imp-table">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Id in file</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.rowNumber} data-testid="imp-issue-row">
              <td>{item.rowNumber}</td>
              <td>{item.externalId ?? '–'}</td>
              <td>
                <ul class="ll-imp-reasons">
                  {item.messages.map((message, index) => (
                    <li key={index}>
                      <span class="ll-imp-column">{message.column}</span> {message.message}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {isLoading ? <p role="status">Loading rows…</p> : null}
      {nextCursor && !isLoading ? (
        <button type="button" class="ll-c-button" onClick={() => void load(nextCursor)}>
          Show more rows
        </button>
      ) : null}
    </section>
  );
}
