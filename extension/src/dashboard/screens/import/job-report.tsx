import type { ImportJob } from '@leadlight/contract';
import { describeDetails, ProblemBox } from './describe-problem';
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

/** What a dry run found or an import did: counts, columns left out, the first rows, and the rows with problems. */
export function JobReport({ job, isStale }: { job: ImportJob; isStale: boolean }) {
  const isRunning = isJobRunning(job);
  const verb = job.isDryRun ? 'Dry run' : 'Import';
  const status = isRunning
    ? `${verb} running`
    : job.status === 'completed'
      ? job.isDryRun
        ? 'Dry run finished: nothing was stored'
        : 'Import finished'
      : `${verb} failed`;
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
