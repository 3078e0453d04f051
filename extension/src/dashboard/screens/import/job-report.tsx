import { ImportCancelResponseSchema, type ImportJob } from '@leadlight/contract';
import { useState } from 'preact/hooks';
import { callApi } from '../../api';
import { formatDateTime } from '../../components/format';
import { describeDetails, describeProblem, type ImportProblem, ProblemBox } from './describe-problem';
import { ImportCounts } from './import-counts';
import { RowIssues } from './row-issues';

export function isJobRunning(job: ImportJob): boolean {
  return job.status === 'queued' || job.status === 'running';
}

function JobProgress({ job }: { job: ImportJob }) {
  const { rowsDone, totalRows } = job.progress;
  const label =
    totalRows === null
      ? 'Reading the file…'
      : `${rowsDone.toLocaleString()} of ${totalRows.toLocaleString()} rows`;
  return (
    <div class="ll-imp-progress">
      {/* Without a total (the file is still being counted) the bar is indeterminate. */}
      <progress
        max={totalRows ?? undefined}
        value={totalRows === null ? undefined : rowsDone}
        aria-label="Import progress"
        data-testid="imp-progress"
      />
      <span role="status">{label}</span>
    </div>
  );
}

export const stopImportQuestion =
  'Stop this import? Rows already imported stay; the rest of the file is not imported.';

/**
 * Stops a running job (after the API's current chunk) once the user confirms; answers the job as it stopped, or, for
 * a job the CLI runs in another process that has not stopped yet (202), as it runs with the stop requested.
 */
function StopImportButton({ job, onStopped }: { job: ImportJob; onStopped: (job: ImportJob) => void }) {
  const [isStopping, setIsStopping] = useState(false);
  const [problem, setProblem] = useState<ImportProblem | null>(null);
  const stop = async () => {
    if (isStopping || !window.confirm(stopImportQuestion)) return;
    setIsStopping(true);
    setProblem(null);
    try {
      const answer = await callApi(
        'POST',
        `/imports/${encodeURIComponent(job.id)}/cancel`,
        ImportCancelResponseSchema,
      );
      onStopped(answer.job);
    } catch (error) {
      setProblem(describeProblem(error));
    } finally {
      setIsStopping(false);
    }
  };
  return (
    <div class="ll-imp-actions">
      <button
        type="button"
        class="ll-c-button"
        disabled={isStopping}
        onClick={() => void stop()}
        data-testid="imp-stop-button"
      >
        {isStopping ? 'Stopping…' : `Stop ${job.isDryRun ? 'dry run' : 'import'}`}
      </button>
      {problem ? <ProblemBox title="Could not stop it" problem={problem} testId="imp-stop-error" /> : null}
    </div>
  );
}

function describeJobStatus(job: ImportJob): string {
  const verb = job.isDryRun ? 'Dry run' : 'Import';
  if (isJobRunning(job)) return `${verb} running`;
  if (job.status === 'completed')
    return job.isDryRun ? 'Dry run finished: nothing was stored' : 'Import finished';
  if (job.status === 'cancelled') return `${verb} stopped`;
  return `${verb} failed`;
}

/** What a dry run found or an import did: counts, columns left out, the first rows, and the rows with problems. */
export function JobReport({ job: shown, isStale }: { job: ImportJob; isStale: boolean }) {
  // The stopped job as the cancel answered it, until the screen's own polling shows the same.
  const [stopped, setStopped] = useState<ImportJob | null>(null);
  const job = stopped !== null && stopped.id === shown.id && isJobRunning(shown) ? stopped : shown;
  const isRunning = isJobRunning(job);
  const status = describeJobStatus(job);
  return (
    <section
      class="ll-imp-report"
      aria-label={job.isDryRun ? 'Dry run' : 'Import'}
      data-testid={job.isDryRun ? 'imp-dry-run' : 'imp-import'}
      data-status={job.status}
    >
      <h2>
        {status}
        <span class="ll-imp-muted">
          {' '}
          · {job.fileName ?? 'file'} · {job.mappingName}
        </span>
      </h2>
      {isStale ? (
        <p class="ll-imp-note" data-testid="imp-stale">
          The file, mapping or duplicate handling changed since this dry run: run it again to see their
          effect.
        </p>
      ) : null}
      {isRunning || job.status === 'queued' ? <JobProgress job={job} /> : null}
      {job.status === 'running' && job.cancelRequestedAt ? (
        <p class="ll-imp-note" role="status" data-testid="imp-stop-requested">
          Stop requested at {formatDateTime(job.cancelRequestedAt)}: this import runs in another process (the{' '}
          <code>leadlight import</code> command), which stops after the rows it is storing now.
        </p>
      ) : job.status === 'running' ? (
        <StopImportButton key={job.id} job={job} onStopped={setStopped} />
      ) : null}
      {job.status === 'cancelled' ? (
        <p class="ll-imp-note" role="status" data-testid="imp-cancelled">
          Stopped{job.cancelledAt ? ` at ${formatDateTime(job.cancelledAt)}` : ''} after{' '}
          {job.progress.rowsDone.toLocaleString()}
          {job.progress.totalRows === null ? '' : ` of ${job.progress.totalRows.toLocaleString()}`} rows.{' '}
          {job.isDryRun
            ? 'Nothing was stored.'
            : 'The rows counted below are stored; the rest of the file was not imported.'}
        </p>
      ) : null}
      {job.error ? (
        <ProblemBox
          title={job.isDryRun ? 'The dry run stopped' : 'The import stopped'}
          problem={{
            message: job.error.message,
            code: job.error.code,
            status: null,
            lines: describeDetails(job.error.details),
          }}
          testId="imp-job-error"
        />
      ) : null}
      <ImportCounts progress={job.progress} layout="figures" />
      {job.columns && job.columns.unmapped.length > 0 ? (
        <p class="ll-imp-note" data-testid="imp-unmapped">
          Not imported (neither mapped nor ignored): {job.columns.unmapped.join(', ')}
        </p>
      ) : null}
      {job.columns && job.columns.absent.length > 0 ? (
        // Presets name every column an export may have; a file without some of them is normal.
        <details class="ll-imp-muted" data-testid="imp-absent">
          <summary>{job.columns.absent.length} columns the mapping knows are not in this file</summary>
          <p>{job.columns.absent.join(', ')}</p>
        </details>
      ) : null}
      {job.preview.length > 0 ? (
        <details class="ll-imp-preview-rows">
          <summary>First rows as {job.isDryRun ? 'they would be' : 'they were'} stored</summary>
          <table class="ll-imp-table">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Outcome</th>
                <th scope="col">Name</th>
                <th scope="col">Company</th>
                <th scope="col">Email</th>
                <th scope="col">Stage</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {job.preview.map((row) => (
                <tr key={row.rowNumber}>
                  <td>{row.rowNumber}</td>
                  <td>{row.kind}</td>
                  <td>{row.fullName ?? '–'}</td>
                  <td>{row.companyName ?? '–'}</td>
                  <td>{row.email ?? '–'}</td>
                  <td>{row.stage ?? '–'}</td>
                  <td>{row.score === null ? '–' : `${row.score}${row.grade ? ` (${row.grade})` : ''}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
      {isRunning ? null : <RowIssues job={job} />}
    </section>
  );
}
