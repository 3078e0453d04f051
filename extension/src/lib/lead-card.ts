import { type LeadCard, LookupResponseSchema } from '@leadlight/contract';

/** The card in the API's lookup answer (contract: LookupResponse), or null when the answer is not one. */
export function readLookupCard(body: unknown): LeadCard | null {
  const parsed = LookupResponseSchema.safeParse(body);
  return parsed.success ? parsed.data.card : null;
}
