import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export type ApiLoad<T> =
  | { status: 'loading'; data?: T }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown; data?: T };

export interface ApiResource<T> {
  load: ApiLoad<T>;
  /** Loads again with the same inputs (after a write, or from a Retry button). */
  reload: () => void;
}

/**
 * Runs `fetcher` whenever `key` changes and keeps the last good data while reloading, so a table does not flash
 * empty between pages. An answer to an older key never overwrites a newer one (fast paging, quick filter changes).
 */
export function useApi<T>(fetcher: () => Promise<T>, key: string): ApiResource<T> {
  const [load, setLoad] = useState<ApiLoad<T>>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);
  const latest = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  useEffect(() => {
    const requestId = ++latest.current;
    setLoad((previous) => ({ status: 'loading', data: previous.data }));
    fetcherRef.current().then(
      (data) => {
        if (requestId === latest.current) setLoad({ status: 'ready', data });
      },
      (error: unknown) => {
        if (requestId === latest.current)
          setLoad((previous) => ({ status: 'error', error, data: previous.data }));
      },
    );
  }, [key, reloads]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return { load, reload };
}
