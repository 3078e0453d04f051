import { type ImportJob, ImportJobListResponseSchema } from '@leadlight/contract';
import { callApi } from '../../api';
import { ErrorBox } from '../../components/error-box';
import { formatDateTime } from '../../components/format';
import { Loading } from '../../components/loading';
import { useApi } from '../../components/use-api';
import { ImportCountHeaders, ImportCounts } from './import-counts';

function describeStatus(job: ImportJob): string {
  if (job.status === 'completed') return job.isDryRun ? 'Dry run' : 'Imported';
  if (job.status === 'failed') return job.error?.code === 'interrupted' ? 'Interrupted' : 'Failed';
  if (job.status === 'cancelled') return 'Stopped';
  return job.status === 'queued' ? 'Queued' : 'Running';
}

/** The last imports and dry runs (the API keeps 50), newest first; one opens in the report above. */
export function RecentImports({
  refreshKey,
  onOpen,
}: {
  refreshKey: number;
  onOpen: (job: ImportJob) => void;
}) {
  const { load, reload } = useApi(
    () => callApi('GET', '/imports', ImportJobListResponseSchema).then((answer) => answer.items),
    String(refreshKey),
  );
  return (
    <section class="ll-imp-recent" aria-labelledby="ll-imp-recent-title" data-testid="imp-recent">
      <h2 id="ll-imp-recent-title">Recent imports</h2>
      {load.status === 'error' ? (
        <ErrorBox error={load.error} title="Could not load the recent imports" onRetry={reload} />
      ) : null}
      {load.status === 'loading' && !load.data ? <Loading /> : null}
      {load.data && load.data.length === 0 ? <p>No imports yet.</p> : null}
      {load.data && load.data.length > 0 ? (
        <table class="ll-imp-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">File</th>
              <th scope="col">Mapping</th>
              <th scope="col">Result</th>
              <ImportCountHeaders />
              <th scope="col">
                <span class="ll-imp-visually-hidden">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {load.data.map((job) => (
              <tr key={job.id} data-testid="imp-recent-row" data-status={job.status}>
                <td>{formatDateTime(job.createdAt)}</td>
                <td>{job.fileName ?? '–'}</td>
                <td>{job.mappingName}</td>
                <td title={job.error?.message}>{describeStatus(job)}</td>
                <ImportCounts progress={job.progress} layout="cells" />
                <td>
                  <button type="button" class="ll-imp-link" onClick={() => onOpen(job)}>
                    Details
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
