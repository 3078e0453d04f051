import type { ImportJob } from '@leadlight/contract';
import { FigureList } from '../../components/figure-list';

type Progress = ImportJob['progress'];

interface ImportCount {
  key: string;
  label: string;
  read: (progress: Progress) => number | null;
}

/** What a job counted, in the order the report shows it; the total is null while the file is still being read. */
const reportCounts: readonly ImportCount[] = [
  { key: 'total', label: 'Rows', read: (progress) => progress.totalRows },
  { key: 'accepted', label: 'Accepted', read: (progress) => progress.accepted },
  { key: 'review', label: 'To review', read: (progress) => progress.review },
  { key: 'rejected', label: 'Rejected', read: (progress) => progress.rejected },
  { key: 'duplicates', label: 'Duplicates', read: (progress) => progress.duplicates },
  { key: 'merged', label: 'Merged', read: (progress) => progress.merged },
  { key: 'withOutcome', label: 'With outcome', read: (progress) => progress.withOutcome },
];

/** The recent-imports table is narrower: merged rows count as duplicates there, outcomes are left to the report. */
const listCounts: readonly ImportCount[] = [
  ...reportCounts.slice(0, 4),
  { key: 'duplicates', label: 'Duplicates', read: (progress) => progress.duplicates + progress.merged },
];

/**
 * A job's counts: as figures in the import report, or as the cells of one row of the recent-imports table (under
 * ImportCountHeaders).
 */
export function ImportCounts({ progress, layout }: { progress: Progress; layout: 'figures' | 'cells' }) {
  if (layout === 'cells') {
    return (
      <>
        {listCounts.map((count) => (
          <td key={count.key}>{count.read(progress) ?? '–'}</td>
        ))}
      </>
    );
  }
  return (
    <FigureList
      class="ll-imp-counts"
      figures={reportCounts.map((count) => ({
        id: count.key,
        label: count.label,
        // A running job has not counted its rows yet.
        value: count.read(progress) ?? '…',
        testId: `imp-count-${count.key}`,
        class: `ll-imp-count-${count.key}`,
      }))}
    />
  );
}

/** The column headers over ImportCounts' cells. */
export function ImportCountHeaders() {
  return (
    <>
      {listCounts.map((count) => (
        <th key={count.key} scope="col">
          {count.label}
        </th>
      ))}
    </>
  );
}
