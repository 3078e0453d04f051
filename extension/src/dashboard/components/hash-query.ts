import { buildHash, type ScreenId } from '../routes';

/**
 * Writes a screen's filters into the address without a new history entry or a hashchange: a reload or a shared link
 * opens the same view, and Back still leaves the screen instead of undoing filters one by one.
 */
export function replaceHashQuery(screen: ScreenId, query: Record<string, string | undefined>): void {
  const kept = Object.fromEntries(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  history.replaceState(history.state, '', buildHash(screen, [], kept));
}

/** A query value when it is one of `allowed`, else the fallback (a hand-edited address must not break the screen). */
export function readChoice<T extends string>(
  query: URLSearchParams,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = query.get(key);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}
