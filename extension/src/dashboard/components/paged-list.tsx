import { useCallback, useState } from 'preact/hooks';

/**
 * Keyset paging as the API does it: each page answers a `nextCursor`; going back replays the cursor that opened the
 * previous page. The cursors seen so far are kept, so Previous never asks the API to count or offset.
 */
export interface CursorPages {
  /** The cursor of the page on screen (undefined: the first page). */
  cursor: string | undefined;
  pageNumber: number;
  goNext: (nextCursor: string) => void;
  goPrevious: () => void;
  /** Back to the first page (a filter changed). */
  reset: () => void;
}

export function useCursorPages(): CursorPages {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const goNext = useCallback((nextCursor: string) => setStack((previous) => [...previous, nextCursor]), []);
  const goPrevious = useCallback(
    () => setStack((previous) => (previous.length > 1 ? previous.slice(0, -1) : previous)),
    [],
  );
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor: stack[stack.length - 1], pageNumber: stack.length, goNext, goPrevious, reset };
}

export interface PagerProps {
  pages: CursorPages;
  nextCursor: string | null | undefined;
  /** Items on the page on screen. */
  count: number;
  isBusy?: boolean;
  /** Names the navigation landmark, e.g. "Review queue pages". */
  label: string;
}

/** Previous / Next for a cursor-paged list, with the page number and what is on screen. */
export function Pager({ pages, nextCursor, count, isBusy = false, label }: PagerProps) {
  return (
    <nav class="ll-c-pager" aria-label={label}>
      <button
        type="button"
        class="ll-c-button"
        disabled={isBusy || pages.pageNumber <= 1}
        onClick={pages.goPrevious}
        data-testid="page-previous"
      >
        Previous
      </button>
      <span aria-live="polite" data-testid="page-status">
        Page {pages.pageNumber} · {count} {count === 1 ? 'lead' : 'leads'}
        {nextCursor ? ' · more on the next page' : ''}
      </span>
      <button
        type="button"
        class="ll-c-button"
        disabled={isBusy || !nextCursor}
        onClick={() => {
          if (nextCursor) pages.goNext(nextCursor);
        }}
        data-testid="page-next"
      >
        Next
      </button>
    </nav>
  );
}

export const pageSizes = [25, 50, 100, 200] as const;

export interface PageSizeSelectProps {
  value: number;
  onChange: (size: number) => void;
  id: string;
}

/** How many leads per page (the API allows 1–200). */
export function PageSizeSelect({ value, onChange, id }: PageSizeSelectProps) {
  return (
    <span class="ll-c-field">
      <label for={id}>Per page</label>
      <select
        id={id}
        value={String(value)}
        onChange={(event) => onChange(Number((event.currentTarget as HTMLSelectElement).value))}
      >
        {pageSizes.map((size) => (
          <option key={size} value={String(size)}>
            {size}
          </option>
        ))}
      </select>
    </span>
  );
}
