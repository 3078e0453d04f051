import type { Prospect } from '@leadlight/contract';
import { MessageFailure, sendRequest } from '@/lib/messages';
import type { LookupView } from './badge';

/** Asks the background for the prospect's card; a failure becomes the badge's error state, never a throw. */
export async function requestLookup(prospect: Prospect): Promise<LookupView> {
  try {
    return await sendRequest({ type: 'prospect.lookup', prospect });
  } catch (error) {
    return { status: 'error', message: error instanceof MessageFailure ? error.message : 'Lookup failed' };
  }
}

/**
 * Whether the answer to a lookup of `early` (the identity a URL names) is the answer a lookup of `read` (what the
 * page shows) would get. The API tries the email before the LinkedIn URL, then phone, then name + company: a card
 * found by the same LinkedIn URL is the same card unless the page adds an email, which would be tried first.
 */
export function isSameLookupAnswer(early: Prospect, read: Prospect, answer: LookupView): boolean {
  if (early.site !== read.site || !early.linkedinUrl || early.linkedinUrl !== read.linkedinUrl) return false;
  if (read.email) return false;
  // Not found by the URL alone: the name and company the page adds may still name a lead.
  return answer.status === 'found' || answer.status === 'signed_out';
}

/**
 * A lookup started before the overlay renders: its answer when already known (the overlay then shows it in its first
 * frame), else the answer to come.
 */
export type InitialLookup = { answer: LookupView } | { pending: Promise<LookupView> };

/** A lookup under way, and its answer once it has come (read without waiting). */
export interface StartedLookup {
  prospect: Prospect;
  answer: Promise<LookupView>;
  settled: LookupView | null;
}

export function startLookup(prospect: Prospect): StartedLookup {
  const started: StartedLookup = { prospect, answer: requestLookup(prospect), settled: null };
  void started.answer.then((answer) => {
    started.settled = answer;
  });
  return started;
}

/**
 * The lookup for the prospect read from the page: the early one (from the URL) when its answer holds for it, else
 * one started now — before the overlay's first render, not after its first paint.
 */
export function continueLookup(early: StartedLookup | null, read: Prospect): InitialLookup {
  if (!early) return { pending: requestLookup(read) };
  const { settled } = early;
  if (settled) {
    return isSameLookupAnswer(early.prospect, read, settled)
      ? { answer: settled }
      : { pending: requestLookup(read) };
  }
  return {
    pending: early.answer.then((answer) =>
      isSameLookupAnswer(early.prospect, read, answer) ? answer : requestLookup(read),
    ),
  };
}
