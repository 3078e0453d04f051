import type { LookupResult, Prospect } from '@leadlight/contract';
import { storage } from '#imports';
import { toLookupQuery } from './api-client';

/*
 * The last lookup answer per prospect, kept for a short time in session storage (memory only, gone when the browser
 * closes; on Chrome readable only by the extension's own pages and worker): a page visited again shows the lead at
 * once instead of after a round trip to the server, and a service worker stopped and started again keeps it.
 * Only "found" and "not found" answers are kept, under the server and user that got them. Any write, sign-in or
 * sign-out clears the whole cache: a card must never show a stage or score older than the user's own change.
 */

export const lookupCacheTtlMs = 60_000;
const maxEntries = 50;

interface CachedLookup {
  key: string;
  storedAt: number;
  result: LookupResult;
}

export const lookupCacheItem = storage.defineItem<CachedLookup[]>('session:lookupCache', {
  fallback: [],
});

export interface LookupCacheOptions {
  now?: () => number;
  ttlMs?: number;
}

/** What identifies an answer: who asked (server + user) and the identities the API is asked about. */
export function createLookupCacheKey(sessionKey: string, prospect: Prospect): string | null {
  const query = toLookupQuery(prospect);
  if (!query) return null;
  query.sort();
  return `${sessionKey}\n${query}`;
}

function isCacheable(result: LookupResult): boolean {
  return result.status === 'found' || result.status === 'not_found';
}

export type LookupCache = ReturnType<typeof createLookupCache>;

export function createLookupCache(options: LookupCacheOptions = {}) {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? lookupCacheTtlMs;
  // Stores one after another, so two lookups answering together do not drop each other's entry.
  let writes: Promise<unknown> = Promise.resolve();
  const serialize = <T>(job: () => Promise<T>): Promise<T> => {
    const result = writes.then(job, job);
    writes = result.catch(() => undefined);
    return result;
  };
  /** Bumped by clear(): an answer fetched before a clear is never stored after it. */
  let generation = 0;

  function pick(entries: readonly CachedLookup[], key: string): LookupResult | null {
    const entry = entries.find((candidate) => candidate.key === key);
    if (!entry) return null;
    const age = now() - entry.storedAt;
    return age >= 0 && age < ttlMs ? entry.result : null;
  }

  function store(key: string, result: LookupResult, startedIn: number): Promise<void> {
    return serialize(async () => {
      if (startedIn !== generation || !isCacheable(result)) return;
      const at = now();
      const kept = (await lookupCacheItem.getValue()).filter(
        (entry) => entry.key !== key && at - entry.storedAt < ttlMs,
      );
      await lookupCacheItem.setValue([{ key, storedAt: at, result }, ...kept].slice(0, maxEntries));
    });
  }

  return {
    /**
     * The cached answer for this session and prospect when younger than the TTL, else `fetchAnswer()`'s, which is
     * then kept. Without a session key (signed out) or identities, nothing is cached.
     * The session key may still be on its way: the kept answers are read meanwhile (each is a storage trip on the
     * path of the overlay's first answer), and a fetched answer is returned without waiting for it to be stored.
     * A cache that cannot be read or written only costs a round trip to the server.
     */
    async lookup(
      sessionKey: string | null | Promise<string | null>,
      prospect: Prospect,
      fetchAnswer: () => Promise<LookupResult>,
    ): Promise<LookupResult> {
      // After any clear() or store already asked for: a write that landed is never answered from before it.
      const entries = writes.then(() => lookupCacheItem.getValue()).catch((): CachedLookup[] => []);
      const resolvedKey = await sessionKey;
      const key = resolvedKey ? createLookupCacheKey(resolvedKey, prospect) : null;
      if (!key) return fetchAnswer();
      const cached = pick(await entries, key);
      if (cached) return cached;
      const startedIn = generation;
      const result = await fetchAnswer();
      void store(key, result, startedIn).catch(() => undefined);
      return result;
    },
    /** Resolves once every store and clear asked for so far is written (a test's stand-in for time passing). */
    async settle(): Promise<void> {
      await writes;
    },
    /** After any write, sign-in or sign-out: every kept answer may be out of date. */
    clear(): Promise<void> {
      generation += 1;
      return serialize(() => lookupCacheItem.removeValue());
    },
  };
}
