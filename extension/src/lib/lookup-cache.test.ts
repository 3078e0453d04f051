// @vitest-environment node
import type { LeadCard, LookupResult, Prospect } from '@leadlight/contract';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createLookupCache, createLookupCacheKey, lookupCacheItem, lookupCacheTtlMs } from './lookup-cache';

const ada: Prospect = {
  site: 'linkedin',
  pageUrl: 'https://www.linkedin.com/in/ada/',
  fullName: 'Ada Lovelace',
  linkedinUrl: 'https://www.linkedin.com/in/ada',
};

function found(stage: LeadCard['stage']): LookupResult {
  return {
    status: 'found',
    card: {
      leadId: 'lead-1',
      stage,
      score: 50,
      grade: null,
      contributions: [],
      flags: [],
      nextAction: null,
      attempts: { made: 0, required: 5 },
      sla: { state: 'none' },
      checklist: [],
      history: [],
    },
  };
}

let clock: number;
let calls: number;
const session = 'http://127.0.0.1:8787|rita@example.com';

/** The server's side, scripted: counts how often the cache let a lookup through. */
function answering(result: LookupResult) {
  return async () => {
    calls += 1;
    return result;
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  clock = 1_000_000;
  calls = 0;
});

describe('createLookupCache', () => {
  it('answers a revisit from the cache within the TTL, and asks the server again after it', async () => {
    const cache = createLookupCache({ now: () => clock });
    expect(await cache.lookup(session, ada, answering(found('mql')))).toEqual(found('mql'));
    clock += lookupCacheTtlMs - 1;
    expect(await cache.lookup(session, ada, answering(found('sal')))).toEqual(found('mql'));
    expect(calls).toBe(1);
    clock += 1;
    expect(await cache.lookup(session, ada, answering(found('sal')))).toEqual(found('sal'));
    expect(calls).toBe(2);
  });

  it('survives a service-worker restart (session storage), and clear() forgets everything', async () => {
    const first = createLookupCache({ now: () => clock });
    await first.lookup(session, ada, answering({ status: 'not_found' }));
    await first.settle(); // the answer is stored after it is returned
    const restarted = createLookupCache({ now: () => clock });
    expect(await restarted.lookup(session, ada, answering(found('mql')))).toEqual({ status: 'not_found' });
    expect(calls).toBe(1);
    await restarted.clear();
    expect(await lookupCacheItem.getValue()).toEqual([]);
    expect(await restarted.lookup(session, ada, answering(found('mql')))).toEqual(found('mql'));
    expect(calls).toBe(2);
  });

  it('keeps answers apart per user and per identity; keeps nothing signed out, unreachable or without identities', async () => {
    const cache = createLookupCache({ now: () => clock });
    await cache.lookup(session, ada, answering(found('mql')));
    await cache.lookup('http://127.0.0.1:8787|other@example.com', ada, answering({ status: 'not_found' }));
    await cache.lookup(session, { ...ada, email: 'ada@acme.example' }, answering({ status: 'not_found' }));
    expect(calls).toBe(3);
    await cache.lookup(null, ada, answering({ status: 'signed_out' }));
    await cache.lookup(null, ada, answering({ status: 'signed_out' }));
    const grace: Prospect = { ...ada, linkedinUrl: 'https://www.linkedin.com/in/grace' };
    await cache.lookup(session, grace, answering({ status: 'unreachable', message: 'down' }));
    await cache.lookup(session, grace, answering(found('sal')));
    const anonymous: Prospect = { site: 'gmail', pageUrl: 'https://mail.google.com/' };
    await cache.lookup(session, anonymous, answering({ status: 'not_found' }));
    await cache.lookup(session, anonymous, answering({ status: 'not_found' }));
    expect(calls).toBe(9);
  });

  it('never stores an answer fetched before a clear (a write landed meanwhile)', async () => {
    const cache = createLookupCache({ now: () => clock });
    let release: (() => void) | undefined;
    const slow = cache.lookup(session, ada, async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return found('mql');
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await cache.clear(); // e.g. the user moved the stage while the lookup was in flight
    release?.();
    expect(await slow).toEqual(found('mql'));
    expect(await cache.lookup(session, ada, answering(found('sal')))).toEqual(found('sal'));
  });

  it('takes the session key as a promise, and answers from the cache right after a fetch not yet stored', async () => {
    const cache = createLookupCache({ now: () => clock });
    expect(await cache.lookup(Promise.resolve(session), ada, answering(found('mql')))).toEqual(found('mql'));
    expect(await cache.lookup(Promise.resolve(session), ada, answering(found('sal')))).toEqual(found('mql'));
    expect(calls).toBe(1);
    expect(await cache.lookup(Promise.resolve(null), ada, answering({ status: 'signed_out' }))).toEqual({
      status: 'signed_out',
    });
    expect(calls).toBe(2);
  });

  it('asks the server when the kept answers cannot be read', async () => {
    const cache = createLookupCache({ now: () => clock });
    await cache.lookup(session, ada, answering(found('mql')));
    await cache.settle();
    const original = lookupCacheItem.getValue;
    lookupCacheItem.getValue = () => Promise.reject(new Error('storage is gone'));
    try {
      expect(await cache.lookup(session, ada, answering(found('sal')))).toEqual(found('sal'));
    } finally {
      lookupCacheItem.getValue = original;
    }
    expect(calls).toBe(2);
  });

  it('keys on the identities the API is asked about, not on the page or display fields', () => {
    const key = createLookupCacheKey(session, ada);
    expect(createLookupCacheKey(session, { ...ada, pageUrl: 'https://www.linkedin.com/in/ada/?x=1' })).toBe(
      key,
    );
    expect(createLookupCacheKey(session, { ...ada, headline: 'CTO' })).toBe(key);
    expect(createLookupCacheKey(session, { ...ada, fullName: 'Grace Hopper' })).toBe(key); // no company: unused
    expect(createLookupCacheKey(session, { ...ada, email: 'ada@acme.example' })).not.toBe(key);
    expect(createLookupCacheKey('another|user', ada)).not.toBe(key);
  });
});
